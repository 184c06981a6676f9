from datetime import date, timedelta

import pytest

from plans.diary_days import (
    LOCATIONS,
    MED_CLASSES,
    MIGRAINE_LIKE_RULE,
    TENSION_TYPE_LIKE_RULE,
    Character,
    DayLabel,
    DiaryDay,
    Location,
    MedClass,
    classify_day,
)
from plans.outcomes import (
    Adherence,
    BaselineSource,
    MedicationDays,
    WindowChange,
    choose_baseline,
    compare_to_baseline,
    index_diary,
    outcomes_report,
    overuse_warnings,
    summarise,
)

FIRST_SESSION = date(2025, 3, 3)
BASELINE_START = FIRST_SESSION - timedelta(days=28)


def days_from(start, count):
    return [start + timedelta(days=i) for i in range(count)]


def clear(day, **meds):
    return DiaryDay(day, headache=False, meds=meds)


def ache(day, peak=5, hours=3.0, **details):
    return DiaryDay(day, headache=True, peak=peak, hours=hours, **details)


def window_diary(start, recorded=28, headache_days=0, **ache_details):
    """`recorded` consecutive entries from `start`, the first `headache_days` with a headache."""
    return [
        ache(day, **ache_details) if i < headache_days else clear(day)
        for i, day in enumerate(days_from(start, recorded))
    ]


def migraine_like(**overrides):
    details = {
        "peak": 7,
        "hours": 6.0,
        "locations": {"one_side"},
        "character": "pulsating",
        "nausea": True,
    }
    return ache(date(2025, 3, 3), **(details | overrides))


def tension_like(**overrides):
    details = {"peak": 4, "hours": 5.0, "locations": {"both_sides"}, "character": "pressing"}
    return ache(date(2025, 3, 3), **(details | overrides))


@pytest.mark.parametrize(
    ("day", "age", "label"),
    [
        (migraine_like(), None, DayLabel.MIGRAINE_LIKE),
        (migraine_like(hours=4.0), None, DayLabel.MIGRAINE_LIKE),
        (migraine_like(hours=3.9), None, DayLabel.UNCLASSIFIED),
        (migraine_like(hours=2.0), 17, DayLabel.MIGRAINE_LIKE),
        (migraine_like(hours=2.0), 18, DayLabel.UNCLASSIFIED),
        (migraine_like(hours=1.9), 12, DayLabel.UNCLASSIFIED),
        (migraine_like(hours=None), None, DayLabel.UNCLASSIFIED),
        (migraine_like(nausea=False, light=True, sound=True), None, DayLabel.MIGRAINE_LIKE),
        (migraine_like(nausea=False, light=True), None, DayLabel.UNCLASSIFIED),
        (migraine_like(nausea=False, sound=True), None, DayLabel.UNCLASSIFIED),
        (migraine_like(character="pressing", peak=3), None, DayLabel.UNCLASSIFIED),
        (
            migraine_like(character="pressing", peak=3, worse_with_activity=True),
            None,
            DayLabel.MIGRAINE_LIKE,
        ),
        (
            migraine_like(character="pressing", peak=3, worse_with_activity=None),
            None,
            DayLabel.UNCLASSIFIED,
        ),
        (
            migraine_like(locations={"both_sides"}, character="pressing", peak=4),
            None,
            DayLabel.UNCLASSIFIED,
        ),
        (
            tension_like(peak=4, worse_with_activity=True, nausea=True),
            None,
            DayLabel.MIGRAINE_LIKE,
        ),
        (tension_like(), None, DayLabel.TENSION_TYPE_LIKE),
        (tension_like(peak=1, hours=0.5), None, DayLabel.TENSION_TYPE_LIKE),
        (tension_like(peak=6), None, DayLabel.TENSION_TYPE_LIKE),
        (tension_like(peak=7), None, DayLabel.UNCLASSIFIED),
        (tension_like(peak=None), None, DayLabel.UNCLASSIFIED),
        (tension_like(nausea=True), None, DayLabel.UNCLASSIFIED),
        (tension_like(locations={"one_side"}), None, DayLabel.UNCLASSIFIED),
        (tension_like(locations={"both_sides", "temples"}), None, DayLabel.TENSION_TYPE_LIKE),
        (tension_like(locations={"back_of_head"}), None, DayLabel.UNCLASSIFIED),
        (tension_like(character="pulsating"), None, DayLabel.UNCLASSIFIED),
        (tension_like(character=None), None, DayLabel.UNCLASSIFIED),
        (tension_like(light=True, sound=True), None, DayLabel.TENSION_TYPE_LIKE),
        (clear(date(2025, 3, 3)), None, DayLabel.NO_HEADACHE),
    ],
)
def test_days_are_labelled_by_the_counting_rules(day, age, label):
    assert classify_day(day, age) is label


