"""What the answers given so far decide on their own, for ending the questionnaire early.

A key that has not been answered yet is assessed at its floor: the value that makes no rule
fire and can only be raised by a real answer. Assessing the given answers with the floor for
the rest therefore gives the mildest result that any answers to the remaining questions could
lead to; by the rules' monotonicity (a symptom only ever raises the result) every real
completion is at least as severe. When that floor result is already `emergency_now` or
`see_doctor_today`, nothing still to be asked can lower it, so the questionnaire ends there.

The floor values are never stored as answers: an early result keeps only what was answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triage.questions import ALL_CLEAR, ANSWER_KEYS, STEPS, web_questions
from triage.rules import Assessment, Disposition, assess

# Dispositions that end the questionnaire on the step that decides them (CLINICAL.md §1).
ACT_AT_ONCE = Disposition.SEE_DOCTOR_TODAY

FLOOR: dict[str, Any] = {
    **ALL_CLEAR,
    # The all-clear set's 4 painkiller days could add to unasked stronger-medicine days and
    # invent an overuse reason; no days at all cannot.
    "headache_days_per_month": 0,
    "simple_analgesic_days_per_month": 0,
    # Only matters when a cancer region was given without this answer: "cleared" is the milder
    # of the two outcomes there (self_care_caution rather than see_doctor_soon), so it is the
    # floor. The web form always asks both together, so this never decides a stored result.
    "oncology_clearance": True,
}
assert tuple(FLOOR) == ANSWER_KEYS


def with_floor(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The given answers, with the floor value for every key not given."""
    return {key: answers[key] if key in answers else FLOOR[key] for key in ANSWER_KEYS}


def assess_so_far(answers: Mapping[str, Any]) -> Assessment:
    """The result the given (validated) answers decide on their own."""
    return assess(with_floor(answers))


def decides_at_once(assessment: Assessment) -> bool:
    return assessment.disposition.severity >= ACT_AT_ONCE.severity


def unanswered(answers: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(key for key in ANSWER_KEYS if key not in answers)


def resume_step(answers: Mapping[str, Any]) -> str:
    """The first step with a question still to answer: where a returning patient goes on."""
    for code, _ in STEPS:
        if any(q.key not in answers and q.is_relevant(answers) for q in web_questions(code)):
            return code
    return STEPS[-1][0]
