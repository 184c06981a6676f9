"""Headache-diary outcomes: baseline, 28-day windows, responders and medication-overuse flags,
from diary days (plans/diary_days.py).

Counting rules follow docs/clinical.md ("Outcomes and counting"). A day without a diary entry
is "not recorded": it never counts as headache-free. Day counts are reported as observed and,
for comparison, normalised to 28 days over the recorded days (count x 28 / recorded days), but
only for periods with at least 21 recorded days: anything thinner is "too early to compare" and
gives no rate, change, percent or responder. Medication overuse is looked for on every rolling
30-day span (plans/overuse.py), not only inside these windows.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING

from plans.diary_days import (
    MIGRAINE_LIKE_RULE,
    TENSION_TYPE_LIKE_RULE,
    UNCLASSIFIED_RULE,
    DayLabel,
    DiaryDay,
    MedClass,
    classify_day,
    is_moderate_severe,
    whole_in_range,
)
from plans.instruments import HIT6, HeadacheType, LabelledChoice, ScoreChange

if TYPE_CHECKING:
    from plans.overuse import OveruseSpan

WINDOW_DAYS = 28
# A period (window or baseline) needs this many recorded days before it is compared with
# anything; the pre-session baseline is used only when it reaches it.
MIN_RECORDED_DAYS = 21
OVERUSE_DAYS_SIMPLE = 15
OVERUSE_DAYS_OTHER = 10


class BaselineSource(LabelledChoice):
    PRE_SESSION = "pre_session", "28 days before the first session"
    FIRST_DIARY_DAYS = "first_diary_days", "First 28 diary days"


OVERUSE_THRESHOLDS: Mapping[MedClass, int] = MappingProxyType(
    {c: OVERUSE_DAYS_SIMPLE if c is MedClass.SIMPLE else OVERUSE_DAYS_OTHER for c in MedClass}
)

BASELINE_RULE = (
    "Baseline: the 28 days before the first clinic session when at least 21 of them are "
    "recorded; otherwise the first 28 diary days, marked as overlapping treatment when any of "
    "them falls on or after the first session."
)
TOO_EARLY_RULE = (
    "Too early to compare: a period with fewer than 21 recorded days gives no days per 28, no "
    "change, no percentage and no responder; its days are shown as counted."
)
RESPONDER_RULE = (
    "Responder: headache days per 28 recorded days down by 50% or more from baseline, in the "
    "latest 28-day period with at least 21 recorded days."
)
OVERUSE_SOURCE = "ICHD-3 8.2"
OVERUSE_RULE = (
    "Possible medication overuse: simple painkillers on 15 or more days, or triptans/ergots, "
    "opioids or combination painkillers on 10 or more days, or any mix of these on 10 or more "
    "days, within any 30 days in a row."
)
RULE_TEXTS: tuple[str, ...] = (
    MIGRAINE_LIKE_RULE,
    TENSION_TYPE_LIKE_RULE,
    UNCLASSIFIED_RULE,
    BASELINE_RULE,
    TOO_EARLY_RULE,
    RESPONDER_RULE,
    OVERUSE_RULE,
)


@dataclass(frozen=True)
class MedicationDays:
    simple: int = 0
    triptan_ergot: int = 0
    opioid: int = 0
    combination: int = 0
    any_class: int = 0

    def for_class(self, med_class: str) -> int:
        return int(getattr(self, MedClass.parse(med_class, "medicine class").value))


@dataclass(frozen=True)
class OveruseWarning:
    kind: str  # a MedClass value, or "mixed"
    days: int
    threshold: int
    message: str
    source: str = OVERUSE_SOURCE


def overuse_warnings(
    medication: MedicationDays, window_days: int = WINDOW_DAYS
) -> tuple[OveruseWarning, ...]:
    """ICHD-3 8.2 thresholds; mixed classes only when no single class reaches its own."""
    found = [
        (c.value, c.label, medication.for_class(c), limit)
        for c, limit in OVERUSE_THRESHOLDS.items()
        if medication.for_class(c) >= limit
    ]
    classes_used = sum(1 for c in MedClass if medication.for_class(c))
    if not found and classes_used > 1 and medication.any_class >= OVERUSE_DAYS_OTHER:
        label = "Acute medicines of more than one class"
        found.append(("mixed", label, medication.any_class, OVERUSE_DAYS_OTHER))
    advice = "review medicines with a doctor."
    return tuple(
        OveruseWarning(
            kind,
            days,
            limit,
            f"{label} on {days} of {window_days} days (threshold {limit}): {advice}",
        )
        for kind, label, days, limit in found
    )


def _per_28(count: int, recorded: int) -> Fraction | None:
    return Fraction(count * WINDOW_DAYS, recorded) if recorded else None


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class WindowSummary:
    start: date
    end: date
    days: int
    recorded_days: int
    headache_days: int
    moderate_severe_days: int
    migraine_like_days: int
    tension_type_like_days: int
    unclassified_days: int
    mean_peak: float | None
    medication: MedicationDays
    overuse: tuple[OveruseWarning, ...] = ()

    @property
    def completeness(self) -> float:
        return self.recorded_days / self.days

    @property
    def comparable(self) -> bool:
        """Enough recorded days (21) to give rates and be compared; otherwise too early."""
        return self.recorded_days >= MIN_RECORDED_DAYS

    @property
    def days_short(self) -> int:
        """Recorded days still missing before the period can be compared."""
        return max(0, MIN_RECORDED_DAYS - self.recorded_days)

    @property
    def headache_rate(self) -> Fraction | None:
        """Headache days per 28 recorded days, exact; None while too early to compare."""
        return _per_28(self.headache_days, self.recorded_days) if self.comparable else None

    @property
    def headache_days_per_28(self) -> float | None:
        return _float(self.headache_rate)

    @property
    def moderate_severe_days_per_28(self) -> float | None:
        if not self.comparable:
            return None
        return _float(_per_28(self.moderate_severe_days, self.recorded_days))


def index_diary(diary: Iterable[DiaryDay]) -> dict[date, DiaryDay]:
    by_date: dict[date, DiaryDay] = {}
    for day in diary:
        if day.date in by_date:
            raise ValueError(f"More than one diary entry for {day.date.isoformat()}.")
        by_date[day.date] = day
    return by_date


def summarise(
    diary: Mapping[date, DiaryDay] | Iterable[DiaryDay],
    start: date,
    end: date,
    *,
    age: int | None = None,
    check_overuse: bool = True,
) -> WindowSummary:
    """Counts for the days start..end inclusive."""
    if end < start:
        raise ValueError(f"Window end {end.isoformat()} is before its start {start.isoformat()}.")
    by_date = diary if isinstance(diary, Mapping) else index_diary(diary)
    span = (end - start).days + 1
    entries = [by_date[d] for d in (start + timedelta(days=i) for i in range(span)) if d in by_date]
    headache = [day for day in entries if day.headache]
    labels = [classify_day(day, age) for day in headache]
    peaks = [day.peak for day in headache if day.peak is not None]
    med_days = {c: sum(1 for day in entries if day.meds.get(c)) for c in MedClass}
    medication = MedicationDays(
        **{c.value: n for c, n in med_days.items()},
        any_class=sum(1 for day in entries if day.meds),
    )
    return WindowSummary(
        start=start,
        end=end,
        days=span,
        recorded_days=len(entries),
        headache_days=len(headache),
        moderate_severe_days=sum(1 for day in headache if is_moderate_severe(day)),
        migraine_like_days=labels.count(DayLabel.MIGRAINE_LIKE),
        tension_type_like_days=labels.count(DayLabel.TENSION_TYPE_LIKE),
        unclassified_days=labels.count(DayLabel.UNCLASSIFIED),
        mean_peak=sum(peaks) / len(peaks) if peaks else None,
        medication=medication,
        overuse=overuse_warnings(medication, span) if check_overuse else (),
    )


@dataclass(frozen=True)
class Baseline:
    source: BaselineSource
    summary: WindowSummary
    overlaps_treatment: bool

    @property
    def comparable(self) -> bool:
        return self.summary.comparable


def choose_baseline(
    diary: Mapping[date, DiaryDay],
    *,
    first_session: date | None,
    as_of: date,
    age: int | None = None,
) -> Baseline | None:
    if first_session is not None:
        start = first_session - timedelta(days=WINDOW_DAYS)
        end = min(first_session - timedelta(days=1), as_of)
        if start <= end:
            summary = summarise(diary, start, end, age=age)
            if summary.recorded_days >= MIN_RECORDED_DAYS:
                return Baseline(BaselineSource.PRE_SESSION, summary, overlaps_treatment=False)
    recorded = sorted(d for d in diary if d <= as_of)
    if not recorded:
        return None
    start = recorded[0]
    end = min(start + timedelta(days=WINDOW_DAYS - 1), as_of)
    summary = summarise(diary, start, end, age=age)
    overlaps = first_session is not None and first_session <= end
    return Baseline(BaselineSource.FIRST_DIARY_DAYS, summary, overlaps_treatment=overlaps)


@dataclass(frozen=True)
class WindowChange:
    headache_days: float | None  # per 28 recorded days, window minus baseline
    percent: float | None  # None when the baseline had no headache days
    responder: bool | None  # None when too early or the baseline had no headache days
    # The window or the baseline has fewer than 21 recorded days: nothing is compared.
    too_early: bool = False


TOO_EARLY = WindowChange(None, None, None, too_early=True)


def compare_to_baseline(window: WindowSummary, baseline: WindowSummary) -> WindowChange:
    now, before = window.headache_rate, baseline.headache_rate
    if now is None or before is None:
        return TOO_EARLY
    percent = float((now - before) * 100 / before) if before else None
    # Exact fractions, so that exactly 50% fewer days counts as a response.
    responder = (before - now) * 2 >= before if before else None
    return WindowChange(float(now - before), percent, responder)


@dataclass(frozen=True)
class WindowOutcome:
    number: int  # 1 for the first 28 days after the baseline
    summary: WindowSummary
    change: WindowChange


@dataclass(frozen=True)
class Adherence:
    """Home-plan adherence: sessions done out of sessions due, for a period."""

    done: int
    due: int
    period_start: date | None = None

    def __post_init__(self) -> None:
        if not (whole_in_range(self.done, 0) and whole_in_range(self.due, 0)):
            raise ValueError(f"Adherence needs whole numbers of 0 or more, got {self!r}.")

    @property
    def ratio(self) -> float | None:
        """Done / due, capped at 1 (extra practice does not make up for other weeks)."""
        return min(self.done / self.due, 1.0) if self.due else None


@dataclass(frozen=True)
class OutcomeReport:
    as_of: date
    baseline: Baseline | None
    windows: tuple[WindowOutcome, ...]
    hit6: ScoreChange | None
    adherence: Adherence | None
    rules: tuple[str, ...] = RULE_TEXTS
    # Rolling 30-day spans at or over an overuse threshold (plans/overuse.py).
    overuse: tuple["OveruseSpan", ...] = ()

    @property
    def current(self) -> WindowOutcome | None:
        """The latest window, which may still be running and too early to compare."""
        return self.windows[-1] if self.windows else None

    @property
    def compared(self) -> WindowOutcome | None:
        """The latest window that could be compared with the baseline (21+ recorded days)."""
        return next((w for w in reversed(self.windows) if not w.change.too_early), None)


def outcome_windows(
    diary: Mapping[date, DiaryDay], baseline: Baseline | None, *, as_of: date, age: int | None
) -> tuple[WindowOutcome, ...]:
    """Consecutive 28-day windows after the baseline; the last one may still be running."""
    if baseline is None:
        return ()
    windows = []
    start = baseline.summary.start + timedelta(days=WINDOW_DAYS)
    while start <= as_of:
        end = min(start + timedelta(days=WINDOW_DAYS - 1), as_of)
        summary = summarise(diary, start, end, age=age)
        change = compare_to_baseline(summary, baseline.summary)
        windows.append(WindowOutcome(len(windows) + 1, summary, change))
        start += timedelta(days=WINDOW_DAYS)
    return tuple(windows)


def outcomes_report(
    diary: Iterable[DiaryDay],
    *,
    as_of: date,
    first_session: date | None = None,
    age: int | None = None,
    hit6_baseline: int | None = None,
    hit6_latest: int | None = None,
    headache_type: str = HeadacheType.TENSION_TYPE,
    adherence: Adherence | None = None,
) -> OutcomeReport:
    by_date = index_diary(day for day in diary if day.date <= as_of)
    baseline = choose_baseline(by_date, first_session=first_session, as_of=as_of, age=age)
    windows = outcome_windows(by_date, baseline, as_of=as_of, age=age)
    hit6 = None
    if hit6_baseline is not None and hit6_latest is not None:
        hit6 = HIT6.compare(hit6_baseline, hit6_latest, headache_type)
    return OutcomeReport(as_of, baseline, windows, hit6, adherence)
