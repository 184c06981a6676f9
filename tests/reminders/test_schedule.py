"""When a reminder is due, in the patient's own time zone (pure rules)."""

from datetime import UTC, datetime, time

import pytest

from reminders.schedule import (
    EVERY_DAY,
    EVERY_OTHER_DAY,
    Choice,
    due_slot,
    in_quiet_hours,
    suggested_weekdays,
    valid_time_zone,
)

# Monday 1 June 2026, 17:05 UTC = 19:05 in Berlin (summer time), 13:05 in New York.
NOW = datetime(2026, 6, 1, 17, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("choice", "slot"),
    [
        (Choice(EVERY_DAY, time(19, 0), "Europe/Berlin"), datetime(2026, 6, 1, 17, 0, tzinfo=UTC)),
        (Choice(EVERY_DAY, time(13, 0), "America/New_York"),
         datetime(2026, 6, 1, 17, 0, tzinfo=UTC)),
        (Choice(EVERY_DAY, time(19, 10), "Europe/Berlin"), None),  # not yet
        (Choice(EVERY_DAY, time(16, 0), "Europe/Berlin"), None),  # more than two hours late
        (Choice((1, 2), time(19, 0), "Europe/Berlin"), None),  # not on Mondays
        (Choice(EVERY_DAY, time(19, 0), "Europe/Berlin", time(18, 0), time(7, 0)), None),  # quiet
        (Choice(EVERY_DAY, time(19, 0), "Europe/Berlin", time(22, 0), time(7, 0)),
         datetime(2026, 6, 1, 17, 0, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_a_slot_is_due_on_a_chosen_day_after_its_time_within_two_hours(choice, slot):
    assert due_slot(choice, NOW) == slot


def test_a_slot_just_before_midnight_is_still_due_just_after_it():
    choice = Choice((6,), time(23, 30), "UTC")  # Sundays
    assert due_slot(choice, datetime(2026, 6, 1, 0, 15, tzinfo=UTC)) == datetime(
        2026, 5, 31, 23, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("at", "start", "end", "quiet"),
    [
        (time(23, 0), time(22, 0), time(7, 0), True),
        (time(6, 59), time(22, 0), time(7, 0), True),
        (time(7, 0), time(22, 0), time(7, 0), False),
        (time(13, 0), time(12, 0), time(14, 0), True),
        (time(13, 0), None, None, False),
        (time(13, 0), time(9, 0), time(9, 0), False),
    ],
)
def test_quiet_hours_may_run_over_midnight(at, start, end, quiet):
    assert in_quiet_hours(at, start, end) is quiet


@pytest.mark.parametrize(
    ("frequencies", "days"),
    [
        (["daily"], EVERY_DAY),
        (["every_other_day", "daily"], EVERY_DAY),
        (["every_other_day"], EVERY_OTHER_DAY),
        ([], EVERY_DAY),
    ],
)
def test_a_suggestion_follows_the_plans_frequency(frequencies, days):
    assert suggested_weekdays(frequencies) == days


@pytest.mark.parametrize(
    ("name", "ok"), [("Europe/Berlin", True), ("UTC", True), ("Mars/Olympus", False), ("", False)]
)
def test_only_real_time_zones_are_accepted(name, ok):
    assert valid_time_zone(name) is ok
