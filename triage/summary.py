"""What a screening result shows people: on the result page, the doctor's summary and its PDF."""

from typing import Any

from .models import Screening
from .questions import QUESTIONS, REGION_LABELS, Question


def summary_context(screening: Screening) -> dict[str, Any]:
    return {
        "screening": screening,
        "patient": screening.patient,
        "excluded": [REGION_LABELS[r] for r in screening.excluded_regions],
        "answer_rows": [(q.label, _shown(screening, q)) for q in QUESTIONS],
    }


NOT_ASKED = "Not asked: the questions ended early"


def _shown(screening: Screening, question: Question) -> str:
    if screening.ended_early and question.key not in screening.answers:
        return NOT_ASKED
    return display(question, screening.answers.get(question.key))


def display(question: Question, value: Any) -> str:
    if value is None:
        return "Not known" if question.kind == "bp" else "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        labels = dict(question.choices)
        return ", ".join(labels.get(v, v) for v in value) or "None"
    if isinstance(value, dict):
        return f"{value['systolic']}/{value['diastolic']} mmHg"
    return str(dict(question.choices).get(value, value))
