"""Writes for the red-flag screen. Each is one short transaction; emails go after commit."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from clinic.models import Patient, User

from .models import QuickCheck, Screening, ScreeningDraft
from .partial import assess_so_far, decides_at_once, with_floor
from .questions import ALL_CLEAR, fill_hidden_defaults, validate
from .rules import Assessment, assess


class InvalidAnswers(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def step_answers_save(*, patient: Patient, answers: dict[str, Any]) -> Screening | None:
    """Save one questionnaire step. If the answers so far already decide emergency_now or
    see_doctor_today on their own, end the questionnaire here: store the answers given, the
    result and the ruleset version, drop the draft and return the stored screening."""
    with transaction.atomic():
        draft, _ = ScreeningDraft.objects.select_for_update().get_or_create(patient=patient)
        so_far = {**draft.answers, **answers}
        clean, problems = validate(with_floor(so_far))
        if clean is None:
            raise InvalidAnswers(problems)
        given = {key: clean[key] for key in clean if key in so_far}
        assessment = assess_so_far(given)
        if not decides_at_once(assessment):
            draft.answers = so_far
            draft.save(update_fields=["answers", "updated_at"])
            return None
        draft.delete()
        complete, _ = validate(fill_hidden_defaults(so_far))
        if complete is not None:  # decided on the last question: a full screening after all
            return _store(patient, Screening.Kind.FULL, complete, assess(complete), allowed=False)
        return _store(patient, Screening.Kind.EARLY_STOP, given, assessment, allowed=False)


def screening_submit(
    *, patient: Patient, answers: dict[str, Any], kind: str = Screening.Kind.FULL
) -> Screening:
    """Validate with the same validator as the command line, assess, and store everything
    before anyone is shown the result."""
    clean, problems = validate(answers)
    if clean is None:
        raise InvalidAnswers(problems)
    assessment = assess(clean)
    # A stop during practice always pauses the plan until a therapist has looked at it.
    allowed = assessment.self_care_allowed and kind == Screening.Kind.FULL
    with transaction.atomic():
        if kind == Screening.Kind.FULL:
            ScreeningDraft.objects.filter(patient=patient).delete()
        return _store(patient, kind, clean, assessment, allowed=allowed)


def _store(
    patient: Patient, kind: str, answers: dict[str, Any], assessment: Assessment, *, allowed: bool
) -> Screening:
    screening = Screening.objects.create(
        patient=patient,
        kind=kind,
        answers=answers,
        disposition=assessment.disposition.value,
        reasons=[reason.to_dict() for reason in assessment.reasons],
        excluded_regions=list(assessment.excluded_regions),
        ruleset_version=assessment.ruleset_version,
        self_care_allowed=allowed,
    )
    if not allowed:
        transaction.on_commit(lambda: _tell_therapists(screening))
    return screening


def session_stop_submit(*, patient: Patient, symptoms: list[str], resolved: bool) -> Screening:
    """The patient pressed "Stop — I feel unwell": the latest full answers with this session's
    symptoms, through the same rules."""
    latest = patient.screenings.filter(kind=Screening.Kind.FULL).first()
    base = dict(latest.answers) if latest else dict(ALL_CLEAR)
    answers = {**base, "session_symptoms": symptoms, "session_symptoms_resolved": resolved}
    return screening_submit(patient=patient, answers=answers, kind=Screening.Kind.SESSION_STOP)


def screening_clear(*, screening: Screening, therapist: User, note: str) -> Screening:
    note = note.strip()
    if not note:
        raise ValueError("A note is required to clear a result.")
    with transaction.atomic():
        locked = Screening.objects.select_for_update().get(pk=screening.pk)
        if locked.cleared_at is None:
            locked.cleared_at = timezone.now()
            locked.cleared_by = therapist
            locked.clearance_note = note
            locked.save(update_fields=["cleared_at", "cleared_by", "clearance_note"])
    return locked


def quick_check_submit(
    *, patient: Patient, day: date, answers: dict[str, bool]
) -> tuple[QuickCheck, bool]:
    """Store today's quick check; a second submit the same day keeps the first."""
    try:
        with transaction.atomic():
            check = QuickCheck.objects.create(
                patient=patient, day=day, answers=answers, anything_new=any(answers.values())
            )
            return check, True
    except IntegrityError:
        return QuickCheck.objects.get(patient=patient, day=day), False


def _tell_therapists(screening: Screening) -> None:
    # The email names no symptom or result: only that a patient's result needs review.
    patient = screening.patient
    messages = [
        (
            "A patient's screening needs your review",
            f"{patient.name} has a screening result that pauses their home plan until you have "
            "reviewed it.\n\nLog in to the clinic app and open “Needs attention” to review it.\n",
            settings.DEFAULT_FROM_EMAIL,
            [therapist.email],
        )
        for therapist in patient.therapists.filter(is_active=True)
    ]
    if messages:
        send_mass_mail(messages, fail_silently=True)
