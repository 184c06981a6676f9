import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from clinic.models import Clinic, Patient

from .diary_days import CHARACTER_CHOICES
from .instruments import HEADACHE_TYPE_CHOICES, TIMEPOINT_CHOICES, HeadacheType
from .schedule import DEFAULT_SESSIONS, DEFAULT_WEEKS, VISIT_KIND_CHOICES, VisitKind

MAX_SESSIONS = 30
MAX_WEEKS = 12
MAX_DOSES = 20
MAX_HOURS = 72


class ClosedDay(models.Model):
    """A date the clinic is shut (holiday, training day) on top of its weekly closed weekdays."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="closed_days")
    date = models.DateField()
    reason = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "date"], name="closedday_one_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}".strip()


class ClinicInstrument(models.Model):
    """A questionnaire a clinic has switched on (HIT-6 needs the clinic's own licence)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="instruments")
    code = models.CharField(max_length=20)
    enabled = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "code"], name="clinicinstrument_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({'on' if self.enabled else 'off'})"


class Trigger(models.Model):
    """A possible headache trigger patients can tick in the diary; each clinic edits its list.
    Entries store the code, so renaming a trigger keeps old entries meaningful."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="triggers")
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=60)
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "code"], name="trigger_unique_code")
        ]

    def __str__(self) -> str:
        return self.label


class CarePlan(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", "Active course"
        MAINTENANCE = "maintenance", "Maintenance"
        DISCHARGED = "discharged", "Discharged"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="care_plans")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="care_plans"
    )
    sessions = models.PositiveSmallIntegerField(default=DEFAULT_SESSIONS)
    weeks = models.PositiveSmallIntegerField(default=DEFAULT_WEEKS)
    start_date = models.DateField()
    preferred_weekdays = models.JSONField(default=list, blank=True)
    visit_time = models.TimeField(null=True, blank=True)
    # Which HIT-6 change counts as meaningful for this patient (-8 tension-type, -6 migraine).
    headache_type = models.CharField(
        max_length=20, choices=HEADACHE_TYPE_CHOICES, default=HeadacheType.TENSION_TYPE.value
    )
    state = models.CharField(max_length=12, choices=State, default=State.ACTIVE)
    taper_started_on = models.DateField(null=True, blank=True)
    discharged_on = models.DateField(null=True, blank=True)
    idempotency_key = models.UUIDField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=~Q(state="discharged"),
                name="careplan_one_open_per_patient",
            ),
            models.CheckConstraint(
                condition=Q(sessions__gte=1, sessions__lte=MAX_SESSIONS),
                name="careplan_sessions_range",
            ),
            models.CheckConstraint(
                condition=Q(weeks__gte=1, weeks__lte=MAX_WEEKS), name="careplan_weeks_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Care plan from {self.start_date:%Y-%m-%d} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state != self.State.DISCHARGED


class Visit(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        ATTENDED = "attended", "Attended"
        MISSED = "missed", "Missed"
        CANCELLED = "cancelled", "Cancelled"
        RESCHEDULED = "rescheduled", "Rescheduled"

    UPCOMING = (Status.SCHEDULED, Status.RESCHEDULED)

    class Technique(models.TextChoices):
        MYOFASCIAL_RELEASE = "myofascial_release", "Myofascial release"
        TRIGGER_POINT = "trigger_point", "Trigger-point pressure"
        JOINT_MOBILISATION = "joint_mobilisation", "Joint mobilisation"
        POSTURE = "posture_retraining", "Posture retraining"
        HOME_PLAN_REVIEW = "home_plan_review", "Home-plan review"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="visits")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(
        max_length=12, choices=VISIT_KIND_CHOICES, default=VisitKind.COURSE.value
    )
    date = models.DateField()
    time = models.TimeField(null=True, blank=True)
    original_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.SCHEDULED)
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    areas = models.JSONField(default=list, blank=True)
    techniques = models.JSONField(default=list, blank=True)
    note = models.TextField(max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        indexes = [models.Index(fields=["plan", "status", "date"])]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="visit_unique_number"),
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gte=1, minutes__lte=240),
                name="visit_minutes_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="attended") | Q(minutes__isnull=False),
                name="visit_attended_has_minutes",
            ),
        ]

    def __str__(self) -> str:
        return f"Visit {self.number} on {self.date:%Y-%m-%d} ({self.status})"

    @property
    def is_upcoming(self) -> bool:
        return self.status in self.UPCOMING


class DiaryEntry(models.Model):
    """One diary day. A day with no entry is "not recorded", never headache-free."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="diary_entries")
    date = models.DateField()
    headache = models.BooleanField()
    peak = models.PositiveSmallIntegerField(null=True, blank=True)
    hours = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    locations = models.JSONField(default=list, blank=True)
    character = models.CharField(max_length=12, choices=CHARACTER_CHOICES, blank=True)
    nausea = models.BooleanField(default=False)
    light = models.BooleanField(default=False)
    sound = models.BooleanField(default=False)
    worse_with_activity = models.BooleanField(null=True, blank=True)
    simple_doses = models.PositiveSmallIntegerField(default=0)
    triptan_ergot_doses = models.PositiveSmallIntegerField(default=0)
    opioid_doses = models.PositiveSmallIntegerField(default=0)
    combination_doses = models.PositiveSmallIntegerField(default=0)
    triggers = models.JSONField(default=list, blank=True)
    note = models.TextField(max_length=500, blank=True)
    # Form tokens already saved for this day: a resubmitted or retried form changes nothing.
    tokens = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    DOSE_FIELDS = {
        "simple": "simple_doses",
        "triptan_ergot": "triptan_ergot_doses",
        "opioid": "opioid_doses",
        "combination": "combination_doses",
    }
    VALUE_FIELDS = (
        "headache",
        "peak",
        "hours",
        "locations",
        "character",
        "nausea",
        "light",
        "sound",
        "worse_with_activity",
        *DOSE_FIELDS.values(),
        "triggers",
        "note",
    )

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "date"], name="diary_one_entry_per_day"),
            models.CheckConstraint(
                condition=Q(peak__isnull=True) | Q(peak__gte=0, peak__lte=10),
                name="diary_peak_range",
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0, hours__lte=MAX_HOURS),
                name="diary_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(
                    simple_doses__gte=0,
                    triptan_ergot_doses__gte=0,
                    opioid_doses__gte=0,
                    combination_doses__gte=0,
                )
                & Q(
                    simple_doses__lte=MAX_DOSES,
                    triptan_ergot_doses__lte=MAX_DOSES,
                    opioid_doses__lte=MAX_DOSES,
                    combination_doses__lte=MAX_DOSES,
                ),
                name="diary_dose_counts_range",
            ),
            models.CheckConstraint(
                condition=Q(headache=True) | Q(peak__isnull=True, hours__isnull=True),
                name="diary_no_details_without_headache",
            ),
        ]

    def __str__(self) -> str:
        return f"Diary {self.date:%Y-%m-%d}"

    @property
    def meds(self) -> dict[str, int]:
        return {c: getattr(self, f) for c, f in self.DOSE_FIELDS.items() if getattr(self, f)}

    def values(self) -> dict:
        """The recorded values as JSON-ready data (kept in revisions and exports)."""
        data = {name: getattr(self, name) for name in self.VALUE_FIELDS}
        data["hours"] = None if self.hours is None else float(self.hours)
        return data


