import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from clinic.models import Clinic, Patient

HOLD_MIN = 30
HOLD_MAX = 90
SPOTS_MAX = 3
PAIN_MAX = 10


class Tool(models.TextChoices):
    TENNIS_BALL = "tennis_ball", "Tennis ball"
    LACROSSE_BALL = "lacrosse_ball", "Lacrosse ball"
    SOFT_FOAM_BALL = "soft_foam_ball", "Soft foam ball"
    SMALL_TOWEL = "small_towel", "Small towel"
    FOAM_ROLLER = "foam_roller", "Foam roller"
    FINGERS = "fingers", "Your fingers"
    NONE = "none", "No equipment"


class Position(models.TextChoices):
    WALL = "wall", "Against a wall"
    FLOOR = "floor", "Lying on the floor"
    SEATED = "seated", "Seated"


class Sides(models.TextChoices):
    BOTH = "both", "Both sides"
    LEFT = "left", "Left side only"
    RIGHT = "right", "Right side only"
    MIDLINE = "midline", "Middle (one position)"


class Frequency(models.TextChoices):
    DAILY = "daily", "Every day"
    EVERY_OTHER_DAY = "every_other_day", "Every other day"


def _in(field: str, choices: type[models.TextChoices]) -> Q:
    return Q(**{f"{field}__in": choices.values})


def _dose_checks(prefix: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(spots_per_side__gte=1) & Q(spots_per_side__lte=SPOTS_MAX),
            name=f"{prefix}_spots_per_side_1_to_3",
        ),
        models.CheckConstraint(condition=_in("sides", Sides), name=f"{prefix}_sides_valid"),
        models.CheckConstraint(
            condition=_in("frequency", Frequency), name=f"{prefix}_frequency_valid"
        ),
    ]


class RoutineQuerySet(models.QuerySet):
    def published(self) -> "RoutineQuerySet":
        return self.filter(published=True)

    def library(self) -> "RoutineQuerySet":
        """The shared library loaded from selfcare/content (not therapist-made)."""
        return self.filter(clinic__isnull=True)

    def for_clinic(self, clinic_id: int | None) -> "RoutineQuerySet":
        """Published routines a clinic's people may use: the library plus the clinic's own."""
        return self.published().filter(Q(clinic__isnull=True) | Q(clinic_id=clinic_id))


class Routine(models.Model):
    """One self-release routine. Library routines have no clinic; a therapist's own routines
    belong to the therapist's clinic and are never touched by the library loader."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=120)
    summary = models.TextField(blank=True)
    # Region codes from triage.questions.REGION_CODES that the routine presses on.
    regions = models.JSONField(default=list, blank=True)
    # Codes from selfcare.contraindications.CODES: screening answers that rule the routine out
    # (or, for firm_pressure, change its tools and hold), whether or not it presses anywhere.
    contraindications = models.JSONField(default=list, blank=True)
    tools = models.JSONField(default=list)
    position = models.CharField(max_length=8, choices=Position)
    steps = models.JSONField(default=list)
    hold_seconds_min = models.PositiveSmallIntegerField(default=HOLD_MIN)
    hold_seconds_max = models.PositiveSmallIntegerField(default=HOLD_MAX)
    hold_seconds_default = models.PositiveSmallIntegerField(default=60)
    spots_per_side = models.PositiveSmallIntegerField(default=2)
    sides = models.CharField(max_length=8, choices=Sides, default=Sides.BOTH)
    frequency = models.CharField(max_length=16, choices=Frequency, default=Frequency.DAILY)
    cautions = models.JSONField(default=list, blank=True)
    stop_if = models.JSONField(default=list, blank=True)
    # A library illustration: a path relative to the project root (selfcare/content/img/…).
    image = models.CharField(max_length=200, blank=True)
    # A therapist's uploaded photo: the full-size file's path under the media root; smaller
    # sizes sit beside it (see images.py).
    photo = models.CharField(max_length=100, blank=True)
    image_alt = models.CharField(max_length=500, blank=True)
    licence = models.CharField(max_length=60, blank=True)
    attribution = models.CharField(max_length=200, blank=True)
    published = models.BooleanField(default=True)
    clinic = models.ForeignKey(
        Clinic, null=True, blank=True, on_delete=models.CASCADE, related_name="routines"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="routines",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoutineQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hold_seconds_min__gte=HOLD_MIN)
                & Q(hold_seconds_max__lte=HOLD_MAX)
                & Q(hold_seconds_min__lte=models.F("hold_seconds_default"))
                & Q(hold_seconds_default__lte=models.F("hold_seconds_max")),
                name="routine_hold_seconds_30_to_90_ordered",
            ),
            models.CheckConstraint(
                condition=_in("position", Position), name="routine_position_valid"
            ),
            models.CheckConstraint(
                condition=Q(owner__isnull=True) | Q(clinic__isnull=False),
                name="routine_owner_has_clinic",
            ),
            *_dose_checks("routine"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_library(self) -> bool:
        return self.clinic_id is None

    @property
    def has_image(self) -> bool:
        return bool(self.image or self.photo)


class PlanTemplate(models.Model):
    """A named, reusable set of routines and doses within one clinic."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="plan_templates")
    name = models.CharField(max_length=80)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "name"], name="plantemplate_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class DoseFields(models.Model):
    """How one routine is done in a plan: the therapist's dose within the routine's limits."""

    routine = models.ForeignKey(Routine, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    hold_seconds = models.PositiveSmallIntegerField()
    spots_per_side = models.PositiveSmallIntegerField()
    sides = models.CharField(max_length=8, choices=Sides)
    frequency = models.CharField(max_length=16, choices=Frequency)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def dose(self) -> tuple:
        return (
            self.routine_id,
            self.hold_seconds,
            self.spots_per_side,
            self.sides,
            self.frequency,
            self.note,
        )


def _hold_check(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(hold_seconds__gte=HOLD_MIN) & Q(hold_seconds__lte=HOLD_MAX),
        name=f"{prefix}_hold_seconds_30_to_90",
    )


class PlanTemplateItem(DoseFields):
    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="items")

    class Meta(DoseFields.Meta):
        constraints = [_hold_check("plantemplateitem"), *_dose_checks("plantemplateitem")]

    def __str__(self) -> str:
        return f"{self.routine} in {self.template}"