def test_the_counting_rules_are_available_as_text():
    assert "4 hours or more (2 hours or more under 18)" in MIGRAINE_LIKE_RULE
    assert "both light and sound" in MIGRAINE_LIKE_RULE
    assert "peak 6 or less" in TENSION_TYPE_LIKE_RULE


def test_vocabulary_matches_the_stored_values():
    assert MED_CLASSES == ("simple", "triptan_ergot", "opioid", "combination")
    assert LOCATIONS == ("one_side", "both_sides", "back_of_head", "temples", "jaw")
    assert [c.value for c in Character] == ["pressing", "pulsating"]


def test_diary_day_accepts_stored_strings_and_normalises_them():
    day = ache(
        date(2025, 3, 3),
        locations=["temples", "one_side"],
        character="pulsating",
        meds={"triptan_ergot": 1, "simple": 0},
        triggers=["sleep"],
    )

    assert day.locations == {Location.TEMPLES, Location.ONE_SIDE}
    assert day.character is Character.PULSATING
    assert dict(day.meds) == {MedClass.TRIPTAN_ERGOT: 1}
    assert day.triggers == ("sleep",)
    assert hash(day) == hash(day)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda d: ache(d, peak=11), "peak intensity must be 0-10"),
        (lambda d: ache(d, peak=-1), "peak intensity must be 0-10"),
        (lambda d: ache(d, peak=4.5), "peak intensity must be 0-10"),
        (lambda d: ache(d, hours=25), "hours must be 0-24"),
        (lambda d: ache(d, hours=-1), "hours must be 0-24"),
        (lambda d: ache(d, locations={"one_side", "both_sides"}), "one side and on both"),
        (lambda d: ache(d, locations={"neck"}), "location must be one of"),
        (lambda d: ache(d, character="stabbing"), "character must be one of"),
        (lambda d: ache(d, meds={"aspirin": 1}), "medicine class must be one of"),
        (lambda d: ache(d, meds={"simple": -1}), "medicine count must be 0 or more"),
        (lambda d: DiaryDay(d, headache=False, peak=3), "details given on a day without"),
        (lambda d: DiaryDay(d, headache=False, nausea=True), "details given on a day without"),
    ],
)
def test_invalid_diary_days_are_rejected(build, message):
    with pytest.raises(ValueError, match=message):
        build(date(2025, 3, 3))


def test_a_single_location_may_be_given_as_a_plain_value():
    assert ache(date(2025, 3, 3), locations="jaw").locations == {Location.JAW}


def test_medicines_on_a_headache_free_day_still_count_as_medication_days():
    summary = summarise([clear(date(2025, 3, 3), simple=2)], date(2025, 3, 3), date(2025, 3, 3))

    assert summary.medication == MedicationDays(simple=1, any_class=1)
    assert summary.headache_days == 0


def test_two_entries_for_one_day_are_rejected():
    with pytest.raises(ValueError, match="More than one diary entry for 2025-03-03"):
        index_diary([clear(date(2025, 3, 3)), ache(date(2025, 3, 3))])


def test_days_without_an_entry_are_not_counted_as_headache_free():
    diary = window_diary(FIRST_SESSION, recorded=14, headache_days=7)

    summary = summarise(diary, FIRST_SESSION, FIRST_SESSION + timedelta(days=27))

    assert (summary.days, summary.recorded_days, summary.headache_days) == (28, 14, 7)
    assert summary.completeness == 0.5
    assert summary.comparable is False and summary.days_short == 7
    assert summary.headache_days_per_28 is None  # not "14 per 28" from 14 recorded days


@pytest.mark.parametrize(
    ("recorded", "comparable", "per_28"),
    [
        (28, True, 7.0),
        (21, True, 28 * 7 / 21),
        (20, False, None),
        (2, False, None),
        (0, False, None),
    ],
)
def test_days_per_28_come_only_from_periods_with_21_recorded_days(recorded, comparable, per_28):
    summary = summarise(
        window_diary(FIRST_SESSION, recorded, headache_days=min(recorded, 7)),
        FIRST_SESSION,
        FIRST_SESSION + timedelta(27),
    )

    assert summary.comparable is comparable
    assert summary.headache_days_per_28 == per_28
    assert (summary.moderate_severe_days_per_28 is None) is (per_28 is None)


