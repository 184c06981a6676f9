"""Routine-level contraindications: which routines a screening's answers rule out even when they
press on no excluded region. Pure: imports nothing from django.db."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

NECK_MOVEMENT = "neck_movement"
JAW_WORK = "jaw_work"
SUPINE = "supine"
FIRM_PRESSURE = "firm_pressure"
CODES = (NECK_MOVEMENT, JAW_WORK, SUPINE, FIRM_PRESSURE)
SOFT_BALL = "soft_foam_ball"
ANTICOAGULANT_HOLD_MAX = 45
NECK_REGIONS = {"neck_back", "neck_side_left", "neck_side_right", "neck_front"}


def limits_for(answers: Mapping[str, Any] | None) -> frozenset[str]:
    if not answers:
        return frozenset()
    out = set()
    fractures = set(answers.get("recent_fracture_regions") or ())
    if fractures & NECK_REGIONS or answers.get("head_injury", "none") != "none":
        out.add(NECK_MOVEMENT)
    over_50 = (answers.get("age") or 0) > 50
    if over_50 and (answers.get("jaw_claudication") or answers.get("scalp_tenderness")):
        out.add(JAW_WORK)
    if answers.get("pregnancy") == "pregnant":
        out.add(SUPINE)
    if answers.get("anticoagulant"):
        out.add(FIRM_PRESSURE)
    return frozenset(out)


@dataclass(frozen=True)
class Offer:
    allowed: bool
    reason: str
    tools: tuple[str, ...]
    hold_seconds_max: int | None


def offer(routine, limits: frozenset[str]) -> Offer:
    blocked = [c for c in getattr(routine, "contraindications", ()) if c in limits]
    if blocked:
        return Offer(False, "Paused by your safety check.", (), None)
    if FIRM_PRESSURE in limits and routine.regions:
        if SOFT_BALL not in routine.tools:
            return Offer(False, "Paused while you take a blood thinner.", (), None)
        return Offer(True, "", (SOFT_BALL,), ANTICOAGULANT_HOLD_MAX)
    return Offer(True, "", tuple(routine.tools), None)
