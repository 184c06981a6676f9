"""Contraindications that belong to routines, not only to the regions they press on.

A screening's raw answers (the triage contract's answer dict) give a set of limit codes; each
routine names the codes that rule it out (Routine.contraindications). `offer` says what of one
routine may still be offered under a set of limits. Pure: no database, no Django models.
See docs/clinical.md ("Routine safety") for the reasons behind each code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

NECK_MOVEMENT = "neck_movement"
JAW_WORK = "jaw_work"
SUPINE = "supine"
FIRM_PRESSURE = "firm_pressure"
CODES = (NECK_MOVEMENT, JAW_WORK, SUPINE, FIRM_PRESSURE)

# selfcare.models.Tool.SOFT_FOAM_BALL (a test keeps the two equal; this module stays pure).
SOFT_BALL = "soft_foam_ball"
ANTICOAGULANT_HOLD_MAX = 45

NECK_REGIONS = frozenset({"neck_back", "neck_side_left", "neck_side_right", "neck_front"})
GCA_AGE_OVER = 50

REASONS = {
    NECK_MOVEMENT: "Neck movements are paused after a neck fracture or a recent head injury.",
    JAW_WORK: "Jaw, temple and scalp work is paused until a doctor has checked the jaw pain on "
    "chewing or the tender scalp.",
    SUPINE: "Routines lying flat on your back are paused in pregnancy.",
    FIRM_PRESSURE: "With a blood thinner only the soft ball is used, and this routine cannot be "
    "done with it.",
}


LABELS = {
    NECK_MOVEMENT: "Moves the neck or presses on it (paused after a neck fracture or a recent "
    "head injury)",
    JAW_WORK: "Works the jaw, temples or scalp (paused when a doctor should first check jaw pain "
    "on chewing or a tender scalp)",
    SUPINE: "Done lying on the back (paused in pregnancy)",
    FIRM_PRESSURE: "Presses with a ball or fingers (with a blood thinner, soft ball only)",
}
JAW_SCALP_REGIONS = frozenset({"jaw_left", "jaw_right", "scalp"})


def implied(regions, position: str) -> frozenset[str]:
    """The codes a routine carries whatever its author ticked: pressure anywhere, pressure on
    the neck, the jaw or the scalp, and routines done on the floor (lying on the back)."""
    regions = set(regions or ())
    codes = set()
    if regions:
        codes.add(FIRM_PRESSURE)
    if regions & NECK_REGIONS:
        codes.add(NECK_MOVEMENT)
    if regions & JAW_SCALP_REGIONS:
        codes.add(JAW_WORK)
    if position == "floor":
        codes.add(SUPINE)
    return frozenset(codes)


def _flag(answers: Mapping[str, Any], key: str) -> bool:
    return answers.get(key) is True


def limits_for(answers: Mapping[str, Any] | None) -> frozenset[str]:
    """The contraindication codes that a screening's raw answers rule out. Missing keys count
    as the all-clear answer; None or {} gives no limits."""
    if not answers:
        return frozenset()
    limits: set[str] = set()
    fractures = answers.get("recent_fracture_regions") or ()
    head_injury = answers.get("head_injury")
    if NECK_REGIONS & set(fractures) or head_injury not in (None, "none"):
        limits.add(NECK_MOVEMENT)
    age = answers.get("age")
    over_50 = isinstance(age, int) and not isinstance(age, bool) and age > GCA_AGE_OVER
    if over_50 and (_flag(answers, "jaw_claudication") or _flag(answers, "scalp_tenderness")):
        limits.add(JAW_WORK)
    # The answers carry no week count, so any pregnancy is treated as past 20 weeks.
    if answers.get("pregnancy") == "pregnant":
        limits.add(SUPINE)
    if _flag(answers, "anticoagulant"):
        limits.add(FIRM_PRESSURE)
    return frozenset(limits)


@dataclass(frozen=True)
class Offer:
    """What of one routine may be offered under a set of limits."""

    allowed: bool
    reason: str
    tools: tuple[str, ...]
    hold_seconds_max: int | None


def _not_allowed(code: str) -> Offer:
    return Offer(allowed=False, reason=REASONS[code], tools=(), hold_seconds_max=None)


def offer(routine: Any, limits: frozenset[str]) -> Offer:
    """What of `routine` (anything with .contraindications, .tools and .regions) may be offered.

    A routine that names a limit among its contraindications is not offered. FIRM_PRESSURE
    changes the dose rather than ruling a routine out: a pressure routine (one that presses on
    a region, or names FIRM_PRESSURE) is offered only with the soft ball and holds of at most
    45 seconds, and not at all if it cannot be done with the soft ball."""
    own = set(routine.contraindications or ())
    for code in CODES:
        if code != FIRM_PRESSURE and code in limits and code in own:
            return _not_allowed(code)
    tools = tuple(routine.tools or ())
    pressure = bool(routine.regions) or FIRM_PRESSURE in own
    if FIRM_PRESSURE in limits and pressure:
        if SOFT_BALL not in tools:
            return _not_allowed(FIRM_PRESSURE)
        return Offer(
            allowed=True, reason="", tools=(SOFT_BALL,), hold_seconds_max=ANTICOAGULANT_HOLD_MAX
        )
    return Offer(allowed=True, reason="", tools=tools, hold_seconds_max=None)
