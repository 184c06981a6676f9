"""Writes for care plans, visits, the headache diary, questionnaires and the calendar feed.

Each write is one short transaction; visit dates come from plans/schedule.py and scores from
plans/instruments.py. Clinic-wide settings are in plans/clinic_settings.py; reads that feed
pages are in plans/reports.py and plans/summary.py.
"""

from collections.abc import Iterable, Mapping
from datetime import date, time, timedelta
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from clinic.models import Patient, User

from .clinic_settings import clinic_calendar
from .instruments import Instrument
from .models import (
    CalendarFeed,
    CarePlan,
    DiaryEntry,
    DiaryEntryRevision,
    QuestionnaireResponse,
    Visit,
)
from .schedule import (
    DEFAULT_TAPER,
    CoursePlan,
    TaperStep,
    VisitKind,
    schedule_course,
    schedule_taper,
)

# Today and the six days before it can be filled in or changed; older entries are read-only.
DIARY_EDIT_DAYS = 7
# Form tokens remembered per diary day (a day is saved a handful of times at most).
MAX_TOKENS = 50
HEADACHE_DETAILS = {
    "peak": None,
    "hours": None,
    "locations": [],
    "character": "",
    "nausea": False,
    "light": False,
    "sound": False,
    "worse_with_activity": None,
}


class PlanError(ValueError):
    """A care-plan change that cannot be made; the message is for the therapist."""


class DiaryLocked(PermissionError):
    """The day is outside the back-fill window (or in the future)."""


def diary_is_editable(day: date, today: date) -> bool:
    return 0 <= (today - day).days < DIARY_EDIT_DAYS


def diary_editable_days(today: date) -> list[date]:
    return [today - timedelta(days=offset) for offset in range(DIARY_EDIT_DAYS)]


# --- Care plans and visits -------------------------------------------------------------------


def plan_create(
    *,
    patient: Patient,
    therapist: User,
    start: date,
    sessions: int,
    weeks: int,
    preferred_weekdays: Iterable[int] = (),
    headache_type: str,
    visit_time: time | None = None,
    key: UUID,
) -> tuple[CarePlan, bool]:
    """A care plan with its course visits on open clinic days. The same key twice gives the
    plan made the first time."""
    existing = CarePlan.objects.filter(idempotency_key=key, patient=patient).first()
    if existing is not None:
        return existing, False
    try:
        course = CoursePlan(start, sessions, weeks, tuple(sorted(set(preferred_weekdays))))
        visits = schedule_course(course, clinic_calendar(patient.clinic, since=start))
    except ValueError as exc:
        raise PlanError(str(exc)) from exc
    try:
        with transaction.atomic():
            if (
                CarePlan.objects.filter(patient=patient)
                .exclude(state=CarePlan.State.DISCHARGED)
                .exists()
            ):
                raise PlanError("This patient already has an open care plan.")
            plan = CarePlan.objects.create(
                patient=patient,
                therapist=therapist,
                sessions=sessions,
                weeks=weeks,
                start_date=start,
                preferred_weekdays=list(course.preferred_weekdays),
                visit_time=visit_time,
                headache_type=headache_type,
                idempotency_key=key,
            )
            Visit.objects.bulk_create(
                Visit(plan=plan, number=v.number, kind=v.kind.value, date=v.date, time=visit_time)
                for v in visits
            )
    except IntegrityError:
        existing = CarePlan.objects.filter(idempotency_key=key, patient=patient).first()
        if existing is None:
            raise PlanError("This patient already has an open care plan.") from None
        return existing, False
    return plan, True


def visit_record(
    *,
    visit: Visit,
    by: User,
    status: str,
    today: date,
    minutes: int | None = None,
    areas: Iterable[str] = (),
    techniques: Iterable[str] = (),
    note: str = "",
) -> Visit:
    """Attendance for one visit: attended (with minutes, areas and techniques), missed or
    cancelled. A record can be corrected later."""
    if status not in (Visit.Status.ATTENDED, Visit.Status.MISSED, Visit.Status.CANCELLED):
        raise PlanError("Choose attended, missed or cancelled.")
    if status != Visit.Status.CANCELLED and visit.date > today:
        raise PlanError("A visit in the future can only be cancelled or moved.")
    attended = status == Visit.Status.ATTENDED
    if attended and not minutes:
        raise PlanError("Give the length of the attended visit in minutes.")
    visit.status = status
    visit.minutes = minutes if attended else None
    visit.areas = list(areas) if attended else []
    visit.techniques = list(techniques) if attended else []
    visit.note = note
    visit.recorded_by = by
    visit.recorded_at = timezone.now()
    with transaction.atomic():
        visit.save()
    return visit


def visit_reschedule(*, visit: Visit, day: date, at: time | None, today: date) -> Visit:
    if visit.status == Visit.Status.ATTENDED:
        raise PlanError("An attended visit cannot be moved.")
    if day < today:
        raise PlanError("Choose today or a later date.")
    if not clinic_calendar(visit.plan.patient.clinic, since=day).is_open(day):
        raise PlanError("The clinic is closed on that day.")
    if visit.original_date is None:
        visit.original_date = visit.date
    visit.date, visit.time = day, at
    visit.status = Visit.Status.RESCHEDULED
    with transaction.atomic():
        visit.save(update_fields=["original_date", "date", "time", "status"])
    return visit


