from itertools import product

import pytest

from plans.instruments import (
    HEADACHE_TYPES,
    HIT6,
    HIT6_ANSWER_CHOICES,
    TIMEPOINTS,
    AnswerOption,
    Band,
    HeadacheType,
    Instrument,
    Item,
    get_instrument,
    instrument_choices,
    mid_course_session,
    register_instrument,
    registered_instruments,
    unregister_instrument,
)

ITEMS = [item.code for item in HIT6.items]
POINTS = {"never": 6, "rarely": 8, "sometimes": 10, "very_often": 11, "always": 13}


def all_answers(answer):
    return dict.fromkeys(ITEMS, answer)


def answers_totalling(total):
    """A real set of HIT-6 answers that adds up to `total`."""
    for combo in product(POINTS, repeat=len(ITEMS)):
        if sum(POINTS[a] for a in combo) == total:
            return dict(zip(ITEMS, combo, strict=True))
    raise AssertionError(f"no answers add up to {total}")


def test_hit6_has_six_items_and_the_published_answer_values():
    assert len(HIT6.items) == 6
    assert {option.code: option.points for option in HIT6.options} == POINTS
    assert [code for code, _ in HIT6_ANSWER_CHOICES] == list(POINTS)
    assert HIT6.total_range() == (36, 78)


@pytest.mark.parametrize("item", ITEMS)
@pytest.mark.parametrize(("answer", "points"), POINTS.items())
def test_every_answer_to_every_item_scores_its_published_points(item, answer, points):
    answers = all_answers("never") | {item: answer}

    assert HIT6.score(answers).total == 30 + points


@pytest.mark.parametrize(
    ("answer", "total"),
    [("never", 36), ("rarely", 48), ("sometimes", 60), ("very_often", 66), ("always", 78)],
)
def test_same_answer_to_every_item_totals_six_times_its_points(answer, total):
    assert HIT6.score(all_answers(answer)).total == total


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (36, "little_or_none"),
        (49, "little_or_none"),
        (50, "some"),
        (55, "some"),
        (56, "substantial"),
        (59, "substantial"),
        (60, "severe"),
        (78, "severe"),
    ],
)
def test_band_edges_follow_the_scoring_key(total, band):
    score = HIT6.score(answers_totalling(total))

    assert score.total == total
    assert score.band.code == band
    assert HIT6.band_for(total).code == band


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({item: "never" for item in ITEMS[:5]}, "unanswered item"),
        (all_answers("never") | {ITEMS[0]: ""}, "unanswered item"),
        (all_answers("never") | {"hit6_7": "never"}, "unknown item"),
        (all_answers("never") | {ITEMS[2]: "often"}, "'often' is not an answer"),
        (all_answers("never") | {ITEMS[2]: "6"}, "'6' is not an answer"),
        (all_answers("never") | {ITEMS[2]: 6}, "6 is not an answer"),
        (all_answers("never") | {ITEMS[2]: "Never"}, "'Never' is not an answer"),
    ],
    ids=["missing", "blank", "extra-item", "unknown-word", "points-text", "points-int", "label"],
)
def test_invalid_answers_are_rejected(answers, message):
    with pytest.raises(ValueError, match=message):
        HIT6.score(answers)


@pytest.mark.parametrize("total", [35, 79, 0])
def test_totals_outside_36_to_78_are_rejected(total):
    with pytest.raises(ValueError, match="outside 36-78"):
        HIT6.band_for(total)


@pytest.mark.parametrize(
    ("headache_type", "baseline", "followup", "meaningful"),
    [
        (HeadacheType.TENSION_TYPE, 62, 54, True),
        (HeadacheType.TENSION_TYPE, 62, 55, False),
        (HeadacheType.TENSION_TYPE, 62, 50, True),
        (HeadacheType.MIGRAINE, 62, 56, True),
        (HeadacheType.MIGRAINE, 62, 57, False),
        ("migraine", 60, 60, False),
        ("tension_type", 50, 60, False),
    ],
)
def test_meaningful_change_is_reached_at_exactly_the_threshold(
    headache_type, baseline, followup, meaningful
):
    change = HIT6.compare(baseline, followup, headache_type)

    assert change.change == followup - baseline
    assert change.threshold == {"tension_type": -8, "migraine": -6}[headache_type]
    assert change.meaningful is meaningful


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((62, 54, "cluster"), "unknown headache type 'cluster'"),
        ((30, 54, "migraine"), "total 30 is outside"),
        ((62, 80, "migraine"), "total 80 is outside"),
    ],
)
def test_comparisons_with_unknown_types_or_impossible_totals_are_rejected(args, message):
    with pytest.raises(ValueError, match=message):
        HIT6.compare(*args)


def test_hit6_totals_are_the_sums_of_six_answers_so_37_39_and_77_cannot_occur():
    points = [option.points for option in HIT6.options]
    sums = {sum(answers) for answers in product(points, repeat=len(HIT6.items))}

    assert HIT6.possible_totals == sums
    assert set(range(36, 79)) - HIT6.possible_totals == {37, 39, 77}
    assert {36, 38, 40, 76, 78} <= HIT6.possible_totals


