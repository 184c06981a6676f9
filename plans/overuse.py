"""Medication overuse on rolling 30-day spans (ICHD-3 8.2 counts days "per month").

Fixed windows can split a run of medicine days in two: 16 triptan days in a row, 8 at the end of
one 28-day window and 8 at the start of the next, reach no window's threshold. So every span of
30 consecutive calendar days is looked at, whatever the windows shown on the page. Days without
an entry count as days without medicine (nothing recorded), as in the windows.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from plans.diary_days import DiaryDay, MedClass
from plans.outcomes import OVERUSE_SOURCE, MedicationDays, index_diary, overuse_warnings

SPAN_DAYS = 30
KIND_LABELS = {c.value: c.label for c in MedClass} | {
    "mixed": "Acute medicines of more than one class"
}


@dataclass(frozen=True)
class OveruseSpan:
    """The 30-day span with the most medicine days of one kind at or over its threshold."""

    kind: str  # a MedClass value, or "mixed"
    start: date
    end: date
    days: int
    threshold: int
    source: str = OVERUSE_SOURCE

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def message(self) -> str:
        return (
            f"{self.label} on {self.days} of {SPAN_DAYS} days in a row (threshold "
            f"{self.threshold}): review medicines with a doctor."
        )


def _medication(counts: Counter, any_class: int) -> MedicationDays:
    return MedicationDays(**{c.value: counts[c] for c in MedClass}, any_class=any_class)


def overuse_spans(
    diary: Mapping[date, DiaryDay] | Iterable[DiaryDay],
) -> tuple[OveruseSpan, ...]:
    """For each kind of overuse found on any 30-day span, the span with the most days.

    Ties go to the latest span. Kinds come in MedClass order, then "mixed"; "mixed" is reported
    for a span only when no single class in it reaches its own threshold (as in the windows).
    """
    by_date = diary if isinstance(diary, Mapping) else index_diary(diary)
    med_days = {d: frozenset(day.meds) for d, day in by_date.items() if day.meds}
    if not med_days:
        return ()
    first, last = min(med_days), max(med_days)
    counts: Counter = Counter()
    any_class = 0
    best: dict[str, OveruseSpan] = {}
    # Slide a 30-day span from the one ending on the first medicine day to the one starting on
    # the last: every span that holds a medicine day is seen once.
    start = first - timedelta(days=SPAN_DAYS - 1)
    for offset in range(SPAN_DAYS):
        classes = med_days.get(start + timedelta(days=offset))
        if classes:
            counts.update(classes)
            any_class += 1
    while start <= last:
        end = start + timedelta(days=SPAN_DAYS - 1)
        for warning in overuse_warnings(_medication(counts, any_class), SPAN_DAYS):
            held = best.get(warning.kind)
            if held is None or warning.days >= held.days:
                best[warning.kind] = OveruseSpan(
                    warning.kind, start, end, warning.days, warning.threshold
                )
        leaving = med_days.get(start)
        if leaving:
            counts.subtract(leaving)
            any_class -= 1
        entering = med_days.get(end + timedelta(days=1))
        if entering:
            counts.update(entering)
            any_class += 1
        start += timedelta(days=1)
    order = [c.value for c in MedClass] + ["mixed"]
    return tuple(best[kind] for kind in order if kind in best)
