"""Home-practice adherence, as reported by the self-care app.

The self-care app decides what was due and what was done (`selfcare.services.adherence_for`);
this module only asks it, in a way that keeps a page's query count fixed: one patient's figures
for a few periods, or many patients' figures for one period in a fixed number of queries.
Everything is imported lazily, so outcomes still show (without adherence) where self-care is
not installed.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from clinic.models import Patient

from .outcomes import Adherence


def _adherence_for():
    try:
        from selfcare.services import adherence_for
    except ImportError:
        return None
    return adherence_for


def available() -> bool:
    return _adherence_for() is not None


def adherence_between(patient: Patient, *, start: date, end: date) -> Adherence | None:
    adherence_for = _adherence_for()
    if adherence_for is None or end < start:
        return None
    done, due = adherence_for(patient, start=start, end=end)
    return Adherence(done, due, period_start=start)


def weekly_adherence(patient: Patient, *, end: date, weeks: int) -> tuple[Adherence, ...]:
    """The last `weeks` 7-day periods ending on `end` (a fixed number of calls)."""
    if _adherence_for() is None:
        return ()
    periods = []
    for k in range(weeks, 0, -1):
        week_end = end - timedelta(days=7 * (k - 1))
        found = adherence_between(patient, start=week_end - timedelta(days=6), end=week_end)
        if found is not None:
            periods.append(found)
    return tuple(periods)


def adherence_for_patients(
    patients: Sequence[Patient], *, start: date, end: date
) -> dict[int, Adherence | None]:
    """Adherence over one period for many patients, in a fixed number of queries."""
    if not patients:
        return {}
    try:
        from selfcare.services import adherence_for_patients as bulk
    except ImportError:
        bulk = None
    if bulk is not None:
        found = bulk(patients, start=start, end=end)
        return {p.pk: _wrap(found.get(p.pk), start) for p in patients}
    return _bulk_from_schedule(patients, start=start, end=end)


def _wrap(pair: tuple[int, int] | None, start: date) -> Adherence | None:
    return None if pair is None else Adherence(pair[0], pair[1], period_start=start)


def _bulk_from_schedule(
    patients: Iterable[Patient], *, start: date, end: date
) -> dict[int, Adherence | None]:
    # The same rules as selfcare.services.adherence_for (plan versions in force, logged
    # practice from the day before `start`), with the rows for all patients loaded at once.
    try:
        from selfcare import queries, schedule
        from selfcare.models import HomePlan, PlanItem, PracticeEntry
    except ImportError:
        return {p.pk: None for p in patients}
    from django.db.models import Prefetch

    ids = [p.pk for p in patients]
    end = min(end, timezone.localdate())
    if end < start:
        return {pk: Adherence(0, 0, period_start=start) for pk in ids}
    day_after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    plans = defaultdict(list)
    for plan in (
        HomePlan.objects.filter(patient_id__in=ids, created_at__lt=day_after)
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.select_related("routine")))
        .order_by("created_at", "version")
    ):
        plans[plan.patient_id].append(plan)
    done = defaultdict(set)
    for patient_id, routine_id, day in PracticeEntry.objects.filter(
        patient_id__in=ids, day__gte=start - timedelta(days=1), day__lte=end
    ).values_list("patient_id", "routine_id", "day"):
        done[patient_id].add((routine_id, day))
    result = {}
    for pk in ids:
        periods = queries.periods_of(plans.get(pk, []))
        pair = schedule.adherence(periods, frozenset(done.get(pk, ())), start, end)
        result[pk] = Adherence(pair[0], pair[1], period_start=start)
    return result
