from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.schedule import (
    DEFAULT_TAPER,
    ClinicCalendar,
    CoursePlan,
    TaperStep,
    TaperUnit,
    VisitKind,
    add_months,
    schedule_course,
    schedule_taper,
    sessions_per_week,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WEEKENDS_CLOSED = ClinicCalendar(closed_weekdays=frozenset({SAT, SUN}))


def dates(visits):
    return [visit.date for visit in visits]


def test_default_course_is_eight_sessions_two_a_week_over_four_weeks():
    visits = schedule_course(CoursePlan(start=date(2025, 3, 3)))

    assert [v.number for v in visits] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [v.week for v in visits] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert {v.kind for v in visits} == {VisitKind.COURSE}
    assert dates(visits) == [
        date(2025, 3, 3),
        date(2025, 3, 6),
        date(2025, 3, 10),
        date(2025, 3, 13),
        date(2025, 3, 17),
        date(2025, 3, 20),
        date(2025, 3, 24),
        date(2025, 3, 27),
    ]


@pytest.mark.parametrize(
    ("start", "calendar", "first_week"),
    [
        (date(2025, 3, 3), ClinicCalendar(), [date(2025, 3, 3), date(2025, 3, 6)]),
        (date(2025, 3, 6), ClinicCalendar(), [date(2025, 3, 6), date(2025, 3, 9)]),
        (date(2025, 3, 6), WEEKENDS_CLOSED, [date(2025, 3, 6), date(2025, 3, 10)]),
        (date(2025, 3, 8), WEEKENDS_CLOSED, [date(2025, 3, 10), date(2025, 3, 13)]),
    ],
    ids=["monday-start", "thursday-start", "thursday-start-weekends-closed", "saturday-start"],
)
def test_first_week_visits_are_evenly_spaced_from_the_start_date(start, calendar, first_week):
    visits = schedule_course(CoursePlan(start=start), calendar)

    assert dates(visits)[:2] == first_week


def test_course_crosses_a_month_boundary():
    visits = schedule_course(CoursePlan(start=date(2025, 1, 27)), WEEKENDS_CLOSED)

    assert dates(visits) == [
        date(2025, 1, 27),
        date(2025, 1, 30),
        date(2025, 2, 3),
        date(2025, 2, 6),
        date(2025, 2, 10),
        date(2025, 2, 13),
        date(2025, 2, 17),
        date(2025, 2, 20),
    ]


def test_course_crosses_the_year_boundary_and_skips_holidays():
    calendar = ClinicCalendar(
        closed_weekdays=frozenset({SAT, SUN}),
        closed_dates=frozenset({date(2025, 12, 25), date(2025, 12, 26), date(2026, 1, 1)}),
    )
    plan = CoursePlan(start=date(2025, 12, 15), preferred_weekdays=(MON, THU))

    visits = schedule_course(plan, calendar)

    assert dates(visits) == [
        date(2025, 12, 15),
        date(2025, 12, 18),
        date(2025, 12, 22),
        date(2025, 12, 24),
        date(2025, 12, 29),
        date(2026, 1, 2),
        date(2026, 1, 5),
        date(2026, 1, 8),
    ]
    assert [v.week for v in visits] == [1, 1, 2, 2, 3, 3, 4, 4]


@pytest.mark.parametrize(
    ("closed", "preferred", "weekdays"),
    [
        (frozenset({SAT, SUN}), (TUE, FRI), {TUE, FRI}),
        (frozenset({SAT, SUN}), (MON, WED, FRI), {MON, FRI}),
        (frozenset({WED}), (), {MON, THU}),
        (frozenset({MON, THU}), (), {TUE, FRI}),
        (frozenset(), (SAT,), {TUE, SAT}),
    ],
    ids=[
        "two-preferred-days",
        "three-preferred-days-spread-widest",
        "closed-wednesday",
        "closed-monday-and-thursday",
        "one-preferred-day-plus-the-best-spaced-other",
    ],
)
def test_visits_fall_on_preferred_open_weekdays(closed, preferred, weekdays):
    plan = CoursePlan(start=date(2025, 3, 3), preferred_weekdays=preferred)

    visits = schedule_course(plan, ClinicCalendar(closed_weekdays=closed))

    assert {v.date.weekday() for v in visits} == weekdays
    assert all(v.date.weekday() not in closed for v in visits)


def test_holiday_on_a_preferred_day_moves_the_visit_within_the_same_week():
    calendar = ClinicCalendar(closed_dates=frozenset({date(2025, 3, 13)}))
    plan = CoursePlan(start=date(2025, 3, 3), preferred_weekdays=(MON, THU))

    visits = schedule_course(plan, calendar)

    assert date(2025, 3, 13) not in dates(visits)
    assert [v.date for v in visits if v.week == 2] == [date(2025, 3, 10), date(2025, 3, 14)]


def test_a_fully_closed_week_carries_its_sessions_into_the_next_week():
    closed_week = frozenset(date(2025, 3, d) for d in range(10, 17))

    visits = schedule_course(CoursePlan(start=date(2025, 3, 3)), ClinicCalendar((), closed_week))

    assert [v.week for v in visits] == [1, 1, 3, 3, 3, 3, 4, 4]
    assert len(visits) == 8


def test_the_course_runs_past_its_weeks_only_when_closures_leave_no_room():
    closed_last_week = frozenset(date(2025, 3, d) for d in range(24, 31))

    visits = schedule_course(
        CoursePlan(start=date(2025, 3, 3)), ClinicCalendar((), closed_last_week)
    )

    assert [v.week for v in visits] == [1, 1, 2, 2, 3, 3, 5, 5]


@pytest.mark.parametrize(
    ("sessions", "weeks", "split"),
    [(8, 4, (2, 2, 2, 2)), (9, 4, (3, 2, 2, 2)), (6, 4, (2, 2, 1, 1)), (3, 3, (1, 1, 1))],
)
def test_sessions_are_split_evenly_with_extra_sessions_in_the_earliest_weeks(
    sessions, weeks, split
):
    assert sessions_per_week(sessions, weeks) == split
    visits = schedule_course(CoursePlan(date(2025, 3, 3), sessions=sessions, weeks=weeks))
    assert tuple(sum(1 for v in visits if v.week == w) for w in range(1, weeks + 1)) == split


def test_default_taper_is_fortnightly_twice_then_monthly():
    visits = schedule_taper(date(2025, 3, 28), first_number=9)

    assert dates(visits) == [
        date(2025, 4, 11),
        date(2025, 4, 25),
        date(2025, 5, 25),
        date(2025, 6, 25),
        date(2025, 7, 25),
    ]
    assert [v.number for v in visits] == [9, 10, 11, 12, 13]
    assert {v.kind for v in visits} == {VisitKind.MAINTENANCE}
    assert [v.week for v in visits] == [3, 5, 9, 13, 18]
    assert sum(step.count for step in DEFAULT_TAPER) == 5


def test_taper_moves_closed_days_forward_without_shifting_later_visits():
    calendar = ClinicCalendar(closed_weekdays=frozenset({SAT, SUN}))

    visits = schedule_taper(date(2026, 1, 31), calendar=calendar)

    assert dates(visits) == [
        date(2026, 2, 16),
        date(2026, 3, 2),
        date(2026, 3, 30),
        date(2026, 4, 28),
        date(2026, 5, 28),
    ]


def test_monthly_taper_keeps_the_day_of_month_across_short_months():
    steps = (TaperStep(every=1, unit=TaperUnit.MONTHS, count=4),)

    visits = schedule_taper(date(2024, 1, 31), steps)

    assert dates(visits) == [
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 5, 31),
    ]


