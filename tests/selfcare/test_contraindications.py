"""selfcare.contraindications: which screening answers rule a routine out, and what of a
routine may still be offered. Pure: no database."""

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from selfcare import contraindications as c
from selfcare.models import Tool
from triage.questions import ALL_CLEAR


@dataclass
class FakeRoutine:
    regions: list = field(default_factory=list)
    tools: list = field(default_factory=lambda: ["none"])
    contraindications: list = field(default_factory=list)


def test_the_all_clear_answers_and_no_answers_give_no_limits():
    assert c.limits_for(ALL_CLEAR) == frozenset()
    assert c.limits_for(None) == frozenset()
    assert c.limits_for({}) == frozenset()


@pytest.mark.parametrize(
    ("answers", "limits"),
    [
        ({"recent_fracture_regions": ["neck_back"]}, {c.NECK_MOVEMENT}),
        ({"recent_fracture_regions": ["neck_side_left"]}, {c.NECK_MOVEMENT}),
        ({"recent_fracture_regions": ["neck_side_right"]}, {c.NECK_MOVEMENT}),
        ({"recent_fracture_regions": ["neck_front"]}, {c.NECK_MOVEMENT}),
        ({"recent_fracture_regions": ["shoulder_left"]}, set()),
        ({"head_injury": "last_7_days"}, {c.NECK_MOVEMENT}),
        ({"head_injury": "last_3_months"}, {c.NECK_MOVEMENT}),
        ({"age": 51, "jaw_claudication": True}, {c.JAW_WORK}),
        ({"age": 72, "scalp_tenderness": True}, {c.JAW_WORK}),
        ({"age": 50, "jaw_claudication": True, "scalp_tenderness": True}, set()),
        ({"age": 80}, set()),
        ({"pregnancy": "pregnant"}, {c.SUPINE}),
        ({"pregnancy": "postpartum"}, set()),
        ({"anticoagulant": True}, {c.FIRM_PRESSURE}),
        (
            {
                "age": 66,
                "scalp_tenderness": True,
                "anticoagulant": True,
                "head_injury": "last_3_months",
            },
            {c.JAW_WORK, c.FIRM_PRESSURE, c.NECK_MOVEMENT},
        ),
    ],
)
def test_each_answer_gives_exactly_its_limits(answers, limits):
    assert c.limits_for({**ALL_CLEAR, **answers}) == limits


def test_answers_with_missing_keys_still_give_the_limits_they_show():
    assert c.limits_for({"anticoagulant": True}) == {c.FIRM_PRESSURE}
    assert c.limits_for({"recent_fracture_regions": ["neck_back"]}) == {c.NECK_MOVEMENT}
    assert c.limits_for({"jaw_claudication": True}) == frozenset()  # no age, no GCA group


def test_the_soft_ball_is_the_real_tool_code_and_every_code_is_listed():
    assert c.SOFT_BALL == Tool.SOFT_FOAM_BALL
    assert set(c.CODES) == {c.NECK_MOVEMENT, c.JAW_WORK, c.SUPINE, c.FIRM_PRESSURE}
    assert set(c.REASONS) == set(c.CODES)


def test_the_module_imports_nothing_from_the_database_layer():
    tree = ast.parse(Path(c.__file__).read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [name for name in names if name.startswith(("django", "selfcare.models"))]


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (c.NECK_MOVEMENT, "neck"),
        (c.JAW_WORK, "jaw"),
        (c.SUPINE, "back"),
    ],
)
def test_a_routine_that_names_a_limit_is_not_offered_even_when_it_presses_nowhere(code, words):
    drill = FakeRoutine(contraindications=[code])
    result = c.offer(drill, frozenset({code}))
    assert not result.allowed
    assert words in result.reason.lower()
    assert result.tools == () and result.hold_seconds_max is None


