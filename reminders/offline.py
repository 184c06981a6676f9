"""Writes made on a phone without a network, sent later by the service worker. Each carries a
key the phone made up; the key is bound to the signed-in patient here, so a resend stores
nothing new and another patient's key can never reach this patient's rows. Every write goes
through the same service (and so the same safety gate and validation) as the online forms."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.http import QueryDict
from django.utils import timezone

from clinic.models import Patient, User
from plans.clinic_settings import clinic_triggers
from plans.forms import DiaryEntryForm
from plans.services import DiaryLocked, diary_entry_save, diary_no_headache
from selfcare import queries as selfcare_queries
from selfcare import services as selfcare_services
from selfcare.forms import PracticeLogForm

KINDS = ("practice", "diary", "diary-quick")
MAX_BATCH = 50
# A phone may stay offline overnight: practice is accepted for today and yesterday.
PRACTICE_DAYS_BACK = 1


@dataclass(frozen=True)
class Outcome:
    key: str
    status: str  # "saved" or "refused"
    message: str
    kind: str = ""
    obj: object | None = None

    def as_dict(self) -> dict[str, str]:
        return {"key": self.key, "status": self.status, "message": self.message}


def patient_key(patient: Patient, kind: str, key: uuid.UUID) -> uuid.UUID:
    """The stored idempotency key: the phone's key, bound to this patient and kind."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"offline:{patient.public_id}:{kind}:{key}")


def _refused(key: str, message: str, kind: str = "") -> Outcome:
    return Outcome(key, "refused", message, kind)


def _day(raw, today: date) -> date | None:
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        return None


def _fields(raw) -> QueryDict:
    data = QueryDict(mutable=True)
    if isinstance(raw, dict):
        for name, value in raw.items():
            values = value if isinstance(value, list) else [value]
            data.setlist(str(name)[:100], [str(v)[:2000] for v in values[:50]])
    return data


class SyncForm(DiaryEntryForm):
    """The diary form without its page token: the phone's key does that job here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["token"]


def sync_item(*, patient: Patient, user: User, item: dict, today: date) -> Outcome:
    raw_key, kind = str(item.get("key", ""))[:64], item.get("kind")
    try:
        key = uuid.UUID(raw_key)
    except ValueError:
        return _refused(raw_key, "This entry could not be read and was not saved.")
    if kind not in KINDS:
        return _refused(raw_key, "This entry could not be read and was not saved.")
    day = _day(item.get("day"), today)
    if day is None or day > today:
        return _refused(raw_key, "This entry has no valid day and was not saved.", kind)
    fields = _fields(item.get("fields"))
    if kind == "practice":
        return _practice(patient, key, raw_key, str(item.get("slug", ""))[:100], day, fields, today)
    try:
        if kind == "diary-quick":
            entry, _ = diary_no_headache(patient=patient, day=day, by=user, today=today)
            return Outcome(raw_key, "saved", f"Diary for {day:%A %-d %B} saved.", kind, entry)
        form = SyncForm(fields, triggers=clinic_triggers(patient.clinic, active_only=False))
        if not form.is_valid():
            return _refused(
                raw_key, f"The diary for {day:%A %-d %B} was not saved: {_first_error(form)}", kind
            )
        entry, _ = diary_entry_save(
            patient=patient,
            day=day,
            values=form.values(),
            by=user,
            today=today,
            token=patient_key(patient, kind, key),
        )
    except DiaryLocked as locked:
        return _refused(raw_key, str(locked), kind)
    return Outcome(raw_key, "saved", f"Diary for {day:%A %-d %B} saved.", kind, entry)


def _first_error(form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return "please check it and try again."


def _practice(patient, key, raw_key, slug, day, fields, today) -> Outcome:
    if day < today - timedelta(days=PRACTICE_DAYS_BACK):
        return _refused(raw_key, "Practice from more than a day ago cannot be logged.", "practice")
    plan_item = selfcare_queries.current_plan_item(patient, slug)
    if plan_item is None:
        return _refused(raw_key, "That routine is no longer in your home plan.", "practice")
    fields["token"] = "offline"  # the page's token is not needed: the phone's key is used
    form = PracticeLogForm(fields)
    if not form.is_valid():
        return _refused(
            raw_key, "The practice log could not be read and was not saved.", "practice"
        )
    data = {name: form.cleaned_data[name] for name in ("pain_before", "pain_after")}
    try:
        entry, _ = selfcare_services.practice_log(
            patient=patient,
            item=plan_item,
            day=day,
            token=patient_key(patient, "practice", key),
            with_timer=bool(form.cleaned_data.get("with_timer")),
            **data,
        )
    except selfcare_services.PracticeRefused as refused:
        return _refused(raw_key, str(refused), "practice")
    return Outcome(raw_key, "saved", f"Done: {plan_item.routine.title}.", "practice", entry)


def sync_batch(*, patient: Patient, user: User, items: list) -> list[Outcome]:
    today = timezone.localdate()
    return [
        sync_item(
            patient=patient, user=user, item=item if isinstance(item, dict) else {}, today=today
        )
        for item in items[:MAX_BATCH]
    ]
