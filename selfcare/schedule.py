"""What is due on a day, adherence and the streak: pure rules over plain dates.

- The plan in force on a day is the newest plan version created on or before that day.
- A "daily" item is due every day.
- An "every other day" item is due on a day unless that routine was done the day before. Done
  today means not due tomorrow; missing a due day leaves it due the next day too.
- Adherence over a date range is (sessions done, sessions due): each item on each day where it
  is due counts one session due, and one done if the routine was logged that day. Practice on a
  day when the item was not due is welcome but not counted, so adherence never exceeds 100%.
- The streak is the number of consecutive days, back from today, on which every due session
  was done. Today counts once it is complete; an unfinished today does not break the streak.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

DAILY = "daily"
EVERY_OTHER_DAY = "every_other_day"
ONE_DAY = timedelta(days=1)

Done = frozenset[tuple[int, date]]  # (routine id, day) pairs that were logged


@dataclass(frozen=True)
class ItemRule:
    routine_id: int
    frequency: str


@dataclass(frozen=True)
class PlanPeriod:
    starts_on: date
    items: tuple[ItemRule, ...]


@dataclass(frozen=True)
class DayItem:
    routine_id: int
    due: bool
    done: bool


def plan_on(periods: Iterable[PlanPeriod], day: date) -> PlanPeriod | None:
    """The newest period starting on or before `day`; `periods` are in version order."""
    current = None
    for period in periods:
        if period.starts_on <= day:
            current = period
    return current


def is_due(item: ItemRule, day: date, done: Done) -> bool:
    if item.frequency == EVERY_OTHER_DAY:
        return (item.routine_id, day - ONE_DAY) not in done
    return True


def day_items(periods: tuple[PlanPeriod, ...], done: Done, day: date) -> tuple[DayItem, ...]:
    period = plan_on(periods, day)
    if period is None:
        return ()
    return tuple(
        DayItem(item.routine_id, is_due(item, day, done), (item.routine_id, day) in done)
        for item in period.items
    )


def adherence(
    periods: tuple[PlanPeriod, ...], done: Done, start: date, end: date
) -> tuple[int, int]:
    """(sessions done, sessions due) over the inclusive range."""
    sessions_done = sessions_due = 0
    day = start
    while day <= end:
        for item in day_items(periods, done, day):
            if item.due:
                sessions_due += 1
                sessions_done += item.done
        day += ONE_DAY
    return sessions_done, sessions_due


def is_complete(periods: tuple[PlanPeriod, ...], done: Done, day: date) -> bool:
    items = day_items(periods, done, day)
    return bool(items) and all(item.done for item in items if item.due)


def streak(periods: tuple[PlanPeriod, ...], done: Done, today: date) -> int:
    if not periods:
        return 0
    first = min(period.starts_on for period in periods)
    count = 0
    day = today if is_complete(periods, done, today) else today - ONE_DAY
    while day >= first and is_complete(periods, done, day):
        count += 1
        day -= ONE_DAY
    return count
