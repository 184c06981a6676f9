"""The plain-language lines that open the progress page say only what the counts allow."""

from datetime import timedelta

import pytest

from plans.headline import progress_headline
from plans.outcomes import outcomes_report
from tests.plans.test_outcomes import BASELINE_START, FIRST_SESSION, window_diary


def headline(diary, *, days_after_first_session, first_session=FIRST_SESSION):
    report = outcomes_report(
        diary,
        as_of=FIRST_SESSION + timedelta(days=days_after_first_session),
        first_session=first_session,
    )
    return progress_headline(report)


def test_an_empty_diary_asks_for_entries():
    shown = progress_headline(outcomes_report([], as_of=FIRST_SESSION))

    assert shown.too_early and shown.lead.startswith("No diary entries yet")


def test_two_diary_days_are_counted_as_they_are_and_ask_for_19_more():
    diary = window_diary(FIRST_SESSION, 2, headache_days=2)

    shown = headline(diary, days_after_first_session=1, first_session=None)

    assert shown.too_early
    assert shown.lead == "Too early to compare: keep your diary for 19 more days."
    assert shown.details == ("So far: 2 headache days in 2 recorded days.",)
    assert "28" not in shown.lead + "".join(shown.details)


def test_a_thin_baseline_that_has_ended_says_why_there_is_no_comparison():
    diary = window_diary(BASELINE_START, 10, 5) + window_diary(FIRST_SESSION, 28, 1)

    shown = headline(diary, days_after_first_session=27, first_session=None)

    assert shown.too_early
    assert "first four weeks of diary held 10 recorded days" in shown.lead
    assert "Since 3 March: 1 headache day in 28 recorded days." in shown.details


def test_early_in_treatment_the_running_period_is_counted_not_compared():
    diary = window_diary(BASELINE_START, 28, 11) + window_diary(FIRST_SESSION, 5, 1)

    shown = headline(diary, days_after_first_session=4)

    assert shown.lead == "Too early to compare: keep your diary for 16 more days."
    assert shown.details == (
        "Since 3 March: 1 headache day in 5 recorded days.",
        "Before treatment: 11 headache days in four weeks.",
    )


def test_a_period_that_can_no_longer_reach_21_days_points_to_the_next_one():
    diary = window_diary(BASELINE_START, 28, 11) + window_diary(FIRST_SESSION, 3, 1)

    shown = headline(diary, days_after_first_session=20)

    assert "cannot reach the 21 recorded days" in shown.lead
    assert "The next one starts on 31 March." in shown.lead


@pytest.mark.parametrize(
    ("after", "word"), [(6, "down from"), (11, "the same as"), (14, "up from")]
)
def test_a_full_period_is_compared_in_plain_words(after, word):
    diary = window_diary(BASELINE_START, 28, 11) + window_diary(FIRST_SESSION, 28, after)

    shown = headline(diary, days_after_first_session=27)

    assert not shown.too_early
    assert shown.lead == (
        f"The four weeks to 30 March: {after} headache days, {word} 11 before treatment."
    )


def test_a_partly_recorded_period_is_scaled_and_says_about():
    diary = window_diary(BASELINE_START, 28, 11) + window_diary(FIRST_SESSION, 21, 3)

    shown = headline(diary, days_after_first_session=27)

    assert (
        shown.lead
        == "The four weeks to 30 March: about 4 headache days, down from 11 before treatment."
    )
    assert "scaled to four weeks" in shown.details[0]


def test_the_compared_period_and_the_running_one_are_both_told():
    diary = window_diary(BASELINE_START, 28, 11) + window_diary(FIRST_SESSION, 30, 6)

    shown = headline(diary, days_after_first_session=29)

    assert shown.lead.startswith("The four weeks to 30 March: 6 headache days, down from")
    assert shown.details == ("Since 31 March: 0 headache days in 2 recorded days so far.",)


def test_a_fallback_baseline_that_overlaps_treatment_says_so():
    diary = window_diary(FIRST_SESSION - timedelta(5), 60, 0)

    shown = headline(diary, days_after_first_session=54)

    assert any("overlaps the start of treatment" in line for line in shown.details)
