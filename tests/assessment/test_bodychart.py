import pytest

from assessment.bodychart import SITE_KEYS, SITES, Spot, site, suggestions

LIBRARY = {
    "upper-trapezius-wall-ball": ["shoulder_left", "shoulder_right"],
    "levator-scapulae-wall-ball": ["shoulder_left", "shoulder_right", "upper_back"],
    "suboccipital-release-two-balls": ["neck_back", "scalp"],
    "towel-suboccipital-stretch": ["neck_back"],
    "sternocleidomastoid-finger-pinch": ["neck_side_left", "neck_side_right"],
    "masseter-release": ["jaw_left", "jaw_right"],
    "temporalis-release": ["scalp"],
    "jaw-relaxation-drill": [],
}


def routines_for(spots, excluded=(), library=LIBRARY):
    return {
        s.routine: s.sides for s in suggestions(spots, excluded_regions=excluded, routines=library)
    }


@pytest.mark.parametrize(
    ("spots", "excluded", "expected"),
    [
        ([Spot("upper_trapezius_left", 6)], (), {"upper-trapezius-wall-ball": ("left",)}),
        (
            [Spot("upper_trapezius_left", 6), Spot("upper_trapezius_right", 3)],
            (),
            {"upper-trapezius-wall-ball": ("left", "right")},
        ),
        ([Spot("upper_trapezius_left", 6)], ("shoulder_left",), {}),
        # The right shoulder being excluded does not stop work on the left.
        (
            [Spot("upper_trapezius_left", 6)],
            ("shoulder_right",),
            {"upper-trapezius-wall-ball": ("left",)},
        ),
        ([Spot("masseter_right", 5)], (), {"masseter-release": ("right",)}),
        ([Spot("masseter_right", 5)], ("jaw_right",), {}),
        ([Spot("jaw_joint_left", 4)], ("jaw_left",), {}),
        # A levator spot on the left: the routine also works the upper back, which is excluded.
        ([Spot("levator_scapulae_left", 7)], ("upper_back",), {}),
        (
            [Spot("suboccipitals_left", 7, True)],
            (),
            {"suboccipital-release-two-balls": ("left",), "towel-suboccipital-stretch": ("left",)},
        ),
        # The two-ball release also presses the scalp; with the scalp excluded only the towel.
        ([Spot("suboccipitals_left", 7)], ("scalp",), {"towel-suboccipital-stretch": ("left",)}),
        ([Spot("sternocleidomastoid_left", 4)], ("neck_side_left",), {}),
        ([], (), {}),
    ],
)  # fmt: skip
def test_marked_spots_suggest_routines_never_for_an_excluded_region(spots, excluded, expected):
    assert routines_for(spots, excluded) == expected


def test_a_routine_the_therapist_cannot_offer_is_not_suggested():
    library = {k: v for k, v in LIBRARY.items() if k != "upper-trapezius-wall-ball"}
    assert routines_for([Spot("upper_trapezius_left", 8)], library=library) == {}


def test_suggestions_put_headache_reproducing_and_more_tender_spots_first():
    found = suggestions(
        [
            Spot("masseter_left", 3),
            Spot("temporalis_left", 2, True),
            Spot("upper_trapezius_right", 9),
        ],
        excluded_regions=(),
        routines=LIBRARY,
    )
    assert [s.routine for s in found] == [
        "temporalis-release",
        "upper-trapezius-wall-ball",
        "masseter-release",
    ]
    assert found[0].because == ("Left temporalis",)


def test_every_site_is_drawn_on_at_least_one_view_and_sides_mirror():
    assert len(SITE_KEYS) == len(set(SITE_KEYS)) == 16
    for each in SITES:
        assert each.places()
    left = dict((v, (x, y)) for v, x, y in site("upper_trapezius_left").places())
    right = dict((v, (x, y)) for v, x, y in site("upper_trapezius_right").places())
    assert left["front"][0] + right["front"][0] == 200 and "side_right" in right


@pytest.mark.parametrize(
    "bad", [dict(site="elbow_left", tenderness=3), dict(site="masseter_left", tenderness=11),
            dict(site="masseter_left", tenderness=3, kind="sore")],
)  # fmt: skip
def test_bad_spots_are_refused(bad):
    with pytest.raises(ValueError):
        Spot(**bad)
