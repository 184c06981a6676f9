from fractions import Fraction

import pytest

from assessment.measures import (
    forward_head,
    jaw_limited,
    ndi_band,
    ndi_change,
    ndi_score,
    rom_check,
)

ITEMS = [f"ndi_{n}" for n in range(1, 11)]


def answers(*values):
    return dict(zip(ITEMS, values, strict=False))


@pytest.mark.parametrize(
    ("values", "points", "percent", "band"),
    [
        ((0,) * 10, 0, 0, "none"),
        ((5,) * 10, 50, 100, "complete"),
        ((2,) * 10, 20, 40, "moderate"),
        ((1, 1, 1, 1, 0, 0, 0, 0, 0, 0), 4, 8, "none"),
        ((1, 1, 1, 1, 1, 0, 0, 0, 0, 0), 5, 10, "mild"),
        ((2, 2, 2, 2, 2, 2, 1, 1, 0, 0), 14, 28, "mild"),
        ((2, 2, 2, 2, 2, 2, 1, 1, 1, 0), 15, 30, "moderate"),
        ((3, 3, 3, 3, 3, 3, 3, 3, 0, 0), 24, 48, "moderate"),
        ((3, 3, 3, 3, 3, 3, 3, 3, 1, 0), 25, 50, "severe"),
        ((4, 4, 4, 4, 4, 4, 4, 4, 2, 0), 34, 68, "severe"),
        ((4, 4, 4, 4, 4, 4, 4, 4, 3, 0), 35, 70, "complete"),
    ],
)
def test_ndi_total_percent_and_band(values, points, percent, band):
    score = ndi_score(answers(*values))
    assert (score.points, score.percent, score.band, score.answered) == (
        points,
        percent,
        band,
        10,
    )


def test_one_missing_item_is_prorated_from_the_answered_ones():
    given = answers(3, 3, 3, 3, 3, 3, 3, 3, 3)  # nine items at 3: 27 of 45 -> 30 of 50
    score = ndi_score(given)
    assert score.points == 30 and score.answered == 9 and score.band == "severe"


def test_two_missing_items_are_prorated_and_may_give_a_fraction():
    score = ndi_score({**answers(2, 2, 2, 2, 2, 2, 2, 3), "ndi_9": None})
    assert score.points == Fraction(17 * 50, 40) and score.points_display == "21.3"
    assert score.percent_display == "42.5" and score.band == "moderate"


def test_three_missing_items_give_no_score():
    assert ndi_score(answers(1, 1, 1, 1, 1, 1, 1)) is None


@pytest.mark.parametrize("bad", [{"ndi_1": 6}, {"ndi_1": -1}, {"ndi_1": "3"}, {"ndi_11": 1}])
def test_bad_ndi_answers_are_refused(bad):
    with pytest.raises(ValueError):
        ndi_score({**answers(*(0,) * 10), **bad})


@pytest.mark.parametrize(
    ("before", "after", "meaningful"),
    [(30, 22, True), (30, Fraction(45, 2), True), (30, 23, False), (20, 28, False)],
)
def test_ndi_change_of_seven_and_a_half_points_is_meaningful(before, after, meaningful):
    assert ndi_change(before, after).meaningful is meaningful


def test_ndi_band_refuses_totals_outside_the_scale():
    with pytest.raises(ValueError):
        ndi_band(51)


@pytest.mark.parametrize(
    ("direction", "degrees", "reproduces", "limited", "flagged"),
    [
        ("flexion", 38, False, False, False),  # 75% of 50 is 37.5
        ("flexion", 37, False, True, True),
        ("extension", 45, False, False, False),  # 75% of 60 is 45
        ("extension", 44, False, True, True),
        ("side_bend_left", 34, False, False, False),  # 75% of 45 is 33.75
        ("side_bend_right", 33, False, True, True),
        ("rotation_left", 60, False, False, False),  # 75% of 80 is 60
        ("rotation_right", 59, False, True, True),
        ("rotation_right", 80, True, False, True),  # full range but reproduces the headache
        ("flexion", None, False, False, False),
    ],
)
def test_rom_is_flagged_below_three_quarters_of_typical_or_when_it_reproduces_headache(
    direction, degrees, reproduces, limited, flagged
):
    result = rom_check(direction, degrees, reproduces=reproduces)
    assert (result.limited, result.flagged) == (limited, flagged)


@pytest.mark.parametrize(
    ("direction", "degrees"), [("twist", 10), ("flexion", -1), ("flexion", 181)]
)
def test_rom_refuses_unknown_directions_and_impossible_angles(direction, degrees):
    with pytest.raises(ValueError):
        rom_check(direction, degrees)


@pytest.mark.parametrize(("mm", "limited"), [(39, True), (40, False), (55, False), (None, False)])
def test_mouth_opening_under_40_mm_is_limited(mm, limited):
    assert jaw_limited(mm) is limited


@pytest.mark.parametrize(("cva", "forward"), [(49, True), (50, False), (56, False), (None, False)])
def test_craniovertebral_angle_under_50_suggests_forward_head(cva, forward):
    assert forward_head(cva) is forward


def test_change_rows_give_thresholds_and_never_a_verdict_without_both_values():
    from assessment.change import compare

    rows = {r.label: r for r in compare(
        {"flexion": 30, "jaw_opening_mm": 36, "ndi_percent": 40, "rom_reproduces": ("extension",)},
        {"flexion": 45, "ndi_percent": 24, "extension": 60},
    )}  # fmt: skip
    assert (rows["Flexion"].delta, rows["Flexion"].verdict) == (15, "No longer flagged")
    assert rows["Extension"].verdict == "Not measured both times"
    assert rows["Mouth opening"].delta is None and rows["Mouth opening"].flagged_before
    assert rows["Neck Disability Index"].verdict == "Meaningful improvement"
    assert rows["Neck Disability Index"].change_unit == " percentage points"
    small = {r.label: r for r in compare({"ndi_percent": 40}, {"ndi_percent": 26})}
    assert small["Neck Disability Index"].verdict.startswith("Change below")
