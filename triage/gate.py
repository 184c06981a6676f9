"""The safety gate in front of self-care: a patient reaches routines and the home plan only with
a recent screening that allows self-care, with no red-flag result waiting for a therapist, and
after today's quick check."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from clinic.models import SCREENING_VALID_DAYS_MAX, Patient

from .models import QuickCheck, Screening, ScreeningDraft

OK = "ok"
NEEDS_SCREENING = "needs_screening"
UNFINISHED = "unfinished"
SOMETHING_NEW = "something_new"
EXPIRED = "expired"
BLOCKED = "blocked"
NEEDS_QUICK_CHECK = "needs_quick_check"

# Clamped here as well as refused in the settings form and the database (CLINICAL.md §2).
MAX_VALID_DAYS = SCREENING_VALID_DAYS_MAX


@dataclass(frozen=True)
class Gate:
    state: str
    screening: Screening | None = None
    excluded_regions: tuple[str, ...] = field(default=())
    valid_days: int = MAX_VALID_DAYS

    @property
    def open(self) -> bool:
        return self.state == OK


def valid_days(patient: Patient) -> int:
    return max(1, min(patient.clinic.screening_valid_days, MAX_VALID_DAYS))


def self_care_gate(patient: Patient) -> Gate:
    blocking = patient.screenings.open_red_flags().first()
    if blocking is not None:
        return Gate(BLOCKED, blocking)
    # Only a complete questionnaire counts: an early-ended one was decided on a warning sign
    # and never answered the body-safety questions.
    latest = patient.screenings.filter(kind=Screening.Kind.FULL).first()
    draft = ScreeningDraft.objects.filter(patient=patient).exclude(answers={}).first()
    started_since = draft is not None and (latest is None or draft.updated_at > latest.created_at)
    if latest is None:
        return Gate(UNFINISHED if started_since else NEEDS_SCREENING)
    days = valid_days(patient)
    checks = QuickCheck.objects.filter(patient=patient)
    # "Something new" stays until a full screening is done after it, whatever comes later.
    if checks.something_new_open().exists():
        return Gate(SOMETHING_NEW, latest, valid_days=days)
    if started_since:
        return Gate(UNFINISHED, latest, valid_days=days)
    if timezone.now() - latest.created_at > timedelta(days=days):
        return Gate(EXPIRED, latest, valid_days=days)
    today = timezone.localdate()
    if timezone.localdate(latest.created_at) != today and not checks.filter(day=today).exists():
        return Gate(NEEDS_QUICK_CHECK, latest, valid_days=days)
    return Gate(OK, latest, tuple(latest.excluded_regions), valid_days=days)
