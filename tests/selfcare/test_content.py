"""The routine library in selfcare/content/: shape, safety wording and illustrations.

Pure checks on the JSON and PNG files; no database.
"""

import json
import re
import struct
from dataclasses import dataclass
from pathlib import Path

import pytest

from selfcare.contraindications import (
    ANTICOAGULANT_HOLD_MAX,
    CODES,
    FIRM_PRESSURE,
    JAW_WORK,
    NECK_MOVEMENT,
    SOFT_BALL,
    SUPINE,
    limits_for,
    offer,
)
from triage.questions import ALL_CLEAR

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "selfcare" / "content"
ROUTINES = json.loads((CONTENT / "routines.json").read_text(encoding="utf-8"))
BY_SLUG = {r["slug"]: r for r in ROUTINES}

KEYS = {
    "slug": str,
    "title": str,
    "summary": str,
    "regions": list,
    "contraindications": list,
    "tools": list,
    "position": str,
    "steps": list,
    "hold_seconds_min": int,
    "hold_seconds_max": int,
    "hold_seconds_default": int,
    "spots_per_side": int,
    "sides": str,
    "frequency": str,
    "cautions": list,
    "stop_if": list,
    "image": str,
    "image_alt": str,
    "licence": str,
    "attribution": str,
    "published": bool,
}
REGIONS = {
    "scalp",
    "jaw_left",
    "jaw_right",
    "neck_back",
    "neck_side_left",
    "neck_side_right",
    "shoulder_left",
    "shoulder_right",
    "upper_back",
    "chest_left",
    "chest_right",
}
TOOLS = {
    "tennis_ball",
    "lacrosse_ball",
    "soft_foam_ball",
    "small_towel",
    "foam_roller",
    "fingers",
    "none",
}
BALLS = {"tennis_ball", "lacrosse_ball", "soft_foam_ball"}
POSITIONS = {"wall", "floor", "seated"}
SIDES = {"left", "right", "both", "midline"}
FREQUENCIES = {"daily", "every_other_day"}
PAIRED = [("jaw_left", "jaw_right"), ("neck_side_left", "neck_side_right"),
          ("shoulder_left", "shoulder_right"), ("chest_left", "chest_right")]  # fmt: skip

REQUIRED = {
    "upper-trapezius-wall-ball",
    "levator-scapulae-wall-ball",
    "suboccipital-release-two-balls",
    "sternocleidomastoid-finger-pinch",
    "masseter-release",
    "temporalis-release",
    "scalp-release",
    "pectoralis-minor-wall-ball",
    "rhomboid-wall-ball",
    "thoracic-extension-foam-roller",
    "chin-tucks",
    "seated-posture-reset",
    "jaw-relaxation-drill",
    "towel-suboccipital-stretch",
}
POSTURE_DRILLS = {"chin-tucks", "seated-posture-reset", "jaw-relaxation-drill"}
JAW_ROUTINES = {"masseter-release", "temporalis-release", "jaw-relaxation-drill"}
SCM = "sternocleidomastoid-finger-pinch"

each_routine = pytest.mark.parametrize("r", ROUTINES, ids=[r["slug"] for r in ROUTINES])


def text_of(r: dict) -> str:
    parts = [r["title"], r["summary"], *r["steps"], *r["cautions"], *r["stop_if"]]
    return " ".join(parts).lower()


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_the_library_is_a_list_of_at_least_fourteen_routines():
    assert isinstance(ROUTINES, list)
    assert len(ROUTINES) >= 14


@each_routine
def test_every_routine_has_exactly_the_expected_keys_and_types(r):
    assert set(r) == set(KEYS)
    for key, kind in KEYS.items():
        assert type(r[key]) is kind, f"{key} should be {kind.__name__}"
    for key in ("regions", "tools", "steps", "cautions", "stop_if"):
        assert all(isinstance(item, str) and item.strip() for item in r[key]), key
    for key in ("title", "summary", "image_alt", "attribution"):
        assert r[key].strip(), key


