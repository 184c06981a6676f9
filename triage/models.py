import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery

from clinic.models import Patient

from .rules import Disposition

DISPOSITION_LABELS = {
    Disposition.EMERGENCY_NOW.value: "Emergency now",
    Disposition.SEE_DOCTOR_TODAY.value: "See a doctor today",
    Disposition.SEE_DOCTOR_SOON.value: "See a doctor within days",
    Disposition.SELF_CARE_CAUTION.value: "Self-care with limits",
    Disposition.SELF_CARE_OK.value: "Self-care",
}


class ScreeningQuerySet(models.QuerySet):
    def open_red_flags(self) -> "ScreeningQuerySet":
        """Results that block self-care and no therapist has cleared yet."""
        return self.filter(self_care_allowed=False, cleared_at__isnull=True)


class Screening(models.Model):
    """One stored run of the red-flag rules: the answers exactly as assessed, the result and the
    ruleset version, so an old result stays explainable after the rules change."""

    class Kind(models.TextChoices):
        FULL = "full", "Full questionnaire"
        SESSION_STOP = "session_stop", "Stopped during practice"
        # The questionnaire ended on the step whose answers already decided emergency_now or
        # see_doctor_today; `answers` holds only what was answered. Never counts as a full
        # screening for the self-care gate.
        EARLY_STOP = "early_stop", "Questions ended early on a warning sign"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="screenings")
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.FULL)
    answers = models.JSONField()
    disposition = models.CharField(max_length=20, choices=DISPOSITION_LABELS.items())
    reasons = models.JSONField(default=list)
    excluded_regions = models.JSONField(default=list)
    ruleset_version = models.CharField(max_length=20)
    self_care_allowed = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    clearance_note = models.TextField(blank=True)

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["patient", "-created_at"]),
            models.Index(
                fields=["patient"],
                condition=Q(self_care_allowed=False, cleared_at__isnull=True),
                name="screening_open_red_flag_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cleared_at__isnull=True) | ~Q(clearance_note=""),
                name="screening_clearance_has_note",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}: {self.disposition}"

    @property
    def is_open_red_flag(self) -> bool:
        return not self.self_care_allowed and self.cleared_at is None

    @property
    def ended_early(self) -> bool:
        return self.kind == self.Kind.EARLY_STOP


class ScreeningDraft(models.Model):
    """Answers saved after each questionnaire step, so a closed tab loses nothing."""

    patient = models.OneToOneField(
        Patient, on_delete=models.CASCADE, related_name="screening_draft"
    )
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Draft for {self.patient}"


# What each quick-check answer is about, in the words the therapist's attention list uses.
QUICK_CHECK_TOPICS = {
    "new_headache": "a new or different headache",
    "new_symptoms": "new symptoms",
    "injury": "a fall, accident or knock",
    "pregnancy": "a pregnancy or a birth",
    "new_medicines": "new medicines",
}


def quick_check_topics(answers: dict) -> tuple[str, ...]:
    return tuple(topic for key, topic in QUICK_CHECK_TOPICS.items() if answers.get(key))


class QuickCheckQuerySet(models.QuerySet):
    def something_new_open(self) -> "QuickCheckQuerySet":
        """ "Something new" answers with no full screening after them: remembered until one is
        done, whatever later quick checks say."""
        last_full = (
            Screening.objects.filter(patient=OuterRef("patient"), kind=Screening.Kind.FULL)
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        return (
            self.filter(anything_new=True)
            .annotate(last_full_at=Subquery(last_full))
            .filter(Q(last_full_at__isnull=True) | Q(created_at__gt=F("last_full_at")))
        )


class QuickCheck(models.Model):
    """The daily "since your last check, is anything new?" before practice. One a day."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="quick_checks")
    day = models.DateField()
    answers = models.JSONField()
    anything_new = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuickCheckQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patient", "day"], name="quickcheck_one_per_day")
        ]

    def __str__(self) -> str:
        return f"Quick check {self.day}"

    @property
    def topics(self) -> tuple[str, ...]:
        return quick_check_topics(self.answers)