@pytest.mark.parametrize("recorded", [1, 2, 10, 20])
def test_a_window_with_fewer_than_21_recorded_days_gives_no_change_percent_or_responder(recorded):
    diary = window_diary(BASELINE_START, 28, 10) + window_diary(FIRST_SESSION, recorded, 0)

    report = outcomes_report(
        diary, as_of=FIRST_SESSION + timedelta(27), first_session=FIRST_SESSION
    )

    assert report.windows[0].change == WindowChange(None, None, None, too_early=True)
    assert report.compared is None


@pytest.mark.parametrize("recorded", [2, 20])
def test_a_baseline_with_fewer_than_21_recorded_days_is_too_early_to_compare(recorded):
    diary = window_diary(BASELINE_START, recorded, recorded)
    diary += window_diary(FIRST_SESSION, 28, 0)

    report = outcomes_report(diary, as_of=FIRST_SESSION + timedelta(40), first_session=None)

    assert report.baseline.comparable is False and report.windows[0].summary.comparable
    assert report.baseline.summary.headache_days_per_28 is None
    assert all(w.change.too_early and w.change.responder is None for w in report.windows)


def test_the_comparison_is_the_latest_window_with_21_recorded_days_not_the_running_one():
    diary = window_diary(BASELINE_START, 28, 10) + window_diary(FIRST_SESSION, 30, 4)

    report = outcomes_report(
        diary, as_of=FIRST_SESSION + timedelta(29), first_session=FIRST_SESSION
    )

    assert [w.summary.recorded_days for w in report.windows] == [28, 2]
    assert report.current.number == 2 and report.current.change.too_early
    assert report.compared.number == 1 and report.compared.change.responder is True


def test_window_counts_moderate_severe_days_from_peak_four_and_averages_known_peaks():
    start = FIRST_SESSION
    diary = [
        ache(start, peak=3),
        ache(start + timedelta(1), peak=4),
        ache(start + timedelta(2), peak=8),
        ache(start + timedelta(3), peak=None),
        clear(start + timedelta(4)),
    ]

    summary = summarise(diary, start, start + timedelta(4))

    assert summary.headache_days == 4
    assert summary.moderate_severe_days == 2
    assert summary.mean_peak == 5.0
    assert summary.unclassified_days == 4


@pytest.mark.parametrize(
    ("diary_start", "recorded", "source", "start", "overlaps"),
    [
        (BASELINE_START, 28, BaselineSource.PRE_SESSION, BASELINE_START, False),
        (BASELINE_START + timedelta(7), 21, BaselineSource.PRE_SESSION, BASELINE_START, False),
        (
            BASELINE_START + timedelta(8),
            60,
            BaselineSource.FIRST_DIARY_DAYS,
            BASELINE_START + timedelta(8),
            True,
        ),
        (
            FIRST_SESSION + timedelta(3),
            40,
            BaselineSource.FIRST_DIARY_DAYS,
            FIRST_SESSION + timedelta(3),
            True,
        ),
        (
            BASELINE_START - timedelta(40),
            30,
            BaselineSource.FIRST_DIARY_DAYS,
            BASELINE_START - timedelta(40),
            False,
        ),
    ],
    ids=[
        "full-pre-session",
        "exactly-21-days-before-the-session",
        "only-20-days-before-the-session",
        "diary-starts-after-the-first-session",
        "old-diary-but-none-just-before-the-session",
    ],
)
def test_baseline_uses_the_pre_session_window_only_when_21_days_are_recorded(
    diary_start, recorded, source, start, overlaps
):
    diary = index_diary(window_diary(diary_start, recorded))

    baseline = choose_baseline(diary, first_session=FIRST_SESSION, as_of=date(2025, 6, 1))

    assert baseline.source is source
    assert baseline.summary.start == start
    assert baseline.summary.days == 28
    assert baseline.overlaps_treatment is overlaps


def test_without_a_first_session_the_baseline_is_the_first_28_diary_days():
    diary = index_diary(window_diary(date(2025, 1, 10), 40))

    baseline = choose_baseline(diary, first_session=None, as_of=date(2025, 3, 1))

    assert baseline.source is BaselineSource.FIRST_DIARY_DAYS
    assert (baseline.summary.start, baseline.summary.end) == (date(2025, 1, 10), date(2025, 2, 6))


def test_an_empty_diary_has_no_baseline_and_no_windows():
    report = outcomes_report([], as_of=date(2025, 6, 1), first_session=FIRST_SESSION)

    assert report.baseline is None
    assert report.windows == ()