@pytest.mark.parametrize(
    ("baseline", "followup", "message"),
    [
        (37, 50, "no set of answers adds up to 37; the nearest possible totals are 36 and 38"),
        (62, 39, "no set of answers adds up to 39; the nearest possible totals are 38 and 40"),
        (77, 60, "no set of answers adds up to 77; the nearest possible totals are 76 and 78"),
        (62.0, 54, "a total must be a whole number"),
        (True, 54, "a total must be a whole number"),
    ],
)
def test_comparing_totals_the_questionnaire_cannot_produce_is_refused(baseline, followup, message):
    with pytest.raises(ValueError, match=message):
        HIT6.compare(baseline, followup, "migraine")


def test_every_possible_total_can_be_compared():
    for total in HIT6.possible_totals:
        assert HIT6.compare(total, 36, "migraine").followup == 36


def test_a_percentage_instrument_knows_its_possible_totals_with_an_item_missing(ndi):
    all_ten = {raw * 2 for raw in range(51)}  # 0-50 points as a percentage
    nine = {int(raw * 100 / 45 + 0.5) for raw in range(46)}  # rounded half up

    assert ndi.possible_totals == all_ten | nine
    assert 1 not in ndi.possible_totals and 2 in ndi.possible_totals


def test_hit6_needs_a_clinic_licence_and_names_its_source():
    assert HIT6.licence_required is True
    assert "Castien" in HIT6.source


@pytest.mark.parametrize(("sessions", "mid"), [(8, 4), (6, 3), (7, 4), (10, 5), (1, 1)])
def test_mid_course_questionnaire_follows_half_the_sessions(sessions, mid):
    assert mid_course_session(sessions) == mid


@pytest.mark.parametrize("sessions", [0, -1, 2.5, True])
def test_mid_course_session_rejects_non_positive_or_non_whole_counts(sessions):
    with pytest.raises(ValueError, match="total_sessions"):
        mid_course_session(sessions)


def test_choices_are_value_label_pairs_for_the_models():
    assert HEADACHE_TYPES == ("tension_type", "migraine")
    assert TIMEPOINTS == ("baseline", "mid_course", "discharge")
    assert HeadacheType.MIGRAINE.label == "Migraine"
    assert HeadacheType.MIGRAINE == "migraine"


def neck_disability_style():
    options = tuple(
        AnswerOption(f"s{points}", f"Statement {points}", points) for points in range(6)
    )
    return Instrument(
        code="ndi_style",
        name="Neck disability (test)",
        items=tuple(Item(f"n{i}", f"Topic {i}") for i in range(1, 11)),
        options=options,
        bands=(
            Band("none", "No disability", 0, 8),
            Band("mild", "Mild", 9, 28),
            Band("moderate", "Moderate", 29, 48),
            Band("severe", "Severe", 49, 100),
        ),
        meaningful_change=(("tension_type", -10), ("migraine", -10)),
        source="test instrument",
        max_missing=1,
        scale_to=100,
    )


@pytest.fixture
def ndi():
    instrument = register_instrument(neck_disability_style())
    yield instrument
    unregister_instrument(instrument.code)


def test_hit6_is_registered_by_default():
    assert get_instrument("hit6") is HIT6
    assert ("hit6", HIT6.name) in instrument_choices()


def test_a_percentage_instrument_plugs_in_and_prorates_one_missing_item(ndi):
    answers = {f"n{i}": "s2" for i in range(1, 10)}

    score = get_instrument("ndi_style").score(answers)

    assert ndi in registered_instruments()
    assert (score.total, score.answered, score.band.code) == (40, 9, "moderate")
    assert ndi.compare(40, 30, "migraine").meaningful is True


def test_a_percentage_instrument_still_rejects_two_missing_items(ndi):
    with pytest.raises(ValueError, match="unanswered item"):
        ndi.score({f"n{i}": "s2" for i in range(1, 9)})


def test_registering_the_same_code_twice_needs_replace(ndi):
    with pytest.raises(ValueError, match="already registered"):
        register_instrument(neck_disability_style())
    assert register_instrument(neck_disability_style(), replace=True).code == "ndi_style"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda: get_instrument("nope"), "No instrument registered with code 'nope'"),
        (lambda: unregister_instrument("hit6"), "cannot be unregistered"),
        (lambda: register_instrument("hit6"), "Only Instrument values"),
    ],
)
def test_registry_misuse_raises_a_clear_error(action, message):
    with pytest.raises(ValueError, match=message):
        action()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"bands": (Band("low", "Low", 0, 40), Band("high", "High", 42, 100))}, "without gaps"),
        ({"bands": (Band("all", "All", 0, 90),)}, "must cover"),
        ({"items": (Item("n1", "A"), Item("n1", "B"))}, "unique codes"),
        ({"max_missing": 10}, "max_missing"),
        ({"options": ()}, "has no answer options"),
    ],
)
def test_badly_built_instruments_are_rejected(changes, message):
    fields = neck_disability_style().__dict__ | changes

    with pytest.raises(ValueError, match=message):
        Instrument(**fields)
