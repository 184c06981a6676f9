"""The one-page summary for the patient's doctor: outcomes, visits and red-flag history.
templates/print/doctor_summary.html renders it, on screen or as a PDF."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from clinic.models import Patient
from triage.models import DISPOSITION_LABELS, Screening

from .models import Visit
from .reports import patient_outcomes


@dataclass(frozen=True)
class RedFlagRow:
    when: date
    kind: str
    advice: str
    ruleset_version: str
    reasons: tuple[str, ...]
    cleared_on: date | None


def red_flag_history(patient: Patient, *, until: date) -> list[RedFlagRow]:
    rows = []
    for s in patient.screenings.filter(self_care_allowed=False):
        when = timezone.localdate(s.created_at)
        if when > until:
            continue
        rows.append(
            RedFlagRow(
                when=when,
                kind=s.get_kind_display(),
                advice=DISPOSITION_LABELS.get(s.disposition, s.disposition),
                ruleset_version=s.ruleset_version,
                reasons=tuple(r.get("message", "") for r in s.reasons if isinstance(r, dict)),
                cleared_on=timezone.localdate(s.cleared_at) if s.cleared_at else None,
            )
        )
    return rows


def doctor_summary(patient: Patient, *, as_of: date) -> dict:
    outcomes = patient_outcomes(patient, as_of=as_of, charts=False)
    progress = outcomes.progress
    screenings = patient.screenings.filter(kind=Screening.Kind.FULL)
    latest_screening = screenings.first()
    return {
        "patient": patient,
        "clinic": patient.clinic,
        "as_of": as_of,
        "outcomes": outcomes,
        "progress": progress,
        "plan": progress.plan,
        "therapists": list(patient.therapists.all()),
        "attended_visits": [v for v in progress.visits if v.status == Visit.Status.ATTENDED],
        "red_flags": red_flag_history(patient, until=as_of),
        "latest_screening": latest_screening,
        "screening_count": screenings.count(),
        "rules": outcomes.report.rules,
    }
