"""Reads for self-care pages: what a patient may see, what is due, and how it is going.
Each function runs a fixed number of queries however many routines or plan items there are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Subquery
from django.utils import timezone

from clinic.models import Patient
from triage.models import Screening
from triage.questions import REGION_LABELS

from . import contraindications, schedule
from .models import HomePlan, PlanItem, PlanTemplate, PlanTemplateItem, PracticeEntry, Routine


@dataclass(frozen=True)
class Exclusion:
    """What the patient's latest full screening rules out: pressure on some regions, and
    routines its answers contraindicate (see contraindications.py). For the therapist's side;
    the patient's side asks selfcare/allowed.py, which adds the gate."""

    regions: tuple[str, ...] = ()
    screening: Screening | None = None
    limits: frozenset[str] = frozenset()

    def blocks(self, routine: Routine) -> bool:
        return bool(self.reason(routine))

    def reason(self, routine: Routine) -> str:
        """Why a routine is hidden, e.g. "Left shoulder excluded by the screening of 3 May"."""
        when = ""
        if self.screening:
            day = timezone.localdate(self.screening.created_at)
            when = f" by the screening of {day.day} {day:%B %Y}"
        blocked = [r for r in routine.regions if r in self.regions]
        if blocked:
            names = ", ".join(REGION_LABELS[r] for r in blocked)
            return f"{names} excluded{when}"
        offer = contraindications.offer(routine, self.limits)
        return "" if offer.allowed else f"{offer.reason.rstrip('.')}{when}"


def exclusion_for(patient: Patient, *, latest: Screening | None = None) -> Exclusion:
    """What the screenings in force rule out, whatever the gate's state, so a therapist never
    plans a routine the patient may not be given while a result is waiting for review. In force:
    the latest full screening and every result since (a questionnaire ended early on a warning
    sign, a stop during practice), whose exclusions add to it, never replace it."""
    if latest is None:  # the caller may know it already (the gate reads it)
        latest = patient.screenings.filter(kind=Screening.Kind.FULL).first()
    since = Screening.objects.filter(patient=patient)
    if latest is not None:
        since = since.filter(created_at__gte=latest.created_at)
    screenings = list(since.only("kind", "answers", "excluded_regions", "created_at"))
    return exclusion_of(*screenings)


def exclusion_of(*screenings: Screening) -> Exclusion:
    """The union of what these screenings rule out; `screening` is the newest of them."""
    if not screenings:
        return Exclusion()
    regions = {r for s in screenings for r in s.excluded_regions}
    limits = frozenset().union(*(contraindications.limits_for(s.answers) for s in screenings))
    newest = max(screenings, key=lambda s: s.created_at)
    return Exclusion(tuple(sorted(regions)), newest, limits)


def filter_routines(
    routines, *, region: str = "", tool: str = "", position: str = "", text: str = ""
) -> list[Routine]:
    """The library search. Regions and tools are JSON lists, filtered here so that the same
    code runs on SQLite and PostgreSQL; the library is a few dozen rows."""
    words = text.lower().split()
    out = []
    for routine in routines:
        if region and region not in routine.regions:
            continue
        if tool and tool not in routine.tools:
            continue
        if position and routine.position != position:
            continue
        haystack = f"{routine.title} {routine.summary}".lower()
        if words and not all(word in haystack for word in words):
            continue
        out.append(routine)
    return out


def routines_for(user) -> list[Routine]:
    return list(Routine.objects.for_clinic(user.clinic_id).select_related("owner"))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _versions(**filters):
    return (
        HomePlan.objects.filter(**filters)
        .select_related("created_by")
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.select_related("routine")))
        .order_by("created_at", "version")
    )


def periods_for(patient_ids, *, until: date) -> dict[int, tuple[schedule.PlanPeriod, ...]]:
    """The schedule's view of every plan version up to `until`, per patient: only the start
    day and each item's routine and frequency, read as plain rows in one query (a version
    with no items comes back as one row of None)."""
    rows = (
        HomePlan.objects.filter(
            patient_id__in=patient_ids, created_at__lt=_day_start(until + timedelta(1))
        )
        .order_by("created_at", "version", "items__order", "items__id")
        .values_list("pk", "patient_id", "created_at", "items__routine_id", "items__frequency")
    )
    versions: dict[int, tuple[int, date, list[schedule.ItemRule]]] = {}
    for pk, patient_id, created_at, routine_id, frequency in rows:
        if pk not in versions:
            versions[pk] = (patient_id, timezone.localdate(created_at), [])
        if routine_id is not None:
            versions[pk][2].append(schedule.ItemRule(routine_id, frequency))
    out: dict[int, list[schedule.PlanPeriod]] = defaultdict(list)
    for patient_id, starts_on, rules in versions.values():
        out[patient_id].append(schedule.PlanPeriod(starts_on, tuple(rules)))
    return {patient_id: tuple(periods) for patient_id, periods in out.items()}


