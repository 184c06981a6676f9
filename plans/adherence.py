"""Home-practice adherence for outcomes pages, by the self-care app's rules.

What was due and what was done is decided by selfcare (selfcare/schedule.py). This module
loads one patient's plan versions and practice once and works out any number of periods from
them, so a page's query count stays fixed however many weeks it charts."""

from collections.abc import Sequence
from datetime import date, timedelta

from django.utils import timezone

from clinic.models import Patient
from selfcare import queries, schedule
from selfcare.services import adherence_for_patients as _bulk

from .outcomes import Adherence


def adherence_periods(
    patient: Patient, periods: Sequence[tuple[date, date]]
) -> tuple[Adherence, ...]:
    """Adherence for each (start, end) period, inclusive, in two queries in all."""
    if not periods:
        return ()
    today = timezone.localdate()
    last = min(max(end for _, end in periods), today)
    first = min(start for start, _ in periods)
    plans = queries.periods_until(patient, until=last)
    done = queries.done_pairs(patient, start=first - timedelta(days=1), end=last)
    found = []
    for start, end in periods:
        end = min(end, today)
        pair = schedule.adherence(plans, done, start, end) if start <= end else (0, 0)
        found.append(Adherence(pair[0], pair[1], period_start=start))
    return tuple(found)


def adherence_between(patient: Patient, *, start: date, end: date) -> Adherence | None:
    if end < start:
        return None
    return adherence_periods(patient, [(start, end)])[0]


def weekly_periods(end: date, weeks: int) -> list[tuple[date, date]]:
    """The last `weeks` 7-day periods ending on `end`."""
    ends = [end - timedelta(days=7 * k) for k in range(weeks - 1, -1, -1)]
    return [(e - timedelta(days=6), e) for e in ends]


def adherence_for_patients(
    patients: Sequence[Patient], *, start: date, end: date
) -> dict[int, Adherence | None]:
    """Adherence over one period for many patients, in a fixed number of queries."""
    if not patients:
        return {}
    found = _bulk(patients, start=start, end=end)
    return {
        p.pk: Adherence(*found[p.pk], period_start=start) if p.pk in found else None
        for p in patients
    }
