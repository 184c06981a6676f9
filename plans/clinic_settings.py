"""Clinic-wide care settings: closed days, switched-on questionnaires and the diary's trigger
list. Writes are short transactions, as in plans/services.py."""

from datetime import date

from django.db import transaction
from django.utils.text import slugify

from clinic.models import Clinic

from .instruments import Instrument, get_instrument
from .models import ClinicInstrument, ClosedDay, Trigger
from .schedule import ClinicCalendar

DEFAULT_TRIGGERS: tuple[tuple[str, str], ...] = (
    ("stress", "Stress"),
    ("sleep", "Poor sleep"),
    ("screen_time", "Screen time"),
    ("posture", "Posture"),
    ("missed_meal", "Missed meal"),
    ("menstruation", "Menstruation"),
    ("alcohol", "Alcohol"),
    ("weather", "Weather"),
)


def clinic_calendar(clinic: Clinic, *, since: date | None = None) -> ClinicCalendar:
    closed = ClosedDay.objects.filter(clinic=clinic)
    if since is not None:
        closed = closed.filter(date__gte=since)
    return ClinicCalendar(
        closed_weekdays=frozenset(clinic.closed_weekdays or ()),
        closed_dates=frozenset(closed.values_list("date", flat=True)),
    )


def enabled_instruments(clinic: Clinic) -> list[Instrument]:
    codes = ClinicInstrument.objects.filter(clinic=clinic, enabled=True).values_list(
        "code", flat=True
    )
    found = []
    for code in sorted(codes):
        try:
            found.append(get_instrument(code))
        except ValueError:
            continue  # an instrument that is no longer registered
    return found


def instrument_set(*, clinic: Clinic, code: str, enabled: bool) -> ClinicInstrument:
    get_instrument(code)
    setting, _ = ClinicInstrument.objects.update_or_create(
        clinic=clinic, code=code, defaults={"enabled": enabled}
    )
    return setting


def closed_weekdays_set(*, clinic: Clinic, weekdays: list[int]) -> None:
    """Days the clinic is closed every week. New plans and moved visits skip them; visits
    already booked keep their dates."""
    clinic.closed_weekdays = sorted(set(weekdays))
    with transaction.atomic():
        clinic.save(update_fields=["closed_weekdays"])


def visits_booked_on(clinic: Clinic, day: date):
    """Scheduled visits of the clinic's patients on one day."""
    from .models import Visit

    return (
        Visit.objects.filter(plan__patient__clinic=clinic, date=day, status=Visit.Status.SCHEDULED)
        .select_related("plan__patient__user")
        .order_by("time", "plan__patient__user__full_name")
    )


def closed_day_add(*, clinic: Clinic, day: date, reason: str) -> tuple[ClosedDay, bool]:
    return ClosedDay.objects.get_or_create(clinic=clinic, date=day, defaults={"reason": reason})


def closed_day_remove(*, clinic: Clinic, day: date) -> bool:
    deleted, _ = ClosedDay.objects.filter(clinic=clinic, date=day).delete()
    return bool(deleted)


def clinic_triggers(clinic: Clinic, *, active_only: bool = True) -> list[Trigger]:
    """The clinic's trigger list; the default list is written the first time it is needed."""
    triggers = list(Trigger.objects.filter(clinic=clinic))
    if not triggers:
        Trigger.objects.bulk_create(
            [
                Trigger(clinic=clinic, code=code, label=label, position=n)
                for n, (code, label) in enumerate(DEFAULT_TRIGGERS)
            ],
            ignore_conflicts=True,
        )
        triggers = list(Trigger.objects.filter(clinic=clinic))
    return [t for t in triggers if t.active or not active_only]


def trigger_add(*, clinic: Clinic, label: str) -> tuple[Trigger, bool]:
    code = slugify(label).replace("-", "_")[:40] or "trigger"
    clinic_triggers(clinic)  # the defaults come first
    with transaction.atomic():
        existing = Trigger.objects.filter(clinic=clinic, code=code).first()
        if existing is not None:
            existing.active = True
            existing.label = label
            existing.save(update_fields=["active", "label"])
            return existing, False
        position = Trigger.objects.filter(clinic=clinic).count()
        return Trigger.objects.create(
            clinic=clinic, code=code, label=label, position=position
        ), True


def trigger_update(*, trigger: Trigger, label: str, active: bool) -> Trigger:
    trigger.label = label
    trigger.active = active
    trigger.save(update_fields=["label", "active"])
    return trigger