def test_windows_follow_the_baseline_in_28_day_steps_and_the_last_may_be_running():
    diary = window_diary(BASELINE_START, 28 + 28 + 10)

    report = outcomes_report(
        diary, as_of=FIRST_SESSION + timedelta(days=37), first_session=FIRST_SESSION
    )

    assert [(w.number, w.summary.start, w.summary.end, w.summary.days) for w in report.windows] == [
        (1, FIRST_SESSION, FIRST_SESSION + timedelta(27), 28),
        (2, FIRST_SESSION + timedelta(28), FIRST_SESSION + timedelta(37), 10),
    ]


def test_entries_after_the_report_date_are_ignored():
    diary = window_diary(BASELINE_START, 28) + [ache(FIRST_SESSION + timedelta(days=2))]

    report = outcomes_report(
        diary, as_of=FIRST_SESSION + timedelta(days=1), first_session=FIRST_SESSION
    )

    assert report.windows[0].summary.headache_days == 0
    assert report.windows[0].summary.recorded_days == 0


@pytest.mark.parametrize(
    ("baseline_days", "followup_days", "change", "percent", "responder"),
    [
        (10, 5, -5.0, -50.0, True),
        (10, 6, -4.0, -40.0, False),
        (10, 4, -6.0, -60.0, True),
        (9, 5, -4.0, -44.4, False),
        (8, 4, -4.0, -50.0, True),
        (5, 8, 3.0, 60.0, False),
        (0, 3, 3.0, None, None),
    ],
)
def test_responder_needs_at_least_half_the_baseline_headache_days(
    baseline_days, followup_days, change, percent, responder
):
    diary = window_diary(BASELINE_START, 28, baseline_days) + window_diary(
        FIRST_SESSION, 28, followup_days
    )

    report = outcomes_report(
        diary, as_of=FIRST_SESSION + timedelta(27), first_session=FIRST_SESSION
    )
    result = report.windows[0].change

    assert result.headache_days == change
    assert result.percent == (None if percent is None else pytest.approx(percent, abs=0.05))
    assert result.responder is responder


def test_responder_uses_days_per_28_recorded_days_and_exactly_half_still_counts():
    baseline = summarise(
        window_diary(BASELINE_START, 28, 10), BASELINE_START, BASELINE_START + timedelta(27)
    )
    followup = summarise(
        window_diary(FIRST_SESSION, 22, 4), FIRST_SESSION, FIRST_SESSION + timedelta(27)
    )
    exact_half = summarise(
        window_diary(FIRST_SESSION, 28, 5), FIRST_SESSION, FIRST_SESSION + timedelta(27)
    )

    assert compare_to_baseline(followup, baseline).responder is False  # 4 of 22 = 5.09 per 28
    assert compare_to_baseline(exact_half, baseline).responder is True


def test_a_single_headache_free_day_never_makes_a_responder():
    diary = window_diary(BASELINE_START, 28, 10) + window_diary(FIRST_SESSION, 1, 0)

    report = outcomes_report(diary, as_of=FIRST_SESSION, first_session=FIRST_SESSION)
    window = report.windows[0]

    assert window.summary.recorded_days == 1 and window.summary.headache_days == 0
    assert (window.change.headache_days, window.change.percent) == (None, None)
    assert window.change.responder is None and window.change.too_early


def test_a_window_with_no_entries_reports_no_rates():
    baseline = summarise(
        window_diary(BASELINE_START, 28, 10), BASELINE_START, BASELINE_START + timedelta(27)
    )
    empty = summarise([], FIRST_SESSION, FIRST_SESSION + timedelta(27))

    assert empty.completeness == 0
    assert empty.headache_days_per_28 is None
    assert empty.mean_peak is None
    assert compare_to_baseline(empty, baseline) == WindowChange(None, None, None, too_early=True)


