"""What is due on a day, adherence and the streak (selfcare/schedule.py): pure, no database."""

from datetime import date, timedelta

import pytest

from selfcare.schedule import (
    DAILY,
    EVERY_OTHER_DAY,
    ItemRule,
    PlanPeriod,
    adherence,
    day_items,
    is_due,
    streak,
)

D0 = date(2026, 5, 4)  # a Monday


def d(n: int) -> date:
    return D0 + timedelta(days=n)


DAILY_1 = ItemRule(1, DAILY)
EOD_2 = ItemRule(2, EVERY_OTHER_DAY)


@pytest.mark.parametrize(
    ("item", "done", "day", "due"),
    [
        (DAILY_1, set(), 0, True),
        (DAILY_1, {(1, d(-1))}, 0, True),
        (EOD_2, set(), 0, True),  # not done yesterday: due
        (EOD_2, {(2, d(-1))}, 0, False),  # done yesterday: rest day
        (EOD_2, {(2, d(-2))}, 0, True),  # done two days ago: due again
        (EOD_2, {(1, d(-1))}, 0, True),  # another routine done yesterday does not count
        (EOD_2, {(2, d(0))}, 0, True),  # done today: today was still due
    ],
)
def test_an_item_is_due_by_its_frequency(item, done, day, due):
    assert is_due(item, d(day), frozenset(done)) is due


def test_every_other_day_done_on_schedule_alternates_due_and_rest_days():
    periods = (PlanPeriod(d(0), (EOD_2,)),)
    done = frozenset({(2, d(0)), (2, d(2)), (2, d(4))})
    due = [day_items(periods, done, d(n))[0].due for n in range(6)]
    assert due == [True, False, True, False, True, False]
    assert adherence(periods, done, d(0), d(5)) == (3, 3)


def test_a_missed_every_other_day_routine_stays_due_until_done():
    periods = (PlanPeriod(d(0), (EOD_2,)),)
    done = frozenset({(2, d(3))})
    due = [day_items(periods, done, d(n))[0].due for n in range(5)]
    assert due == [True, True, True, True, False]
    assert adherence(periods, done, d(0), d(4)) == (1, 4)


A = ItemRule(1, DAILY)
B = ItemRule(2, DAILY)
C = ItemRule(3, EVERY_OTHER_DAY)


@pytest.mark.parametrize(
    ("case", "periods", "done", "start", "end", "expected"),
    [
        ("no plan: nothing due", (), {(1, d(0))}, 0, 6, (0, 0)),
        ("one daily item, all done", ((0, (A,)),), {(1, d(n)) for n in range(7)}, 0, 6, (7, 7)),
        ("one daily item, none done", ((0, (A,)),), set(), 0, 6, (0, 7)),
        ("two daily items, half done", ((0, (A, B)),), {(1, d(n)) for n in range(7)}, 0, 6,
         (7, 14)),
        ("days before the plan are not due", ((3, (A,)),), {(1, d(3))}, 0, 6, (1, 4)),
        ("practice before the plan does not count", ((3, (A,)),), {(1, d(1))}, 0, 6, (0, 4)),
        ("a routine not in the plan does not count", ((0, (A,)),), {(9, d(0))}, 0, 0, (0, 1)),
        ("every other day, done on schedule", ((0, (C,)),), {(3, d(0)), (3, d(2))}, 0, 3,
         (2, 2)),
        ("every other day done yesterday, outside the range", ((0, (C,)),), {(3, d(-1))}, 0, 0,
         (0, 0)),
        ("extra practice on a rest day is not counted", ((0, (C,)),), {(3, d(0)), (3, d(1))}, 0,
         1, (1, 1)),
        ("a new version changes what is due from its first day",
         ((0, (A, B)), (2, (A,))), {(1, d(n)) for n in range(4)}, 0, 3, (4, 6)),
        ("two versions on one day: the later one counts", ((0, (A,)), (0, (B,))), {(2, d(0))},
         0, 0, (1, 1)),
        ("a single day", ((0, (A, B, C)),), {(1, d(0)), (3, d(0))}, 0, 0, (2, 3)),
    ],
)  # fmt: skip
def test_adherence_counts_sessions_done_and_due(case, periods, done, start, end, expected):
    plan = tuple(PlanPeriod(d(offset), items) for offset, items in periods)
    assert adherence(plan, frozenset(done), d(start), d(end)) == expected, case


@pytest.mark.parametrize(
    ("case", "done_days", "today", "expected"),
    [
        ("nothing done", [], 5, 0),
        ("every day including today", [0, 1, 2, 3, 4, 5], 5, 6),
        ("today not done yet does not break it", [0, 1, 2, 3, 4], 5, 5),
        ("a missed day ends it", [0, 1, 3, 4], 5, 2),
        ("missed yesterday, done today", [0, 1, 2, 3, 5], 5, 1),
        ("the streak never reaches back before the plan", [0, 1], 1, 2),
    ],
)
def test_the_streak_counts_complete_days_back_from_today(case, done_days, today, expected):
    periods = (PlanPeriod(d(0), (A,)),)
    done = frozenset((1, d(n)) for n in done_days)
    assert streak(periods, done, d(today)) == expected, case


def test_rest_days_keep_the_streak_going():
    periods = (PlanPeriod(d(0), (C,)),)
    done = frozenset({(3, d(0)), (3, d(2)), (3, d(4))})
    assert streak(periods, done, d(5)) == 6


def test_no_plan_means_no_streak():
    assert streak((), frozenset(), d(0)) == 0