def test_slugs_are_unique_and_kebab_case():
    slugs = [r["slug"] for r in ROUTINES]
    assert len(slugs) == len(set(slugs))
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug


def test_the_required_routines_are_all_present():
    assert REQUIRED <= set(BY_SLUG), REQUIRED - set(BY_SLUG)


@each_routine
def test_hold_times_stay_within_30_to_90_seconds_and_are_ordered(r):
    lo, default, hi = r["hold_seconds_min"], r["hold_seconds_default"], r["hold_seconds_max"]
    assert 30 <= lo <= default <= hi <= 90


@each_routine
def test_spots_per_side_are_one_to_three(r):
    assert 1 <= r["spots_per_side"] <= 3


@each_routine
def test_enumerated_fields_use_known_values(r):
    assert set(r["regions"]) <= REGIONS
    assert set(r["tools"]) <= TOOLS
    assert r["position"] in POSITIONS
    assert r["sides"] in SIDES
    assert r["frequency"] in FREQUENCIES
    assert len(r["regions"]) == len(set(r["regions"]))
    assert r["tools"] and len(r["tools"]) == len(set(r["tools"]))
    assert r["tools"] == ["none"] or "none" not in r["tools"]


@each_routine
def test_no_routine_presses_on_the_front_of_the_neck(r):
    assert "neck_front" not in r["regions"]


@each_routine
def test_a_routine_done_on_both_sides_lists_both_side_codes(r):
    for left, right in PAIRED:
        assert (left in r["regions"]) == (right in r["regions"]), (left, right)


def test_posture_drills_press_nowhere_and_need_no_tools():
    for slug in POSTURE_DRILLS:
        assert BY_SLUG[slug]["regions"] == []
        assert BY_SLUG[slug]["tools"] == ["none"]


@each_routine
def test_every_routine_that_presses_somewhere_uses_a_tool(r):
    assert bool(r["regions"]) == (r["tools"] != ["none"])


@each_routine
def test_steps_are_three_to_seven_short_sentences(r):
    assert 3 <= len(r["steps"]) <= 7
    for step in r["steps"]:
        assert len(step) <= 130, step
        assert step[0].isupper() and step.endswith("."), step
        assert not re.match(r"\d", step), "the app numbers the steps"


def test_the_sternocleidomastoid_routine_uses_only_fingers_on_the_side_of_the_neck():
    r = BY_SLUG[SCM]
    assert r["tools"] == ["fingers"]
    assert set(r["regions"]) == {"neck_side_left", "neck_side_right"}
    text = text_of(r)
    assert "never press the front of your neck" in text
    assert "never use a ball" in text
    assert "pulse" in text


def test_the_sternocleidomastoid_routine_is_the_gentlest_dose():
    r = BY_SLUG[SCM]
    assert r["hold_seconds_max"] <= 45
    assert r["hold_seconds_default"] == 30
    assert r["spots_per_side"] <= 2


@each_routine
def test_no_ball_or_roller_is_used_on_the_side_of_the_neck(r):
    if {"neck_side_left", "neck_side_right"} & set(r["regions"]):
        assert r["tools"] == ["fingers"]


def test_the_sternocleidomastoid_pinch_starts_halfway_down_well_below_the_jaw_angle():
    r = BY_SLUG[SCM]
    steps = " ".join(r["steps"]).lower()
    assert "halfway" in steps and "below the angle of your jaw" in steps
    assert "lower" in steps and "higher" not in steps  # later spots go towards the collarbone
    cautions = " ".join(r["cautions"]).lower()
    assert "never just under the angle of your jaw" in cautions
    assert "middle and lower part" in cautions
    assert "one side at a time" in cautions


def test_the_rhomboid_routine_puts_the_ball_beside_the_spine_never_on_it():
    text = text_of(BY_SLUG["rhomboid-wall-ball"])
    assert "beside your spine" in text or "beside the spine" in text
    assert "never on" in text


