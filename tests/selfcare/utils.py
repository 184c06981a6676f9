"""Plain helpers for the self-care tests."""

from itertools import count

from selfcare.library import CONTENT_FILE, parse, validate_library
from selfcare.models import HomePlan, Routine
from selfcare.services import Dose, library_load, plan_save
from triage.questions import ALL_CLEAR
from triage.services import screening_submit

_seq = count(1)


def load_library():
    routines, problems = validate_library(parse(CONTENT_FILE.read_bytes()))
    assert not problems
    return library_load(routines, unpublish_missing=True)


def make_routine(**overrides) -> Routine:
    n = next(_seq)
    fields = {
        "slug": f"test-routine-{n}",
        "title": f"Test routine {n}",
        "regions": ["upper_back"],
        "tools": ["tennis_ball"],
        "position": "wall",
        "steps": ["Lean on the ball.", "Hold until it softens."],
        "hold_seconds_min": 30,
        "hold_seconds_max": 90,
        "hold_seconds_default": 60,
        "spots_per_side": 2,
        "sides": "both",
        "frequency": "daily",
    }
    fields.update(overrides)
    return Routine.objects.create(**fields)


def dose(routine: Routine | str, **overrides) -> Dose:
    if isinstance(routine, str):
        routine = Routine.objects.get(slug=routine)
    fields = {
        "hold_seconds": routine.hold_seconds_default,
        "spots_per_side": routine.spots_per_side,
        "sides": routine.sides,
        "frequency": routine.frequency,
    }
    fields.update(overrides)
    return Dose(routine=routine, **fields)


def make_plan(patient, therapist, routines, **overrides) -> HomePlan:
    plan, _ = plan_save(
        patient=patient, therapist=therapist, doses=[dose(r, **overrides) for r in routines]
    )
    return plan


def screen(patient, **answers):
    """A full screening with the all-clear answers, changed by `answers`."""
    return screening_submit(patient=patient, answers={**ALL_CLEAR, **answers})