class DiaryEntryRevision(models.Model):
    """The values an entry had before an edit; edits never lose what was there."""

    entry = models.ForeignKey(DiaryEntry, on_delete=models.CASCADE, related_name="revisions")
    previous = models.JSONField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"Revision of {self.entry} at {self.changed_at:%Y-%m-%d %H:%M}"


class QuestionnaireResponse(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="questionnaire_responses"
    )
    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="questionnaires")
    instrument = models.CharField(max_length=20)
    timepoint = models.CharField(max_length=12, choices=TIMEPOINT_CHOICES)
    answers = models.JSONField()
    total = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=30)
    idempotency_key = models.UUIDField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "instrument", "timepoint"], name="questionnaire_one_per_timepoint"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.timepoint}: {self.total}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a patient's visit calendar. Deleting the row revokes it.

    Only a SHA-256 hash of the address's token is stored: the token itself is shown to the
    patient once, when it is made, and a copy of the database opens no one's calendar. (The
    token is 256 random bits, so a plain hash cannot be reversed by guessing.)"""

    patient = models.OneToOneField(Patient, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # The token, on a feed just made by issue(); never stored.
    token: str | None = None

    def __str__(self) -> str:
        return f"Calendar feed for {self.patient}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, patient: Patient) -> "CalendarFeed":
        token = new_feed_token()
        feed = cls.objects.create(patient=patient, token_hash=cls.hash_token(token))
        feed.token = token
        return feed

    @classmethod
    def for_token(cls, token: str) -> models.QuerySet:
        return cls.objects.filter(token_hash=cls.hash_token(token))
