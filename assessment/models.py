"""The therapist's assessment (body chart, range of motion, jaw, posture), SOAP visit notes with
their services and addenda, the plan of care and the clinic's code lists."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from clinic.models import Clinic, Patient
from plans.models import CarePlan, Visit

from .bodychart import KINDS, SITES


class DiagnosisCode(models.Model):
    """A diagnosis code the clinic's therapists may choose (ICD-10-CM in the US)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="diagnosis_codes")
    code = models.CharField(max_length=12)
    label = models.CharField(max_length=120)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "code"], name="diagnosiscode_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class ServiceCode(models.Model):
    """A billable service (CPT in the US); timed codes are billed in 15-minute units."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="service_codes")
    code = models.CharField(max_length=12)
    label = models.CharField(max_length=120)
    timed = models.BooleanField(default=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["timed", "code"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "code"], name="servicecode_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class Assessment(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial assessment"
        REASSESSMENT = "reassessment", "Re-assessment"

    class Deviation(models.TextChoices):
        NONE = "none", "None"
        LEFT = "left", "To the left"
        RIGHT = "right", "To the right"

    class Shoulders(models.TextChoices):
        LEVEL = "level", "Level"
        ROUNDED = "rounded", "Rounded forward"
        LEFT_HIGH = "left_high", "Left higher"
        RIGHT_HIGH = "right_high", "Right higher"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="assessments")
    visit = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="assessments"
    )
    kind = models.CharField(max_length=14, choices=Kind, default=Kind.INITIAL)
    assessed_on = models.DateField()
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    flexion = models.PositiveSmallIntegerField(null=True, blank=True)
    extension = models.PositiveSmallIntegerField(null=True, blank=True)
    side_bend_left = models.PositiveSmallIntegerField(null=True, blank=True)
    side_bend_right = models.PositiveSmallIntegerField(null=True, blank=True)
    rotation_left = models.PositiveSmallIntegerField(null=True, blank=True)
    rotation_right = models.PositiveSmallIntegerField(null=True, blank=True)
    # Directions whose movement reproduced the patient's headache.
    rom_reproduces = models.JSONField(default=list, blank=True)
    jaw_opening_mm = models.PositiveSmallIntegerField(null=True, blank=True)
    jaw_deviation = models.CharField(max_length=5, choices=Deviation, default=Deviation.NONE)
    jaw_clicking = models.BooleanField(default=False)
    jaw_pain_chewing = models.BooleanField(default=False)
    cva_degrees = models.PositiveSmallIntegerField(null=True, blank=True)
    shoulders = models.CharField(max_length=10, choices=Shoulders, default=Shoulders.LEVEL)
    notes = models.TextField(max_length=2000, blank=True)
    idempotency_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(flexion__lte=180, extension__lte=180, side_bend_left__lte=180,
                            side_bend_right__lte=180, rotation_left__lte=180,
                            rotation_right__lte=180),
                name="assessment_rom_range",
            ),
            models.CheckConstraint(
                condition=Q(jaw_opening_mm__isnull=True) | Q(jaw_opening_mm__lte=100),
                name="assessment_jaw_range",
            ),
            models.CheckConstraint(
                condition=Q(cva_degrees__isnull=True) | Q(cva_degrees__lte=90),
                name="assessment_cva_range",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.assessed_on:%Y-%m-%d}"


class Spot(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="spots")
    site = models.CharField(max_length=40, choices=[(s.key, s.label) for s in SITES])
    kind = models.CharField(max_length=8, choices=KINDS, default="tender")
    tenderness = models.PositiveSmallIntegerField()
    reproduces_headache = models.BooleanField(default=False)

    class Meta:
        ordering = ["site"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "site"], name="spot_one_per_site"),
            models.CheckConstraint(condition=Q(tenderness__lte=10), name="spot_tenderness_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_site_display()} {self.tenderness}/10"


class VisitNote(models.Model):
    """A SOAP note for one visit. Once signed it is locked; later changes are addenda."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="soap_note")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="visit_notes")
    subjective = models.TextField(max_length=4000, blank=True)
    objective = models.TextField(max_length=4000, blank=True)
    assessment = models.TextField(max_length=4000, blank=True)
    plan = models.TextField(max_length=4000, blank=True)
    treated_sites = models.JSONField(default=list, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True, signed_by__isnull=True)
                | Q(signed_at__isnull=False, signed_by__isnull=False),
                name="visitnote_signed_both",
            )
        ]

    def __str__(self) -> str:
        return f"Note for {self.visit}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class NoteService(models.Model):
    note = models.ForeignKey(VisitNote, on_delete=models.CASCADE, related_name="services")
    code = models.ForeignKey(ServiceCode, on_delete=models.PROTECT, related_name="+")
    minutes = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["note", "code"], name="noteservice_one_per_code"),
            models.CheckConstraint(condition=Q(minutes__lte=240), name="noteservice_minutes"),
        ]

    def __str__(self) -> str:
        return f"{self.code.code} {self.minutes} min"


class NoteAddendum(models.Model):
    """A later addition to a signed note, kept with its author and time; never edited."""

    note = models.ForeignKey(VisitNote, on_delete=models.CASCADE, related_name="addenda")
    text = models.TextField(max_length=2000)
    idempotency_key = models.UUIDField(unique=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Addendum to {self.note} at {self.created_at:%Y-%m-%d %H:%M}"


class PlanOfCare(models.Model):
    """What the therapist sends the insurer or doctor for one course of care."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    care_plan = models.OneToOneField(
        CarePlan, on_delete=models.CASCADE, related_name="plan_of_care"
    )
    diagnoses = models.ManyToManyField(DiagnosisCode, blank=True, related_name="+")
    services = models.ManyToManyField(ServiceCode, blank=True, related_name="+")
    goals = models.TextField(max_length=2000, blank=True)
    visits_per_week = models.PositiveSmallIntegerField(default=2)
    weeks = models.PositiveSmallIntegerField(default=4)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(visits_per_week__gte=1, visits_per_week__lte=7, weeks__gte=1,
                            weeks__lte=52),
                name="planofcare_frequency_range",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"Plan of care for {self.care_plan}"
