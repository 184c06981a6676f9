"""The safety gate in front of self-care: a patient reaches routines and the home plan only with
a recent screening that allows self-care, with no red-flag result waiting for a therapist, and
after today's quick check."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from clinic.models import Patient

from .models import QuickCheck, Screening

OK = "ok"
NEEDS_SCREENING = "needs_screening"
EXPIRED = "expired"
BLOCKED = "blocked"
NEEDS_QUICK_CHECK = "needs_quick_check"


@dataclass(frozen=True)
class Gate:
    state: str
    screening: Screening | None = None
    excluded_regions: tuple[str, ...] = field(default=())

    @property
    def open(self) -> bool:
        return self.state == OK


def self_care_gate(patient: Patient) -> Gate:
    blocking = patient.screenings.open_red_flags().first()
    if blocking is not None:
        return Gate(BLOCKED, blocking)
    latest = patient.screenings.filter(kind=Screening.Kind.FULL).first()
    if latest is None:
        return Gate(NEEDS_SCREENING)
    now = timezone.now()
    if now - latest.created_at > timedelta(days=patient.clinic.screening_valid_days):
        return Gate(EXPIRED, latest)
    today = timezone.localdate()
    if timezone.localdate(latest.created_at) != today:
        check = QuickCheck.objects.filter(patient=patient, day=today).first()
        if check is None:
            return Gate(NEEDS_QUICK_CHECK, latest)
        if check.anything_new:
            return Gate(NEEDS_SCREENING, latest)
    return Gate(OK, latest, tuple(latest.excluded_regions))
