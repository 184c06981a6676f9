"""Visit dates for a care plan: the clinic course, then a maintenance taper.

The course is laid out in 7-day plan weeks counted from the start date (not calendar weeks), so a
course starting on a Thursday gets the same number of visits in its first week as in the others.
Each plan week gets its share of the sessions (extra sessions go to the earliest weeks); within a
week the visit days are chosen to use preferred weekdays first and then to be as evenly spaced as
possible. Days the clinic is closed are never used; a session that does not fit into its week is
carried into the next one, and the course runs past its planned length only when closures leave
no room.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import combinations

from plans.instruments import LabelledChoice

DEFAULT_SESSIONS = 8
DEFAULT_WEEKS = 4
# How far a course may run past its planned weeks when closures crowd sessions out.
MAX_EXTRA_WEEKS = 26

WEEKDAY_CHOICES: tuple[tuple[int, str], ...] = (
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
)
WEEKDAYS: tuple[int, ...] = tuple(value for value, _ in WEEKDAY_CHOICES)
_WEEKDAY_NAMES = dict(WEEKDAY_CHOICES)


class VisitKind(LabelledChoice):
    COURSE = "course", "Clinic course"
    MAINTENANCE = "maintenance", "Maintenance"


class TaperUnit(LabelledChoice):
    WEEKS = "weeks", "Weeks"
    MONTHS = "months", "Months"


VISIT_KIND_CHOICES, VISIT_KINDS = VisitKind.choices(), VisitKind.values()
TAPER_UNIT_CHOICES, TAPER_UNITS = TaperUnit.choices(), TaperUnit.values()


def _check_date(value: object, name: str) -> None:
    # datetime is a subclass of date; a timestamp here is almost always a mistake.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValueError(f"{name} must be a datetime.date, got {value!r}.")


def _check_count(value: object, name: str, minimum: int = 1) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be a whole number of at least {minimum}, got {value!r}.")


def _check_weekdays(values: Iterable[object], name: str) -> None:
    for value in values:
        if value not in WEEKDAYS or isinstance(value, bool):
            raise ValueError(
                f"{name} must be weekday numbers 0 (Monday) to 6 (Sunday), got {value!r}."
            )


@dataclass(frozen=True)
class ClinicCalendar:
    """Days the clinic is closed: weekly closed weekdays plus specific dates (holidays)."""

    closed_weekdays: frozenset[int] = frozenset()
    closed_dates: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "closed_weekdays", frozenset(self.closed_weekdays))
        object.__setattr__(self, "closed_dates", frozenset(self.closed_dates))
        _check_weekdays(self.closed_weekdays, "closed_weekdays")
        for day in self.closed_dates:
            _check_date(day, "closed_dates")
        if len(self.closed_weekdays) == len(WEEKDAYS):
            raise ValueError("The clinic cannot be closed on every day of the week.")

    def is_open(self, day: date) -> bool:
        return day.weekday() not in self.closed_weekdays and day not in self.closed_dates

    def next_open(self, day: date) -> date:
        """The first open day on or after `day`."""
        # A run of closed days is at most six closed weekdays around each closed date.
        for offset in range((len(self.closed_dates) + 1) * len(WEEKDAYS)):
            candidate = day + timedelta(days=offset)
            if self.is_open(candidate):
                return candidate
        raise ValueError(f"The clinic has no open day on or after {day.isoformat()}.")


@dataclass(frozen=True)
class CoursePlan:
    start: date
    sessions: int = DEFAULT_SESSIONS
    weeks: int = DEFAULT_WEEKS
    preferred_weekdays: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        _check_date(self.start, "start")
        _check_count(self.sessions, "sessions")
        _check_count(self.weeks, "weeks")
        if self.sessions > self.weeks * 7:
            raise ValueError(
                f"{self.sessions} sessions do not fit into {_count(self.weeks, 'week')} "
                f"(at most {self.weeks * 7}, one a day)."
            )
        preferred = tuple(self.preferred_weekdays)
        _check_weekdays(preferred, "preferred_weekdays")
        if len(set(preferred)) != len(preferred):
            raise ValueError("preferred_weekdays must not repeat a weekday.")
        object.__setattr__(self, "preferred_weekdays", tuple(sorted(preferred)))


@dataclass(frozen=True)
class TaperStep:
    """`count` maintenance visits, one every `every` weeks or months."""

    every: int
    unit: TaperUnit = TaperUnit.WEEKS
    count: int = 1

    def __post_init__(self) -> None:
        _check_count(self.every, "every")
        _check_count(self.count, "count")
        object.__setattr__(self, "unit", TaperUnit.parse(self.unit, "unit"))


# Every 2 weeks twice, then monthly three times.
DEFAULT_TAPER: tuple[TaperStep, ...] = (
    TaperStep(every=2, unit=TaperUnit.WEEKS, count=2),
    TaperStep(every=1, unit=TaperUnit.MONTHS, count=3),
)


@dataclass(frozen=True)
class Visit:
    number: int
    date: date
    week: int
    kind: VisitKind = VisitKind.COURSE


def sessions_per_week(sessions: int, weeks: int) -> tuple[int, ...]:
    """Split sessions over weeks as evenly as possible, extra sessions in the earliest weeks."""
    _check_count(sessions, "sessions")
    _check_count(weeks, "weeks")
    base, extra = divmod(sessions, weeks)
    return tuple(base + (1 if week < extra else 0) for week in range(weeks))


def _spacing_cost(offsets: tuple[int, ...]) -> int:
    # Gaps between visits, including the wrap to the same point of the next week; the ideal gap
    # is 7/n days, compared in integers as n*gap against 7.
    n = len(offsets)
    gaps = [b - a for a, b in zip(offsets, offsets[1:], strict=False)]
    gaps.append(offsets[0] + 7 - offsets[-1])
    return sum((n * gap - 7) ** 2 for gap in gaps)


def _pick_days(
    week_start: date, need: int, preferred: tuple[int, ...], calendar: ClinicCalendar
) -> tuple[date, ...]:
    open_offsets = [
        offset for offset in range(7) if calendar.is_open(week_start + timedelta(days=offset))
    ]
    n = min(need, len(open_offsets))
    if n == 0:
        return ()

    def cost(offsets: tuple[int, ...]) -> tuple[int, int, int, tuple[int, ...]]:
        not_preferred = sum(
            1 for o in offsets if (week_start + timedelta(days=o)).weekday() not in preferred
        )
        if not preferred:
            not_preferred = 0
        return (not_preferred, _spacing_cost(offsets), offsets[0], offsets)

    best = min(combinations(open_offsets, n), key=cost)
    return tuple(week_start + timedelta(days=offset) for offset in best)


def schedule_course(plan: CoursePlan, calendar: ClinicCalendar | None = None) -> tuple[Visit, ...]:
    """Visit dates for the clinic course, numbered from 1."""
    calendar = calendar or ClinicCalendar()
    closed_preferred = sorted(set(plan.preferred_weekdays) & calendar.closed_weekdays)
    if closed_preferred:
        names = ", ".join(_WEEKDAY_NAMES[day] for day in closed_preferred)
        raise ValueError(f"Preferred weekday {names} is a day the clinic is closed.")
    quotas = sessions_per_week(plan.sessions, plan.weeks)
    visits: list[Visit] = []
    carried = 0
    for week in range(plan.weeks + MAX_EXTRA_WEEKS):
        if len(visits) == plan.sessions:
            break
        need = (quotas[week] if week < plan.weeks else 0) + carried
        week_start = plan.start + timedelta(weeks=week)
        days = _pick_days(week_start, need, plan.preferred_weekdays, calendar)
        carried = need - len(days)
        visits.extend(Visit(len(visits) + 1, day, week + 1, VisitKind.COURSE) for day in days)
    if len(visits) < plan.sessions:
        raise ValueError(
            f"Only {len(visits)} of {plan.sessions} sessions "
            f"{'fits' if len(visits) == 1 else 'fit'} within "
            f"{plan.weeks + MAX_EXTRA_WEEKS} weeks of {plan.start.isoformat()}; "
            "check the clinic's closed days."
        )
    return tuple(visits)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return date(year, month, min(day.day, last_day))


def schedule_taper(
    after: date,
    steps: Iterable[TaperStep] = DEFAULT_TAPER,
    calendar: ClinicCalendar | None = None,
    *,
    first_number: int = 1,
) -> tuple[Visit, ...]:
    """Maintenance visits counted from `after` (the day the therapist starts the taper).

    Each step counts from the last nominal date of the step before, so a visit moved to the next
    open day does not shift the ones after it; monthly steps keep the anchor's day of the month.
    `week` on a maintenance visit is the week since `after`, starting at 1.
    """
    _check_date(after, "after")
    _check_count(first_number, "first_number")
    calendar = calendar or ClinicCalendar()
    steps = tuple(steps)
    if not steps:
        raise ValueError("A taper needs at least one step.")
    visits: list[Visit] = []
    anchor = previous = after
    for step in steps:
        if not isinstance(step, TaperStep):
            raise ValueError(f"Taper steps must be TaperStep values, got {step!r}.")
        nominal = anchor
        for k in range(1, step.count + 1):
            if step.unit is TaperUnit.WEEKS:
                nominal = anchor + timedelta(weeks=step.every * k)
            else:
                nominal = add_months(anchor, step.every * k)
            actual = calendar.next_open(nominal)
            if actual <= previous:
                actual = calendar.next_open(previous + timedelta(days=1))
            week = (actual - after).days // 7 + 1
            number = first_number + len(visits)
            visits.append(Visit(number, actual, week, VisitKind.MAINTENANCE))
            previous = actual
        anchor = nominal
    return tuple(visits)


def _count(n: int, noun: str) -> str:
    """`1 week`, `2 weeks`: the counts in messages people read."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