def test_taper_steps_are_configurable():
    steps = (TaperStep(every=3, unit="weeks", count=1), TaperStep(every=2, unit="months", count=2))

    visits = schedule_taper(date(2025, 11, 20), steps)

    assert dates(visits) == [date(2025, 12, 11), date(2026, 2, 11), date(2026, 4, 11)]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 5, 31), 12, date(2026, 5, 31)),
    ],
)
def test_adding_months_clamps_to_the_end_of_short_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: CoursePlan(date(2025, 3, 3), sessions=0), "sessions must be a whole number"),
        (lambda: CoursePlan(date(2025, 3, 3), weeks=0), "weeks must be a whole number"),
        (lambda: CoursePlan(date(2025, 3, 3), sessions=2.5), "sessions must be a whole number"),
        (lambda: CoursePlan(date(2025, 3, 3), sessions=15, weeks=2), "do not fit into 2 weeks"),
        (lambda: CoursePlan(date(2025, 3, 3), preferred_weekdays=(7,)), "weekday numbers 0"),
        (lambda: CoursePlan(date(2025, 3, 3), preferred_weekdays=(1, 1)), "must not repeat"),
        (lambda: CoursePlan(datetime(2025, 3, 3, 9)), "start must be a datetime.date"),
        (lambda: CoursePlan("2025-03-03"), "start must be a datetime.date"),
        (lambda: ClinicCalendar(frozenset(range(7))), "closed on every day"),
        (lambda: ClinicCalendar(frozenset({-1})), "weekday numbers 0"),
        (lambda: TaperStep(every=0), "every must be a whole number"),
        (lambda: TaperStep(every=2, count=0), "count must be a whole number"),
        (lambda: TaperStep(every=2, unit="days"), "unit must be one of weeks, months"),
        (lambda: schedule_taper(date(2025, 3, 3), ()), "at least one step"),
        (lambda: schedule_taper(date(2025, 3, 3), first_number=0), "first_number"),
        (
            lambda: CoursePlan(date(2025, 3, 3), sessions=8, weeks=1),
            r"^8 sessions do not fit into 1 week \(at most 7",
        ),
        (
            lambda: schedule_course(
                CoursePlan(date(2025, 3, 3), preferred_weekdays=(SAT,)), WEEKENDS_CLOSED
            ),
            "Preferred weekday Saturday is a day the clinic is closed",
        ),
    ],
)
def test_invalid_input_raises_a_clear_value_error(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_a_calendar_closed_for_months_reports_that_sessions_do_not_fit():
    closed = frozenset(date.fromordinal(date(2025, 3, 3).toordinal() + i) for i in range(400))

    with pytest.raises(ValueError, match="Only 0 of 8 sessions fit"):
        schedule_course(CoursePlan(date(2025, 3, 3)), ClinicCalendar((), closed))


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    weeks=st.integers(min_value=1, max_value=8),
    per_week=st.integers(min_value=1, max_value=3),
    closed=st.frozensets(st.integers(min_value=0, max_value=6), max_size=3),
    holidays=st.frozensets(
        st.dates(min_value=date(2019, 12, 1), max_value=date(2036, 6, 30)), max_size=10
    ),
)
def test_any_valid_course_gives_every_session_once_on_open_days_in_order(
    start, weeks, per_week, closed, holidays
):
    calendar = ClinicCalendar(closed, holidays)
    plan = CoursePlan(start, sessions=weeks * per_week, weeks=weeks)

    visits = schedule_course(plan, calendar)

    assert [v.number for v in visits] == list(range(1, plan.sessions + 1))
    assert all(a.date < b.date for a, b in zip(visits, visits[1:], strict=False))
    assert all(calendar.is_open(v.date) and v.date >= start for v in visits)