@pytest.mark.parametrize(
    ("medication", "kinds"),
    [
        (MedicationDays(simple=14, any_class=14), ()),
        (MedicationDays(simple=15, any_class=15), ("simple",)),
        (MedicationDays(triptan_ergot=9, any_class=9), ()),
        (MedicationDays(triptan_ergot=10, any_class=10), ("triptan_ergot",)),
        (MedicationDays(opioid=9, any_class=9), ()),
        (MedicationDays(opioid=10, any_class=10), ("opioid",)),
        (MedicationDays(combination=9, any_class=9), ()),
        (MedicationDays(combination=10, any_class=10), ("combination",)),
        (MedicationDays(simple=5, triptan_ergot=4, any_class=9), ()),
        (MedicationDays(simple=5, triptan_ergot=5, any_class=10), ("mixed",)),
        (MedicationDays(simple=12, triptan_ergot=2, any_class=12), ("mixed",)),
        (MedicationDays(simple=15, triptan_ergot=3, any_class=17), ("simple",)),
        (MedicationDays(triptan_ergot=10, opioid=10, any_class=12), ("triptan_ergot", "opioid")),
    ],
    ids=[
        "simple-14",
        "simple-15",
        "triptan-9",
        "triptan-10",
        "opioid-9",
        "opioid-10",
        "combination-9",
        "combination-10",
        "mixed-9",
        "mixed-10",
        "mixed-on-shared-days",
        "single-class-overuse-wins-over-mixed",
        "two-classes-each-overused",
    ],
)
def test_overuse_warnings_follow_the_ichd3_thresholds(medication, kinds):
    warnings = overuse_warnings(medication)

    assert tuple(w.kind for w in warnings) == kinds
    assert all(w.source == "ICHD-3 8.2" and "review medicines" in w.message for w in warnings)


@pytest.mark.parametrize(
    ("simple_days", "triptan_days", "kinds"),
    [
        (14, 0, ()),
        (15, 0, ("simple",)),
        (0, 9, ()),
        (0, 10, ("triptan_ergot",)),
        (6, 4, ("mixed",)),
    ],
)
def test_overuse_is_counted_from_diary_days_in_each_28_day_window(simple_days, triptan_days, kinds):
    entries = [clear(day, simple=1) for day in days_from(FIRST_SESSION, simple_days)]
    entries += [
        clear(day, triptan_ergot=1)
        for day in days_from(FIRST_SESSION + timedelta(simple_days), triptan_days)
    ]
    entries += [
        clear(day)
        for day in days_from(
            FIRST_SESSION + timedelta(simple_days + triptan_days), 28 - simple_days - triptan_days
        )
    ]

    summary = summarise(entries, FIRST_SESSION, FIRST_SESSION + timedelta(27))

    assert tuple(w.kind for w in summary.overuse) == kinds


def test_report_compares_hit6_against_the_meaningful_change_for_the_headache_type():
    diary = window_diary(BASELINE_START, 28, 10)

    tension = outcomes_report(diary, as_of=FIRST_SESSION, hit6_baseline=64, hit6_latest=57)
    migraine = outcomes_report(
        diary, as_of=FIRST_SESSION, hit6_baseline=64, hit6_latest=57, headache_type="migraine"
    )
    missing = outcomes_report(diary, as_of=FIRST_SESSION, hit6_baseline=64)

    assert (tension.hit6.change, tension.hit6.meaningful) == (-7, False)
    assert (migraine.hit6.threshold, migraine.hit6.meaningful) == (-6, True)
    assert missing.hit6 is None


@pytest.mark.parametrize(
    ("done", "due", "ratio"),
    [(6, 8, 0.75), (8, 8, 1.0), (10, 8, 1.0), (0, 8, 0.0), (0, 0, None), (3, 0, None)],
)
def test_adherence_is_done_over_due_capped_at_one(done, due, ratio):
    adherence = Adherence(done, due)

    assert adherence.ratio == ratio
    assert outcomes_report([], as_of=FIRST_SESSION, adherence=adherence).adherence is adherence


@pytest.mark.parametrize(("done", "due"), [(-1, 4), (2, -1), (1.5, 4), (True, 4)])
def test_adherence_rejects_negative_or_non_whole_counts(done, due):
    with pytest.raises(ValueError, match="whole numbers of 0 or more"):
        Adherence(done, due)


def test_summarise_rejects_a_window_ending_before_it_starts():
    with pytest.raises(ValueError, match="is before its start"):
        summarise([], FIRST_SESSION, FIRST_SESSION - timedelta(days=1))


def test_age_under_18_changes_the_migraine_like_count_in_a_window():
    day = migraine_like(hours=3.0)

    adult = summarise([day], day.date, day.date)
    teen = summarise([day], day.date, day.date, age=15)

    assert (adult.migraine_like_days, teen.migraine_like_days) == (0, 1)


def test_a_bare_day_is_the_same_as_one_built_with_its_checks():
    from plans.diary_days import DiaryDay

    for headache in (True, False):
        checked = DiaryDay(date(2026, 11, 3), headache)
        bare = DiaryDay.bare(date(2026, 11, 3), headache)
        assert bare == checked and hash(bare) == hash(checked)
        assert vars(bare) == vars(checked)
