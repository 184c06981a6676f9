"""The dashboard's attention rules (pure)."""

from datetime import date, timedelta

import pytest

from plans.attention import Facts, concerns, is_worsening, rank_key, recent_overuse
from plans.diary_days import DiaryDay
from plans.outcomes import index_diary

TODAY = date(2026, 3, 31)


def days(pattern: str, end: date = TODAY - timedelta(days=1)):
    """One character per day ending on `end`: H headache, . none, space not recorded."""
    start = end - timedelta(days=len(pattern) - 1)
    return index_diary(
        DiaryDay(start + timedelta(days=i), headache=c == "H", peak=5 if c == "H" else None)
        for i, c in enumerate(pattern)
        if c != " "
    )


@pytest.mark.parametrize(
    ("facts", "codes"),
    [
        (Facts(), []),
        (Facts(stop_events=1, open_red_flags=1), ["stop_event"]),
        (Facts(stop_events=1, open_red_flags=2), ["stop_event", "red_flag"]),
        (Facts(open_red_flags=1), ["red_flag"]),
        (Facts(missed_visits=2, unrecorded_visits=1), ["missed_visit", "unrecorded_visit"]),
        (Facts(last_diary=TODAY - timedelta(days=5)), []),
        (Facts(last_diary=TODAY - timedelta(days=6)), ["no_diary"]),
        (Facts(last_diary=None, has_open_plan=True), ["no_diary"]),
        (Facts(last_diary=None, has_open_plan=False), []),
        (Facts(worsening=True, open_red_flags=1), ["red_flag", "worsening"]),
    ],
)
def test_concerns_follow_the_rules_in_weight_order(facts, codes):
    assert [c.code for c in concerns(facts, TODAY)] == codes


def test_no_diary_counts_whole_days_without_an_entry():
    found = concerns(Facts(last_diary=TODAY - timedelta(days=9)), TODAY)

    assert found[0].label == "No diary for 8 days"


def test_ranking_puts_the_most_serious_concern_first_then_the_most_concerns_then_name():
    stop = concerns(Facts(stop_events=1, open_red_flags=1), TODAY)
    flag_and_more = concerns(Facts(open_red_flags=1, missed_visits=1), TODAY)
    flag = concerns(Facts(open_red_flags=1), TODAY)
    keys = [
        rank_key((), "Aaron"),
        rank_key(flag, "Bea"),
        rank_key(flag_and_more, "Zed"),
        rank_key(stop, "Yan"),
    ]

    assert sorted(keys) == [keys[3], keys[2], keys[1], keys[0]]


@pytest.mark.parametrize(
    ("pattern", "worse"),
    [
        ("." * 14 + "." * 14, False),
        ("." * 14 + "HH" + "." * 12, True),  # two more headache days in the last 14
        ("." * 14 + "H" + "." * 13, False),  # one more is not a trend
        ("H" * 14 + "H" * 14, False),
        ("." * 14 + "HH" + " " * 12, False),  # too few recorded days
        ("H.H...." + " " * 7 + "HHHHHHHH" + "." * 6, True),  # per recorded day: 2/7 -> 8/14
        ("H.H.H.H" + " " * 7 + "HHHHHHHH" + "." * 6, False),  # 4/7 is the same rate as 8/14
    ],
)
def test_worsening_compares_the_last_14_days_with_the_14_before(pattern, worse):
    assert is_worsening(days(pattern), TODAY) is worse


def test_recent_overuse_uses_the_last_30_days_including_today():
    # 15 simple-painkiller days spread over 30 days: overuse by the rolling 30-day rule,
    # which a 28-day window would miss (only 14 of them fall in the last 28 days).
    diary = index_diary(
        DiaryDay(TODAY - timedelta(days=2 * d), headache=False, meds={"simple": 1})
        for d in range(15)
    )
    assert [w.kind for w in recent_overuse(diary, TODAY)] == ["simple"]
    assert recent_overuse(diary, TODAY + timedelta(days=2)) == ()
