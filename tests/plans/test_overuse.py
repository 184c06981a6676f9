"""Medication overuse on rolling 30-day spans: table tests and properties."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plans.diary_days import MedClass
from plans.outcomes import outcomes_report, overuse_warnings, summarise
from plans.overuse import SPAN_DAYS, overuse_spans
from tests.plans.test_outcomes import BASELINE_START, FIRST_SESSION, clear, days_from

DAY0 = date(2025, 1, 1)


def med_run(start, count, **meds):
    return [clear(day, **meds) for day in days_from(start, count)]


def kinds(spans):
    return tuple(s.kind for s in spans)


def test_sixteen_triptan_days_split_eight_and_eight_across_two_windows_is_overuse():
    diary = (
        med_run(BASELINE_START, 20)
        + med_run(BASELINE_START + timedelta(20), 16, triptan_ergot=1)
        + med_run(BASELINE_START + timedelta(36), 40)
    )
    report = outcomes_report(
        diary, as_of=BASELINE_START + timedelta(75), first_session=FIRST_SESSION
    )
    halves = [report.baseline.summary] + [w.summary for w in report.windows]

    assert [h.medication.triptan_ergot for h in halves[:2]] == [8, 8]
    assert all(h.overuse == () for h in halves)  # no fixed window sees it
    (found,) = overuse_spans(diary)
    assert (found.kind, found.days, found.threshold) == ("triptan_ergot", 16, 10)
    assert found.start <= BASELINE_START + timedelta(20) and found.end >= FIRST_SESSION + timedelta(
        7
    )
    assert "Triptan or ergot on 16 of 30 days in a row (threshold 10)" in found.message


@pytest.mark.parametrize(
    ("runs", "expected"),
    [
        ([(0, 14, "simple")], ()),
        ([(0, 15, "simple")], (("simple", 15),)),
        ([(0, 9, "triptan_ergot")], ()),
        ([(0, 10, "triptan_ergot")], (("triptan_ergot", 10),)),
        ([(0, 10, "opioid")], (("opioid", 10),)),
        ([(0, 10, "combination")], (("combination", 10),)),
        ([(0, 5, "simple"), (5, 4, "triptan_ergot")], ()),
        ([(0, 5, "simple"), (5, 5, "triptan_ergot")], (("mixed", 10),)),
        # 15 simple days, but spread over 31 days: no 30-day span holds all of them.
        ([(0, 1, "simple"), (2, 13, "simple"), (30, 1, "simple")], ()),
        ([(0, 1, "simple"), (2, 13, "simple"), (29, 1, "simple")], (("simple", 15),)),
        # Ten triptan days, every third day: 28 days from first to last.
        ([(i * 3, 1, "triptan_ergot") for i in range(10)], (("triptan_ergot", 10),)),
        ([(i * 4, 1, "triptan_ergot") for i in range(10)], ()),
    ],
    ids=[
        "simple-14",
        "simple-15",
        "triptan-9",
        "triptan-10",
        "opioid-10",
        "combination-10",
        "mixed-9",
        "mixed-10",
        "simple-15-over-31-days",
        "simple-15-over-30-days",
        "triptan-every-third-day",
        "triptan-every-fourth-day",
    ],
)
def test_overuse_thresholds_apply_to_any_thirty_days_in_a_row(runs, expected):
    diary = []
    for offset, count, med_class in runs:
        diary += med_run(DAY0 + timedelta(offset), count, **{med_class: 1})

    assert tuple((s.kind, s.days) for s in overuse_spans(diary)) == expected


def test_the_span_with_the_most_days_is_reported_and_ties_go_to_the_latest():
    early = med_run(DAY0, 10, opioid=1)
    late = med_run(DAY0 + timedelta(100), 12, opioid=1)

    (found,) = overuse_spans(early + late)

    assert found.days == 12 and found.start <= DAY0 + timedelta(100) <= found.end
    (tied,) = overuse_spans(early + med_run(DAY0 + timedelta(100), 10, opioid=1))
    assert tied.end == DAY0 + timedelta(100 + 9 + SPAN_DAYS - 10)


def test_no_medicine_means_no_overuse():
    assert overuse_spans([]) == ()
    assert overuse_spans(med_run(DAY0, 60)) == ()


# --- Properties ------------------------------------------------------------------------------

CLASSES = [c.value for c in MedClass]
diaries = st.lists(
    st.tuples(st.integers(0, 119), st.sets(st.sampled_from(CLASSES), min_size=1, max_size=2)),
    max_size=70,
).map(lambda rows: {DAY0 + timedelta(d): classes for d, classes in rows})


def as_diary(meds_by_day):
    return [clear(day, **{c: 1 for c in classes}) for day, classes in meds_by_day.items()]


def every_span_kinds(diary):
    """Brute force: every 30-day span that holds a day of the diary, one by one."""
    found = set()
    for first in range(-SPAN_DAYS, 121):
        start = DAY0 + timedelta(first)
        summary = summarise(diary, start, start + timedelta(SPAN_DAYS - 1))
        found |= {w.kind for w in overuse_warnings(summary.medication, SPAN_DAYS)}
    return found


@settings(max_examples=60, deadline=None)
@given(diaries)
def test_rolling_spans_find_exactly_what_checking_every_span_finds(meds_by_day):
    diary = as_diary(meds_by_day)

    assert set(kinds(overuse_spans(diary))) == every_span_kinds(diary)


@settings(max_examples=60, deadline=None)
@given(diaries, st.integers(0, 27))
def test_shifting_the_window_boundaries_never_hides_overuse(meds_by_day, shift):
    diary = as_diary(meds_by_day)
    found = set(kinds(overuse_spans(diary)))
    starts = [DAY0 - timedelta(days=shift) + timedelta(days=28 * n) for n in range(6)]

    for start in starts:
        window = summarise(diary, start, start + timedelta(27))
        window_kinds = {w.kind for w in window.overuse}
        # A class over its threshold in a 28-day window is over it in some 30-day span; a mixed
        # window may show as a single class there, since the span is two days longer.
        assert window_kinds - {"mixed"} <= found
        if window_kinds:
            assert found


@settings(max_examples=40, deadline=None)
@given(diaries, st.integers(-400, 400))
def test_moving_the_whole_diary_in_time_finds_the_same_overuse(meds_by_day, days):
    diary = as_diary(meds_by_day)
    moved = [clear(d.date + timedelta(days), **{c: 1 for c in d.meds}) for d in diary]

    assert kinds(overuse_spans(moved)) == kinds(overuse_spans(diary))
    assert [s.days for s in overuse_spans(moved)] == [s.days for s in overuse_spans(diary)]