@each_routine
def test_balls_and_rollers_near_the_spine_are_kept_off_its_bony_points(r):
    tools = set(r["tools"]) & (BALLS | {"foam_roller"})
    if tools and {"upper_back", "neck_back"} & set(r["regions"]):
        text = text_of(r)
        assert "spine" in text
        beside = ("beside your spine", "beside the spine", "each side of", "either side of")
        assert any(words in text for words in beside)


@each_routine
def test_no_roller_lies_across_the_spine(r):
    # A roller across the back presses every bony point it touches; two balls straddle them.
    assert not ({"upper_back", "neck_back"} & set(r["regions"]) and "foam_roller" in r["tools"])


def test_the_upper_back_extension_uses_two_balls_that_leave_the_spine_in_the_gap():
    r = BY_SLUG["thoracic-extension-foam-roller"]
    assert set(r["tools"]) <= BALLS and "foam_roller" not in r["tools"]
    steps = " ".join(r["steps"]).lower()
    assert "two tennis balls" in steps and "sock" in steps
    assert "one ball each side of your spine" in steps and "in the gap" in steps
    assert "roller" not in text_of(r)


@each_routine
def test_stop_signs_always_include_the_red_flags(r):
    stop = " ".join(r["stop_if"]).lower()
    assert "dizz" in stop
    assert "numb" in stop and "tingl" in stop
    assert "vision" in stop
    assert "sharp" in stop and "worse" in stop


@each_routine
def test_every_routine_that_presses_somewhere_says_to_move_off_a_pulse(r):
    if r["regions"]:
        assert any("pulse" in s.lower() and "move" in s.lower() for s in r["stop_if"])


@pytest.mark.parametrize("slug", sorted(JAW_ROUTINES))
def test_jaw_routines_send_people_over_50_with_chewing_pain_to_a_doctor_first(slug):
    text = text_of(BY_SLUG[slug])
    assert "over 50" in text and "chew" in text and "doctor" in text


@each_routine
def test_claims_stay_modest(r):
    text = text_of(r)
    assert "may " in r["summary"].lower()
    assert "it is not a cure" in text
    for word in ("guarantee", "eliminat", "permanent", "100%"):
        assert word not in text
    assert len(re.findall(r"\bcure", text)) == text.count("not a cure")


@each_routine
def test_tenderness_is_normal_but_sharp_pain_is_not(r):
    assert any("normal" in c and "sharp pain is not" in c for c in r["cautions"])


@each_routine
def test_every_routine_is_published_under_the_clinic_licence(r):
    assert r["published"] is True
    assert r["licence"] == "CC BY 4.0"
    assert r["attribution"] == "Headache Clinic"


@each_routine
def test_every_image_path_matches_its_slug(r):
    assert r["image"] == f"selfcare/content/img/{r['slug']}.png"
    assert len(r["image_alt"]) >= 40


@each_routine
def test_every_image_exists_as_a_1200_by_900_png_under_150_kb(r):
    path = ROOT / r["image"]
    assert path.is_file(), r["image"]
    assert png_size(path) == (1200, 900)
    assert path.stat().st_size < 150 * 1024


# --- Contraindications that belong to the routine, whether or not it presses anywhere -------

NECK = {"neck_back", "neck_side_left", "neck_side_right"}
NECK_MOVES = re.compile(r"\b(chin|nod|turn your head|tip your head|head straight back)\b")
JAW_OR_SCALP = {"jaw_left", "jaw_right", "scalp"}


def codes(r: dict) -> set[str]:
    return set(r["contraindications"])


@each_routine
def test_contraindications_are_distinct_known_codes(r):
    assert codes(r) <= set(CODES)
    assert len(r["contraindications"]) == len(codes(r))


@each_routine
def test_a_routine_that_moves_or_loads_the_neck_is_out_after_a_neck_fracture_or_head_injury(r):
    steps = " ".join(r["steps"]).lower()
    if NECK & set(r["regions"]) or NECK_MOVES.search(steps):
        assert NECK_MOVEMENT in codes(r)


