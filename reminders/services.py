"""Writes for reminders: the patient's choices, a therapist's suggestion, devices, and sending
what is due. A slot is claimed (a unique row) before anything goes out, so two workers never
send the same reminder; the claim is kept even if sending then fails, so a reminder is sent at
most once and a failure is shown to the patient rather than retried into a late buzz."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from clinic.models import Patient, User
from plans.models import DiaryEntry
from selfcare.allowed import allowance_for
from selfcare.models import HomePlan, PracticeEntry

from . import push, schedule
from .models import Kind, PushDevice, ReminderSchedule, ReminderSend

logger = logging.getLogger(__name__)

# Lock-screen text: an invitation to open the app, never a health detail.
MESSAGES = {
    Kind.PRACTICE: ("Time for your routine", "A few minutes now keeps you on track."),
    Kind.DIARY: ("Your daily check-in", "Take a moment to fill in today."),
}
TARGETS = {Kind.PRACTICE: "selfcare:today", Kind.DIARY: "plans:diary"}
DEFAULT_TIMES = {Kind.PRACTICE: time(18, 0), Kind.DIARY: time(20, 30)}


class ReminderError(ValueError):
    pass


@dataclass(frozen=True)
class Choice:
    kind: str
    enabled: bool
    weekdays: tuple[int, ...]
    at: time
    time_zone: str
    quiet_from: time | None = None
    quiet_until: time | None = None


def reminder_save(*, patient: Patient, choice: Choice) -> ReminderSchedule:
    """The patient's own choice, replacing any suggestion."""
    if not schedule.valid_time_zone(choice.time_zone):
        raise ReminderError("Choose a time zone from the list.")
    values = {
        "enabled": choice.enabled,
        "weekdays": sorted(set(choice.weekdays)),
        "at": choice.at,
        "time_zone": choice.time_zone,
        "quiet_from": choice.quiet_from,
        "quiet_until": choice.quiet_until,
        "accepted": True,
    }
    with transaction.atomic():
        reminder, _ = ReminderSchedule.objects.update_or_create(
            patient=patient, kind=choice.kind, defaults=values
        )
    return reminder


def reminder_suggest(*, therapist: User, patient: Patient, time_zone: str) -> ReminderSchedule:
    """A practice schedule matching the current home plan's frequency. It waits for the
    patient to accept it; a schedule the patient chose is not overwritten."""
    plan = HomePlan.objects.current_for(patient)
    frequencies = plan.items.values_list("frequency", flat=True) if plan else []
    weekdays = list(schedule.suggested_weekdays(frequencies))
    with transaction.atomic():
        reminder = (
            ReminderSchedule.objects.select_for_update()
            .filter(patient=patient, kind=Kind.PRACTICE)
            .first()
        )
        if reminder is not None and reminder.accepted and reminder.suggested_by_id is None:
            raise ReminderError("The patient has already chosen their own practice reminder.")
        if reminder is None:
            reminder = ReminderSchedule(patient=patient, kind=Kind.PRACTICE)
        reminder.weekdays = weekdays
        reminder.at = reminder.at or DEFAULT_TIMES[Kind.PRACTICE]
        reminder.time_zone = reminder.time_zone or time_zone
        reminder.suggested_by = therapist
        reminder.accepted = False
        reminder.enabled = True
        reminder.save()
    return reminder


def endpoint_allowed(endpoint: str) -> bool:
    """Only the known push services: the address comes from the browser, and the server posts
    to it, so an arbitrary address would let anyone make the server call inside the network."""
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    loopback = host in {"127.0.0.1", "localhost"}
    if parts.scheme != "https" and not loopback:
        return False
    return any(
        host == allowed or (allowed.startswith(".") and host.endswith(allowed))
        for allowed in settings.WEBPUSH_ENDPOINT_HOSTS
    )


def device_save(
    *, patient: Patient, endpoint: str, p256dh: str, auth: str, label: str
) -> PushDevice:
    """Register (or move to this patient) a browser's push subscription."""
    if len(endpoint) > 1000 or not endpoint_allowed(endpoint):
        raise ReminderError("This browser's notification service is not supported.")
    if not (0 < len(p256dh) <= 200 and 0 < len(auth) <= 100):
        raise ReminderError("This browser sent an incomplete subscription.")
    with transaction.atomic():
        device, _ = PushDevice.objects.update_or_create(
            endpoint=endpoint,
            defaults={"patient": patient, "p256dh": p256dh, "auth": auth, "label": label[:80]},
        )
    return device


