"""Ending the questionnaire early: what the answers so far decide on their own."""

from hypothesis import given, settings
from hypothesis import strategies as st

from triage.partial import FLOOR, assess_so_far, decides_at_once, with_floor
from triage.questions import (
    ANSWER_KEYS,
    QUESTIONS,
    QUESTIONS_BY_KEY,
    STEPS,
    Question,
    validate,
    web_questions,
)
from triage.rules import Disposition, assess


def value_for(q: Question) -> st.SearchStrategy:
    if q.kind == "int":
        return st.integers(q.min_value, q.max_value)
    if q.kind == "bool":
        return st.booleans()
    if q.kind == "choice":
        return st.sampled_from(q.values)
    if q.kind in ("multi", "regions"):
        return st.lists(st.sampled_from(q.values), unique=True).map(
            lambda picked: [v for v in q.values if v in picked]
        )
    bp = st.fixed_dictionaries(
        {"systolic": st.integers(50, 300), "diastolic": st.integers(30, 200)}
    )
    return st.none() | bp


@st.composite
def near_floor(draw, *, optional: bool = False) -> dict:
    """The floor with a few answers changed (so the finer rules and their exceptions are
    reached), and for a partial set some keys left out."""
    answers = dict(FLOOR)
    for key in draw(st.lists(st.sampled_from(ANSWER_KEYS), max_size=4, unique=True)):
        answers[key] = draw(value_for(QUESTIONS_BY_KEY[key]))
    if optional:
        for key in draw(st.lists(st.sampled_from(ANSWER_KEYS), unique=True)):
            answers.pop(key)
    return answers


FULL = near_floor()
PARTIAL = near_floor(optional=True)
ANY_FULL = st.fixed_dictionaries({q.key: value_for(q) for q in QUESTIONS})
STEP_CODES = [code for code, _ in STEPS]


def test_the_floor_is_a_valid_answer_set_that_fires_no_rule():
    clean, problems = validate(FLOOR)
    assert problems == [] and clean == FLOOR
    assert assess(FLOOR).reasons == () and assess(FLOOR).excluded_regions == ()


def sample_values(q: Question) -> list:
    """Every value of a question that a rule can tell apart, at the rules' thresholds."""
    if q.kind == "int":
        picks = {q.min_value, q.max_value, 1, 4, 5, 9, 10, 14, 15, 50, 51}
        return sorted(v for v in picks if q.min_value <= v <= q.max_value)
    if q.kind == "bool":
        return [False, True]
    if q.kind == "choice":
        return list(q.values)
    if q.kind in ("multi", "regions"):
        return [[], *([v] for v in q.values), list(q.values)]
    readings = [(139, 89), (140, 60), (100, 90), (160, 60), (100, 110), (180, 60), (100, 120)]
    return [None, *({"systolic": s, "diastolic": d} for s, d in readings)]


def test_each_floor_value_is_the_mildest_answer_even_beside_any_other_answer():
    """Exhaustive over every pair of questions at the rules' thresholds: putting one answer
    back to its floor never gives a more severe result. Applied one unasked key at a time, this
    is why the floor-filled result is the mildest any completion can give."""
    for key in ANSWER_KEYS:
        for other in ANSWER_KEYS:
            for value in sample_values(QUESTIONS_BY_KEY[key]):
                for other_value in sample_values(QUESTIONS_BY_KEY[other]):
                    answers = {**FLOOR, other: other_value, key: value}
                    floored = assess({**answers, key: FLOOR[key]}).disposition.severity
                    assert floored <= assess(answers).disposition.severity, (key, answers)


@settings(max_examples=300, deadline=None)
@given(so_far=PARTIAL, rest=FULL)
def test_no_answer_to_the_remaining_questions_can_give_a_milder_result(so_far, rest):
    decided = assess_so_far(so_far)
    complete = assess({**rest, **so_far})
    assert complete.disposition.severity >= decided.disposition.severity


@settings(max_examples=300, deadline=None)
@given(so_far=PARTIAL, rest=FULL)
def test_an_early_stop_is_never_undone_by_the_questions_not_asked(so_far, rest):
    decided = assess_so_far(so_far)
    if decides_at_once(decided):
        complete = assess({**rest, **so_far})
        assert complete.disposition.severity >= Disposition.SEE_DOCTOR_TODAY.severity
        assert complete.disposition.severity >= decided.disposition.severity


@settings(max_examples=200, deadline=None)
@given(answers=ANY_FULL)
def test_walking_the_steps_stops_exactly_when_the_answers_so_far_decide(answers):
    """In the questionnaire's own order: the walk stops at the first step whose answers so far
    decide emergency_now or see_doctor_today; a walk that never stops ends below that level."""
    answers = {**answers, "session_symptoms": [], "session_symptoms_resolved": True}
    so_far: dict = {}
    stopped = False
    for code in STEP_CODES:
        so_far.update({q.key: answers[q.key] for q in web_questions(code)})
        if decides_at_once(assess_so_far(so_far)):
            stopped = True
            break
    complete = assess(answers).disposition.severity
    if stopped:
        assert complete >= assess_so_far(so_far).disposition.severity
    else:
        assert complete < Disposition.SEE_DOCTOR_TODAY.severity


def test_reaching_the_worst_within_1_or_5_minutes_decides_on_its_own():
    for onset in ("within_1_min", "within_5_min"):
        assert assess_so_far({"onset": onset}).disposition == Disposition.EMERGENCY_NOW


def test_worst_ever_without_a_sudden_start_decides_a_same_day_check_on_its_own():
    assert assess_so_far({"worst_ever": True}).disposition == Disposition.SEE_DOCTOR_TODAY


def test_a_reason_that_needs_an_unanswered_question_does_not_fire():
    # Stronger medicines alone are not overuse; the floor adds no painkiller days to them.
    assert assess_so_far({"specific_medicine_days_per_month": 8}).reasons == ()


def test_the_floor_fills_only_missing_keys():
    filled = with_floor({"age": 70})
    assert filled["age"] == 70 and set(filled) == set(ANSWER_KEYS)