def test_a_routine_is_offered_unchanged_when_its_codes_are_not_among_the_limits():
    routine = FakeRoutine(
        regions=["upper_back"], tools=["tennis_ball"], contraindications=[c.SUPINE]
    )
    result = c.offer(routine, frozenset({c.NECK_MOVEMENT, c.JAW_WORK}))
    assert result == c.Offer(allowed=True, reason="", tools=("tennis_ball",), hold_seconds_max=None)
    assert c.offer(routine, frozenset()).allowed


def test_with_a_blood_thinner_a_pressure_routine_gets_only_the_soft_ball_and_short_holds():
    routine = FakeRoutine(
        regions=["shoulder_left", "shoulder_right"],
        tools=["tennis_ball", "soft_foam_ball", "lacrosse_ball"],
        contraindications=[c.FIRM_PRESSURE],
    )
    result = c.offer(routine, frozenset({c.FIRM_PRESSURE}))
    assert result == c.Offer(
        allowed=True, reason="", tools=("soft_foam_ball",), hold_seconds_max=45
    )


def test_with_a_blood_thinner_a_pressure_routine_without_the_soft_ball_is_not_offered():
    for tools in (["fingers"], ["tennis_ball", "lacrosse_ball"], ["small_towel"]):
        # Regions alone make it a pressure routine, even without the firm_pressure code.
        routine = FakeRoutine(regions=["scalp"], tools=tools)
        result = c.offer(routine, frozenset({c.FIRM_PRESSURE}))
        assert not result.allowed and "blood thinner" in result.reason


def test_with_a_blood_thinner_a_routine_that_presses_nowhere_keeps_its_tools():
    drill = FakeRoutine(tools=["none"], contraindications=[c.NECK_MOVEMENT])
    assert c.offer(drill, frozenset({c.FIRM_PRESSURE})) == c.Offer(True, "", ("none",), None)


def test_a_hard_limit_wins_over_the_blood_thinner_dose():
    routine = FakeRoutine(
        regions=["upper_back"],
        tools=["soft_foam_ball"],
        contraindications=[c.SUPINE, c.FIRM_PRESSURE],
    )
    result = c.offer(routine, frozenset({c.SUPINE, c.FIRM_PRESSURE}))
    assert not result.allowed and "pregnan" in result.reason


def test_a_therapists_own_routine_carries_the_contraindications_its_regions_imply(therapist):
    from selfcare.forms import RoutineForm
    from selfcare.services import routine_create

    form = RoutineForm(
        {
            "title": "Jaw press", "regions": ["jaw_left"], "tools": ["fingers"],
            "position": "floor", "steps": "Press.\nHold.", "hold_seconds_min": 30,
            "hold_seconds_default": 60, "hold_seconds_max": 90, "spots_per_side": 2,
            "sides": "left", "frequency": "daily", "contraindications": ["neck_movement"],
        }
    )  # fmt: skip
    assert form.is_valid(), form.errors
    routine = routine_create(therapist=therapist, data=form.routine_data())
    assert set(routine.contraindications) == {
        "neck_movement",
        "jaw_work",
        "supine",
        "firm_pressure",
    }
    assert any("pulse" in line for line in routine.stop_if)
    blocked = c.offer(routine, frozenset({"jaw_work"}))
    assert not blocked.allowed


def test_a_therapists_own_drill_that_presses_nowhere_can_be_marked_as_moving_the_neck(therapist):
    from selfcare.forms import RoutineForm

    data = {
        "title": "Neck turns", "regions": [], "tools": ["none"], "position": "seated",
        "steps": "Turn.", "hold_seconds_min": 30, "hold_seconds_default": 30,
        "hold_seconds_max": 30, "spots_per_side": 1, "sides": "midline", "frequency": "daily",
    }  # fmt: skip
    plain = RoutineForm(data)
    assert plain.is_valid(), plain.errors
    assert plain.routine_data()["contraindications"] == []
    marked = RoutineForm({**data, "contraindications": ["neck_movement", "bogus"]})
    assert not marked.is_valid() and "contraindications" in marked.errors
    marked = RoutineForm({**data, "contraindications": ["neck_movement"]})
    assert marked.is_valid() and marked.routine_data()["contraindications"] == ["neck_movement"]