class HomePlanQuerySet(models.QuerySet):
    def current_for(self, patient: Patient) -> "HomePlan | None":
        """The patient's current home plan (the highest version), items prefetched."""
        return (
            self.filter(patient=patient)
            .select_related("created_by")
            .prefetch_related(
                models.Prefetch("items", queryset=PlanItem.objects.select_related("routine"))
            )
            .order_by("-version")
            .first()
        )


class HomePlan(models.Model):
    """One version of a patient's home plan. Every change makes a new version; old versions are
    kept so the practice log and printed handouts stay explainable."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="home_plans")
    version = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When the patient first opened Today with this version: what changed is shown against
    # the last version they saw.
    seen_at = models.DateTimeField(null=True, blank=True)

    objects = HomePlanQuerySet.as_manager()

    class Meta:
        ordering = ["patient", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "version"], name="homeplan_unique_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="homeplan_version_positive"),
        ]

    def __str__(self) -> str:
        return f"Home plan v{self.version}"

    @property
    def starts_on(self):
        return timezone.localdate(self.created_at)


class PlanItem(DoseFields):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(HomePlan, on_delete=models.CASCADE, related_name="items")

    class Meta(DoseFields.Meta):
        constraints = [
            _hold_check("planitem"),
            *_dose_checks("planitem"),
            models.UniqueConstraint(fields=["plan", "routine"], name="planitem_routine_once"),
        ]

    def __str__(self) -> str:
        return f"{self.routine} in {self.plan}"


class PracticeEntry(models.Model):
    """A routine done on a day. One per routine per day; the form's idempotency token is unique
    too, so a double tap or a retried request stores one entry."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="practice")
    routine = models.ForeignKey(Routine, on_delete=models.PROTECT, related_name="+")
    plan_item = models.ForeignKey(
        PlanItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    day = models.DateField()
    pain_before = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True)
    with_timer = models.BooleanField(default=False)
    # Stopped early (a spot skipped or the session ended before the last hold): logged, but
    # not counted as done, so the routine stays due.
    partial = models.BooleanField(default=False)
    token = models.UUIDField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["patient", "day"])]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "routine", "day"], name="practice_once_per_routine_per_day"
            ),
            models.CheckConstraint(
                condition=Q(pain_before__isnull=True) | Q(pain_before__lte=PAIN_MAX),
                name="practice_pain_before_0_to_10",
            ),
            models.CheckConstraint(
                condition=Q(pain_after__isnull=True) | Q(pain_after__lte=PAIN_MAX),
                name="practice_pain_after_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.routine_id} on {self.day}"