@each_routine
def test_jaw_temple_and_scalp_work_is_out_for_the_giant_cell_arteritis_group(r):
    if JAW_OR_SCALP & set(r["regions"]) or r["slug"] in JAW_ROUTINES:
        assert JAW_WORK in codes(r)


@each_routine
def test_a_routine_done_lying_on_the_back_is_out_in_pregnancy_and_offers_another_position(r):
    lying = r["position"] == "floor" or "lie on your back" in " ".join(r["steps"]).lower()
    assert (SUPINE in codes(r)) == lying
    if lying:
        other = [c for c in r["cautions"] if "lying on your back" in c and "pregnan" in c]
        assert other and any(w in other[0] for w in ("seated", "standing", "wall version"))


@each_routine
def test_every_routine_that_presses_somewhere_is_held_back_with_a_blood_thinner(r):
    assert (FIRM_PRESSURE in codes(r)) == bool(r["regions"])


@each_routine
def test_every_ball_routine_can_be_done_with_the_soft_ball(r):
    if set(r["tools"]) & BALLS:
        assert SOFT_BALL in r["tools"]


def test_drills_that_press_nowhere_still_carry_their_contraindications():
    assert NECK_MOVEMENT in codes(BY_SLUG["chin-tucks"])
    assert NECK_MOVEMENT in codes(BY_SLUG["seated-posture-reset"])
    assert JAW_WORK in codes(BY_SLUG["jaw-relaxation-drill"])


@dataclass(frozen=True)
class Routine:
    slug: str
    regions: list
    tools: list
    contraindications: list


LIBRARY = [Routine(r["slug"], r["regions"], r["tools"], r["contraindications"]) for r in ROUTINES]


def offered(answers: dict) -> set[str]:
    limits = limits_for({**ALL_CLEAR, **answers})
    return {r.slug for r in LIBRARY if offer(r, limits).allowed}


@pytest.mark.parametrize(
    ("answers", "withheld"),
    [
        (
            {"recent_fracture_regions": ["neck_back"]},
            {
                "chin-tucks",
                "seated-posture-reset",
                "levator-scapulae-wall-ball",
                "suboccipital-release-two-balls",
                "towel-suboccipital-stretch",
                "sternocleidomastoid-finger-pinch",
            },
        ),
        (
            {"age": 70, "jaw_claudication": True},
            {
                "jaw-relaxation-drill",
                "masseter-release",
                "temporalis-release",
                "scalp-release",
                "suboccipital-release-two-balls",
            },
        ),
        (
            {"pregnancy": "pregnant"},
            {
                "suboccipital-release-two-balls",
                "upper-back-floor-ball",
                "thoracic-extension-foam-roller",
            },
        ),
    ],
)
def test_screening_answers_withhold_exactly_the_routines_they_should(answers, withheld):
    assert {r.slug for r in LIBRARY} - offered(answers) == withheld


def test_with_a_blood_thinner_every_ball_routine_is_offered_with_only_the_soft_ball():
    limits = limits_for({**ALL_CLEAR, "anticoagulant": True})
    for r in LIBRARY:
        result = offer(r, limits)
        if set(r.tools) & BALLS:
            assert result.allowed and result.tools == (SOFT_BALL,), r.slug
            assert result.hold_seconds_max == ANTICOAGULANT_HOLD_MAX
        elif r.regions:  # fingers or a towel on the body: no soft-ball version
            assert not result.allowed, r.slug
        else:
            assert result.allowed and result.tools == ("none",), r.slug


def test_chin_tucks_are_dosed_in_repetitions_not_spots():
    steps = " ".join(BY_SLUG["chin-tucks"]["steps"]).lower()
    assert "10 slow repetitions" in steps and "one repetition" in steps
    assert "until the set timer ends" not in steps