def device_remove(*, patient: Patient, endpoint: str) -> int:
    return PushDevice.objects.filter(patient=patient, endpoint=endpoint).delete()[0]


# --- Sending -----------------------------------------------------------------------------------


def _claim(reminder: ReminderSchedule, slot: datetime) -> ReminderSend | None:
    try:
        with transaction.atomic():
            return ReminderSend.objects.create(
                patient_id=reminder.patient_id, kind=reminder.kind, slot=slot
            )
    except IntegrityError:
        return None  # another worker has it


def _finish(claim: ReminderSend, status: str, channel: str = "", detail: str = "") -> None:
    claim.status, claim.channel, claim.detail = status, channel, detail[:200]
    claim.finished_at = timezone.now()
    claim.save(update_fields=["status", "channel", "detail", "finished_at"])


def _skip_reason(reminder: ReminderSchedule, slot: datetime) -> str:
    patient = reminder.patient
    day = schedule.local_day(slot, reminder.time_zone)
    if reminder.kind == Kind.DIARY:
        if DiaryEntry.objects.filter(patient=patient, date=day).exists():
            return "Today was already filled in."
        return ""
    # Asked of selfcare/allowed.py like every other path. Today's quick check may still be
    # missing: the page the tap opens asks it first.
    allowance = allowance_for(patient)
    if not allowance.may_remind:
        return "Home practice is paused, so no practice reminder was sent."
    plan = HomePlan.objects.current_for(patient)
    if plan is None:
        return "There is no home plan yet."
    if not allowance.keep(plan.items.all()):
        return "Every routine in the plan is paused, so no practice reminder was sent."
    if PracticeEntry.objects.filter(patient=patient, day=day).exists():
        return "Today's practice was already logged."
    return ""


def _deliver(reminder: ReminderSchedule, claim: ReminderSend) -> None:
    patient = reminder.patient
    title, body = MESSAGES[reminder.kind]
    path = reverse(TARGETS[reminder.kind])
    payload = {"title": title, "body": body, "url": path, "tag": reminder.kind}
    sent, problems = 0, []
    for device in list(patient.push_devices.all()):
        outcome, detail = push.send(
            endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth, payload=payload
        )
        if outcome == push.SENT:
            sent += 1
            PushDevice.objects.filter(pk=device.pk).update(last_sent_at=timezone.now())
        elif outcome == push.GONE:
            device.delete()
            problems.append(f"{device}: {detail} It was removed.")
        else:
            problems.append(f"{device}: {detail}")
    if sent:
        _finish(claim, ReminderSend.Status.SENT, "push", " ".join(problems))
        return
    _email(reminder, claim, title, body, path, problems)


def _email(reminder, claim, title, body, path, problems) -> None:
    user = reminder.patient.user
    why = " ".join(problems) or "No device is set up for notifications."
    if not user.email:
        _finish(claim, ReminderSend.Status.FAILED, "", why)
        return
    try:
        send_mail(
            subject=f"{title} · {reminder.patient.clinic.name}",
            message=f"{body}\n\n{settings.SITE_URL}{path}\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
    except OSError as exc:
        logger.warning("reminder email failed: %s", type(exc).__name__)
        _finish(claim, ReminderSend.Status.FAILED, "email", f"{why} The email could not be sent.")
        return
    _finish(claim, ReminderSend.Status.SENT, "email", f"Sent by email. {why}")


def send_due(*, now: datetime | None = None) -> dict[str, int]:
    """Send every reminder due now. Safe to run from several workers at once."""
    now = now or timezone.now()
    counts = {"sent": 0, "skipped": 0, "failed": 0, "taken": 0}
    reminders = ReminderSchedule.objects.filter(enabled=True, accepted=True).select_related(
        "patient__user", "patient__clinic"
    )
    for reminder in reminders:
        choice = schedule.Choice(
            tuple(reminder.weekdays),
            reminder.at,
            reminder.time_zone,
            reminder.quiet_from,
            reminder.quiet_until,
        )
        slot = schedule.due_slot(choice, now)
        if (
            slot is None
            or ReminderSend.objects.filter(
                patient_id=reminder.patient_id, kind=reminder.kind, slot=slot
            ).exists()
        ):
            continue
        claim = _claim(reminder, slot)
        if claim is None:
            counts["taken"] += 1
            continue
        reason = _skip_reason(reminder, slot)
        if reason:
            _finish(claim, ReminderSend.Status.SKIPPED, "", reason)
        else:
            _deliver(reminder, claim)
        counts[{"sent": "sent", "skipped": "skipped"}.get(claim.status, "failed")] += 1
    return counts
