"""The reminders' part of the patient's own data download (see plans/export.py). A device's push
address and keys work like a password for that phone, so the download says only that it exists."""

from clinic.models import Patient
from plans.export import local_iso

from .models import PushDevice, ReminderSchedule, ReminderSend


def _schedules(patient: Patient) -> list[dict]:
    rows = ReminderSchedule.objects.filter(patient=patient).order_by("kind")
    return [
        {"kind": r.get_kind_display(), "enabled": r.enabled, "weekdays": r.weekdays, "at": r.at,
         "time_zone": r.time_zone, "quiet_from": r.quiet_from, "quiet_until": r.quiet_until,
         "accepted": r.accepted, "updated": local_iso(r.updated_at)}
        for r in rows
    ]  # fmt: skip


def _devices(patient: Patient) -> list[dict]:
    rows = PushDevice.objects.filter(patient=patient).order_by("created_at")
    return [
        {"label": d.label, "added": local_iso(d.created_at), "last_sent": local_iso(d.last_sent_at)}
        for d in rows
    ]


def _sends(patient: Patient) -> list[dict]:
    rows = ReminderSend.objects.filter(patient=patient).order_by("slot")
    return [
        {"kind": s.get_kind_display(), "slot": local_iso(s.slot), "status": s.get_status_display(),
         "channel": s.channel, "detail": s.detail}
        for s in rows
    ]  # fmt: skip


KINDS = {
    "reminders": ("Reminders", ("reminders.ReminderSchedule",), _schedules,
                  ("kind", "enabled", "weekdays", "at", "time_zone", "quiet_from", "quiet_until",
                   "accepted", "updated")),
    "reminder_devices": ("Phones that receive reminders", ("reminders.PushDevice",), _devices,
                         ("label", "added", "last_sent")),
    "reminders_sent": ("Reminders sent", ("reminders.ReminderSend",), _sends,
                       ("kind", "slot", "status", "channel", "detail")),
}  # fmt: skip


def register() -> None:
    from plans.export import register_kind

    for kind, (label, sources, extractor, columns) in KINDS.items():
        register_kind(kind, label=label, sources=sources, columns=columns, extractor=extractor)
