"""Reminder schedules, the devices that receive them, and one row per reminder slot: the row is
claimed (a unique constraint) before anything is sent, so no slot is ever sent twice."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from clinic.models import Patient


class Kind(models.TextChoices):
    PRACTICE = "practice", "Practice"
    DIARY = "diary", "Diary"


class ReminderSchedule(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind)
    enabled = models.BooleanField(default=True)
    # 0 = Monday … 6 = Sunday, in the patient's own time zone.
    weekdays = models.JSONField(default=list)
    at = models.TimeField()
    time_zone = models.CharField(max_length=64)
    quiet_from = models.TimeField(null=True, blank=True)
    quiet_until = models.TimeField(null=True, blank=True)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patient", "kind"], name="reminder_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder at {self.at:%H:%M}"


class PushDevice(models.Model):
    """A browser's Web Push subscription. The endpoint is the push service's address for it."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="push_devices")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    label = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.label or f"Device {self.pk}"


class ReminderSend(models.Model):
    class Status(models.TextChoices):
        CLAIMED = "claimed", "Being sent"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not needed"
        FAILED = "failed", "Could not be delivered"

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="reminder_sends")
    kind = models.CharField(max_length=10, choices=Kind)
    slot = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status, default=Status.CLAIMED)
    channel = models.CharField(max_length=10, blank=True)
    # Plain words for the patient: why it was skipped or what failed. Never health details.
    detail = models.CharField(max_length=200, blank=True)
    claimed_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-slot", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "kind", "slot"], name="reminder_send_once_per_slot"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["claimed", "sent", "skipped", "failed"]),
                name="reminder_send_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.slot:%Y-%m-%d %H:%M} {self.status}"


class ReminderTick(models.Model):
    """One row per minute the reminder task ran for: a second chain of the self-rescheduling
    task finds its minute taken and ends, so chains never multiply."""

    minute = models.DateTimeField(unique=True)

    def __str__(self) -> str:
        return f"{self.minute:%Y-%m-%d %H:%M}"