def plan_taper_start(
    *, plan: CarePlan, today: date, steps: Iterable[TaperStep] = DEFAULT_TAPER
) -> list[Visit]:
    """Maintenance visits after the course's last booked visit (or today, if later)."""
    with transaction.atomic():
        plan = CarePlan.objects.select_for_update().get(pk=plan.pk)
        if plan.state != CarePlan.State.ACTIVE:
            raise PlanError("The maintenance taper has already started for this plan.")
        visits = list(plan.visits.all())
        booked = [v.date for v in visits if v.is_upcoming]
        after = max([today, *booked])
        try:
            taper = schedule_taper(
                after,
                steps,
                clinic_calendar(plan.patient.clinic, since=after),
                first_number=max((v.number for v in visits), default=0) + 1,
            )
        except ValueError as exc:
            raise PlanError(str(exc)) from exc
        created = Visit.objects.bulk_create(
            Visit(
                plan=plan,
                number=v.number,
                kind=VisitKind.MAINTENANCE.value,
                date=v.date,
                time=plan.visit_time,
            )
            for v in taper
        )
        plan.state = CarePlan.State.MAINTENANCE
        plan.taper_started_on = today
        plan.save(update_fields=["state", "taper_started_on"])
    return created


def plan_discharge(*, plan: CarePlan, today: date) -> CarePlan:
    """Ends the plan; visits still booked are cancelled so they leave the patient's calendar."""
    with transaction.atomic():
        plan = CarePlan.objects.select_for_update().get(pk=plan.pk)
        if plan.state == CarePlan.State.DISCHARGED:
            return plan
        plan.visits.filter(status__in=Visit.UPCOMING).update(status=Visit.Status.CANCELLED)
        plan.state = CarePlan.State.DISCHARGED
        plan.discharged_on = today
        plan.save(update_fields=["state", "discharged_on"])
    return plan


# --- Headache diary --------------------------------------------------------------------------


def _normalise(values: Mapping) -> dict:
    data = {name: values[name] for name in DiaryEntry.VALUE_FIELDS if name in values}
    if not data.get("headache"):
        data.update(HEADACHE_DETAILS)
    return data


def diary_entry_save(
    *, patient: Patient, day: date, values: Mapping, by: User, today: date, token: UUID | None
) -> tuple[DiaryEntry, str]:
    """Create or update the one entry for `day`. Returns the entry and "created", "updated" or
    "unchanged". The values before an update are kept as a revision."""
    if not diary_is_editable(day, today):
        raise DiaryLocked(f"The diary for {day.isoformat()} can no longer be changed.")
    data = _normalise(values)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return _diary_upsert(patient, day, data, by, token)
        except IntegrityError:
            # Another request created the day's entry first; the second pass updates it.
            continue
    raise DiaryLocked("The diary could not be saved; please try again.")


def _diary_upsert(patient, day, data, by, token) -> tuple[DiaryEntry, str]:
    used = [str(token)] if token is not None else []
    entry = DiaryEntry.objects.select_for_update().filter(patient=patient, date=day).first()
    if entry is None:
        entry = DiaryEntry.objects.create(patient=patient, date=day, tokens=used, **data)
        return entry, "created"
    if used and used[0] in entry.tokens:
        return entry, "unchanged"
    previous = entry.values()
    for name, value in data.items():
        setattr(entry, name, value)
    entry.tokens = (entry.tokens + used)[-MAX_TOKENS:]
    if entry.values() == previous:
        entry.save(update_fields=["tokens"])
        return entry, "unchanged"
    DiaryEntryRevision.objects.create(entry=entry, previous=previous, changed_by=by)
    entry.save()
    return entry, "updated"


def diary_no_headache(
    *, patient: Patient, day: date, by: User, today: date
) -> tuple[DiaryEntry, bool]:
    """The one-tap "no headache" entry. A day already recorded is left as it is."""
    if not diary_is_editable(day, today):
        raise DiaryLocked(f"The diary for {day.isoformat()} can no longer be changed.")
    try:
        with transaction.atomic():
            return DiaryEntry.objects.get_or_create(
                patient=patient, date=day, defaults={"headache": False}
            )
    except IntegrityError:
        return DiaryEntry.objects.get(patient=patient, date=day), False


# --- Questionnaires --------------------------------------------------------------------------


def questionnaire_submit(
    *,
    patient: Patient,
    plan: CarePlan,
    instrument: Instrument,
    timepoint: str,
    answers: Mapping[str, str],
    key: UUID,
) -> tuple[QuestionnaireResponse, bool]:
    """Scores and stores the answers; the same key, or a second answer for the same
    timepoint, gives back the stored response."""
    score = instrument.score(answers)
    lookup = {"plan": plan, "instrument": instrument.code, "timepoint": timepoint}
    existing = (
        QuestionnaireResponse.objects.filter(idempotency_key=key, patient=patient).first()
        or QuestionnaireResponse.objects.filter(**lookup).first()
    )
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            response = QuestionnaireResponse.objects.create(
                patient=patient,
                answers=dict(answers),
                total=score.total,
                band=score.band.code,
                idempotency_key=key,
                **lookup,
            )
    except IntegrityError:
        return QuestionnaireResponse.objects.get(**lookup), False
    return response, True


# --- Calendar feed ---------------------------------------------------------------------------


def calendar_feed_issue(*, patient: Patient) -> CalendarFeed:
    """A new secret address; any earlier one stops working. The feed's `token` is there only
    on the returned object: the database keeps its hash."""
    with transaction.atomic():
        CalendarFeed.objects.filter(patient=patient).delete()
        return CalendarFeed.issue(patient)


def calendar_feed_revoke(*, patient: Patient) -> None:
    CalendarFeed.objects.filter(patient=patient).delete()


def doctor_summary_context(patient: Patient, *, as_of: date) -> dict:
    """Everything templates/print/doctor_summary.html needs, for the screen or a PDF."""
    from .summary import doctor_summary

    return doctor_summary(patient, as_of=as_of)