def periods_until(patient: Patient, *, until: date) -> tuple[schedule.PlanPeriod, ...]:
    return periods_for([patient.pk], until=until).get(patient.pk, ())


def done_pairs(patient: Patient, *, start: date, end: date) -> schedule.Done:
    # A routine stopped early is logged but not done.
    rows = PracticeEntry.objects.filter(
        patient=patient, day__gte=start, day__lte=end, partial=False
    )
    return frozenset(rows.values_list("routine_id", "day"))


def done_pairs_for(patient_ids, *, start: date, end: date) -> dict[int, schedule.Done]:
    rows = PracticeEntry.objects.filter(
        patient_id__in=patient_ids, day__gte=start, day__lte=end, partial=False
    )
    found: dict[int, set] = defaultdict(set)
    for patient_id, routine_id, day in rows.values_list("patient_id", "routine_id", "day"):
        found[patient_id].add((routine_id, day))
    return {pk: frozenset(pairs) for pk, pairs in found.items()}


STREAK_DAYS = 60


@dataclass(frozen=True)
class TodayRow:
    item: PlanItem
    due: bool
    done: bool
    partial: bool = False


@dataclass(frozen=True)
class TodaySummary:
    plan: HomePlan | None
    rows: tuple[TodayRow, ...]
    streak: int
    week: tuple[int, int]
    month: tuple[int, int]

    @property
    def due_count(self) -> int:
        return sum(row.due for row in self.rows)

    @property
    def done_count(self) -> int:
        return sum(row.due and row.done for row in self.rows)


def today_summary(patient: Patient, today: date) -> TodaySummary:
    periods = periods_until(patient, until=today)
    if not periods:
        return TodaySummary(None, (), 0, (0, 0), (0, 0))
    # The streak looks back at most STREAK_DAYS: practice before that is not loaded.
    practice = PracticeEntry.objects.filter(
        patient=patient, day__gte=today - timedelta(STREAK_DAYS), day__lte=today
    ).values_list("routine_id", "day", "partial")
    done = frozenset((routine_id, day) for routine_id, day, partial in practice if not partial)
    # A routine stopped early today is shown as partly done.
    partly = {routine_id for routine_id, day, partial in practice if partial and day == today}
    status = {item.routine_id: item for item in schedule.day_items(periods, done, today)}
    current = _versions(patient=patient, created_at__lt=_day_start(today + timedelta(1))).last()
    rows = tuple(
        TodayRow(
            item,
            status[item.routine_id].due,
            status[item.routine_id].done,
            item.routine_id in partly,
        )
        for item in current.items.all()
    )
    return TodaySummary(
        plan=current,
        rows=rows,
        streak=schedule.streak(periods, done, today),
        week=schedule.adherence(periods, done, today - timedelta(6), today),
        month=schedule.adherence(periods, done, today - timedelta(27), today),
    )


def current_plan_item(patient: Patient, slug: str) -> PlanItem | None:
    """The routine's item in the patient's current plan version, if it is there."""
    latest = HomePlan.objects.filter(patient=patient).order_by("-version").values("pk")[:1]
    return (
        PlanItem.objects.select_related("routine", "plan__created_by")
        .filter(plan=Subquery(latest), routine__slug=slug)
        .first()
    )


def practice_history(patient: Patient, *, start: date, end: date) -> list[PracticeEntry]:
    return list(
        PracticeEntry.objects.filter(patient=patient, day__gte=start, day__lte=end)
        .select_related("routine")
        .order_by("-day", "routine__title")
    )


def templates_for(clinic_id: int):
    return PlanTemplate.objects.filter(clinic_id=clinic_id).prefetch_related(
        Prefetch("items", queryset=PlanTemplateItem.objects.select_related("routine"))
    )
