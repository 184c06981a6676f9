import copy
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triage.questions import ALL_CLEAR, ANSWER_KEYS, QUESTIONS_BY_KEY, REGION_CODES, validate
from triage.rule_messages import MESSAGES
from triage.rules import (
    DISPOSITION_ORDER,
    RULES,
    RULES_BY_CODE,
    RULESET_VERSION,
    Disposition,
    assess,
    more_severe,
)

EMERGENCY = Disposition.EMERGENCY_NOW
TODAY = Disposition.SEE_DOCTOR_TODAY
SOON = Disposition.SEE_DOCTOR_SOON
CAUTION = Disposition.SELF_CARE_CAUTION
OK = Disposition.SELF_CARE_OK


def answers(**overrides):
    data = copy.deepcopy(ALL_CLEAR)
    data.update(overrides)
    return data


def bp(systolic, diastolic):
    return {"systolic": systolic, "diastolic": diastolic}


# Every rule: its disposition, answer sets that must fire it and near misses that must not.
CASES = {
    "thunderclap_onset": (
        EMERGENCY,
        [{"onset": "within_1_min"}, {"onset": "within_5_min"}],
        [{"onset": "gradual", "worst_ever": True}],
    ),
    "worst_ever_sudden": (
        EMERGENCY,
        [{"worst_ever": True, "onset": "within_5_min"}],
        [{"worst_ever": True}, {"onset": "within_1_min"}],
    ),
    "fever_stiff_neck": (EMERGENCY, [{"fever": True, "stiff_neck": True}], [{"fever": True}]),
    "confusion_or_drowsiness": (EMERGENCY, [{"confusion": True}], [{"fever": True}]),
    "new_neurological_symptom": (
        EMERGENCY,
        [{"neuro_symptoms": ["numbness"]}, {"neuro_symptoms": ["seizure", "balance"]}],
        [{"aura": "typical"}, {"session_symptoms": ["numbness"]}],
    ),
    "double_vision_or_sight_loss": (
        EMERGENCY,
        [{"vision": ["double"]}, {"vision": ["loss"]}],
        [{"vision": ["blurred", "flashing_spots", "greyouts", "haloes"]}],
    ),
    "atypical_aura": (EMERGENCY, [{"aura": "atypical"}], [{"aura": "typical"}]),
    "red_painful_eye": (EMERGENCY, [{"red_painful_eye": True}], [{"vision": ["haloes"]}]),
    "head_injury_warning_signs": (
        EMERGENCY,
        [
            {"head_injury": "last_7_days", "anticoagulant": True},
            {"head_injury": "last_7_days", "vomiting": True},
            {"head_injury": "last_7_days", "progressive": True},
        ],
        [
            {"head_injury": "last_7_days"},
            {"head_injury": "last_3_months", "anticoagulant": True, "vomiting": True},
        ],
    ),
    "pregnancy_severe_blood_pressure": (
        EMERGENCY,
        [
            {"pregnancy": "pregnant", "bp": bp(160, 80)},
            {"pregnancy": "postpartum", "bp": bp(130, 110)},
        ],
        [{"pregnancy": "pregnant", "bp": bp(159, 109)}, {"pregnancy": "no", "bp": bp(170, 115)}],
    ),
    "pregnancy_vision_or_neurological": (
        EMERGENCY,
        [
            {"pregnancy": "pregnant", "vision": ["blurred"]},
            {"pregnancy": "postpartum", "vision": ["flashing_spots"]},
            {"pregnancy": "pregnant", "neuro_symptoms": ["numbness"]},
        ],
        [{"pregnancy": "no", "vision": ["blurred"]}, {"pregnancy": "pregnant"}],
    ),
    "hypertensive_emergency": (
        EMERGENCY,
        [
            {"bp": bp(180, 80), "vision": ["blurred"]},
            {"bp": bp(150, 120), "neuro_symptoms": ["speech"]},
            {"bp": bp(200, 100), "confusion": True},
        ],
        [{"bp": bp(179, 119), "neuro_symptoms": ["weakness"]}, {"bp": bp(190, 125)}],
    ),
    "gca_with_vision": (
        EMERGENCY,
        [
            {"age": 51, "jaw_claudication": True, "vision": ["blurred"]},
            {"age": 75, "scalp_tenderness": True, "vision": ["haloes"]},
        ],
        [
            {"age": 50, "jaw_claudication": True, "vision": ["blurred"]},
            {"age": 75, "jaw_claudication": True},
        ],
    ),
    "session_stroke_like_symptom": (
        EMERGENCY,
        [{"session_symptoms": [s]} for s in ("weakness", "speech", "vision", "faint")],
        [{"session_symptoms": ["dizziness", "numbness", "worsening_pain"]}],
    ),
    "session_symptoms_persisting": (
        EMERGENCY,
        [
            {"session_symptoms": ["dizziness"], "session_symptoms_resolved": False},
            {"session_symptoms": ["numbness"], "session_symptoms_resolved": False},
        ],
        [
            {"session_symptoms": ["dizziness"], "session_symptoms_resolved": True},
            {"session_symptoms": ["worsening_pain"], "session_symptoms_resolved": False},
        ],
    ),
    "worst_ever_gradual": (
        TODAY,
        [{"worst_ever": True}],
        [{"worst_ever": True, "onset": "within_5_min"}, {"progressive": True}],
    ),
    "stiff_neck_without_fever": (
        TODAY,
        [{"stiff_neck": True}],
        [{"stiff_neck": True, "fever": True}, {"scalp_tenderness": True}],
    ),
    "gca_signs_over_50": (
        TODAY,
        [
            {"age": 51, "jaw_claudication": True, "history": "new"},
            {"age": 68, "scalp_tenderness": True, "history": "long_standing_same"},
        ],
        [{"age": 50, "jaw_claudication": True, "scalp_tenderness": True, "history": "new"}],
    ),
    "pregnancy_new_headache": (
        TODAY,
        [
            {"pregnancy": "pregnant", "history": "new"},
            {"pregnancy": "postpartum", "history": "changed"},
            {"pregnancy": "pregnant", "progressive": True},
        ],
        [{"pregnancy": "pregnant"}, {"pregnancy": "no", "history": "new"}],
    ),
    "pregnancy_raised_blood_pressure": (
        TODAY,
        [
            {"pregnancy": "pregnant", "bp": bp(140, 70)},
            {"pregnancy": "postpartum", "bp": bp(120, 90)},
            {"pregnancy": "pregnant", "bp_uncontrolled": True},
        ],
        [{"pregnancy": "pregnant", "bp": bp(139, 89)}, {"pregnancy": "no", "bp": bp(150, 95)}],
    ),
    "immunosuppressed_new_headache": (
        TODAY,
        [
            {"immunosuppressed": True, "history": "new"},
            {"immunosuppressed": True, "progressive": True},
        ],
        [{"immunosuppressed": True}, {"history": "changed"}],
    ),
    "raised_pressure_signs": (
        TODAY,
        [{"vision": ["greyouts"]}, {"pulsatile_tinnitus": True}, {"position": "worse_lying"}],
        [{"position": "worse_upright"}, {"vision": ["blurred"]}],
    ),
    "vision_haloes": (TODAY, [{"vision": ["haloes"]}], [{"vision": ["blurred"]}]),
    "progressive_wakes_from_sleep": (
        TODAY,
        [{"progressive": True, "wakes_from_sleep": True}],
        [{"wakes_from_sleep": True}, {"progressive": True}],
    ),
    "new_vomiting": (TODAY, [{"vomiting": True}], [{"session_symptoms": ["worsening_pain"]}]),
    "head_injury_last_7_days": (
        TODAY,
        [{"head_injury": "last_7_days"}],
        [{"head_injury": "last_3_months"}],
    ),
    "head_injury_3_months_with_risk": (
        TODAY,
        [
            {"head_injury": "last_3_months", "anticoagulant": True},
            {"head_injury": "last_3_months", "progressive": True},
        ],
        [{"head_injury": "last_3_months"}, {"anticoagulant": True, "progressive": True}],
    ),
    "very_high_blood_pressure": (
        TODAY,
        [{"bp": bp(180, 70)}, {"bp": bp(140, 120)}],
        [{"bp": bp(179, 119)}, {"bp_uncontrolled": True}],
    ),
    "fever": (TODAY, [{"fever": True}], [{"stiff_neck": True}]),
    "session_symptoms_resolved": (
        TODAY,
        [
            {"session_symptoms": ["dizziness"], "session_symptoms_resolved": True},
            {"session_symptoms": ["numbness"], "session_symptoms_resolved": True},
        ],
        [
            {"session_symptoms": ["worsening_pain"], "session_symptoms_resolved": True},
            {"session_symptoms": ["numbness"], "session_symptoms_resolved": False},
        ],
    ),
    "new_headache_over_50": (
        SOON,
        [{"age": 51, "history": "new"}, {"age": 65, "history": "changed"}],
        [{"age": 50, "history": "changed"}, {"age": 80, "history": "long_standing_same"}],
    ),
    "recent_onset_headache": (SOON, [{"history": "new"}], [{"history": "changed"}]),
    "changed_or_progressive": (
        SOON,
        [{"history": "changed"}, {"progressive": True}],
        [{"history": "new"}],
    ),
    "positional_upright": (
        SOON,
        [{"position": "worse_upright"}],
        [{"position": "worse_lying"}],
    ),
    "valsalva_trigger": (SOON, [{"valsalva_trigger": True}], [{"position": "worse_upright"}]),
    "cancer_new_headache": (
        SOON,
        [
            {"cancer_history": True, "history": "changed"},
            {"active_cancer_regions": ["chest_left"], "oncology_clearance": True, "history": "new"},
        ],
        [{"cancer_history": True}, {"history": "new"}],
    ),
    "new_medicine": (SOON, [{"new_medicine": True}], [{"anticoagulant": True}]),
    "head_injury_last_3_months": (
        SOON,
        [{"head_injury": "last_3_months"}, {"recent_fracture_regions": ["scalp"]}],
        [{"head_injury": "last_7_days"}, {"recent_fracture_regions": ["jaw_left"]}],
    ),
    "medication_overuse": (
        SOON,
        [
            {"simple_analgesic_days_per_month": 15},
            {"specific_medicine_days_per_month": 10},
            {"simple_analgesic_days_per_month": 5, "specific_medicine_days_per_month": 5},
        ],
        [
            {"simple_analgesic_days_per_month": 14, "headache_days_per_month": 31},
            {"simple_analgesic_days_per_month": 0, "specific_medicine_days_per_month": 9},
            {"simple_analgesic_days_per_month": 3, "specific_medicine_days_per_month": 6},
        ],
    ),
    "vision_blurred_or_flashing": (
        SOON,
        [{"vision": ["blurred"]}, {"vision": ["flashing_spots"]}],
        [{"vision": ["greyouts"]}, {"aura": "typical"}],
    ),
    "blood_clot": (SOON, [{"blood_clot": True}], [{"anticoagulant": True}]),
    "severe_osteoporosis": (SOON, [{"severe_osteoporosis": True}], [{"age": 90}]),
    "blood_pressure_uncontrolled": (
        SOON,
        [{"bp_uncontrolled": True}],
        [{"bp": bp(200, 130)}],
    ),
    "active_cancer_without_clearance": (
        SOON,
        [{"active_cancer_regions": ["neck_back"], "oncology_clearance": False}],
        [
            {"active_cancer_regions": ["neck_back"], "oncology_clearance": True},
            {"cancer_history": True},
        ],
    ),
    "session_pain_worse": (
        SOON,
        [{"session_symptoms": ["worsening_pain"], "session_symptoms_resolved": True}],
        [{"session_symptoms": ["dizziness"], "session_symptoms_resolved": True}],
    ),
    "recent_fracture_region": (
        CAUTION,
        [{"recent_fracture_regions": ["shoulder_left"]}],
        [{"infection_regions": ["shoulder_left"]}],
    ),
    "infection_region": (
        CAUTION,
        [{"infection_regions": ["jaw_right"]}],
        [{"recent_fracture_regions": ["jaw_right"]}],
    ),
    "pregnancy_neck_care": (
        CAUTION,
        [{"pregnancy": "pregnant"}, {"pregnancy": "postpartum"}],
        [{"pregnancy": "no"}],
    ),
    "anticoagulant_light_pressure": (
        CAUTION,
        [{"anticoagulant": True}, {"anticoagulant": True, "head_injury": "last_7_days"}],
        [{"new_medicine": True}],
    ),
    "active_cancer_cleared": (
        CAUTION,
        [{"active_cancer_regions": ["chest_right"], "oncology_clearance": True}],
        [{"active_cancer_regions": ["chest_right"], "oncology_clearance": False}],
    ),
    "wakes_from_sleep": (CAUTION, [{"wakes_from_sleep": True}], [{"progressive": True}]),
}

POSITIVES = [(code, o) for code, (_, pos, _) in CASES.items() for o in pos]
NEGATIVES = [(code, o) for code, (_, _, neg) in CASES.items() for o in neg]


def test_every_rule_has_a_positive_and_a_negative_case():
    assert set(CASES) == set(RULES_BY_CODE)
    assert all(pos and neg for _, pos, neg in CASES.values())


@pytest.mark.parametrize(("code", "overrides"), POSITIVES)
def test_rule_fires_on_its_red_flag(code, overrides):
    normalised, problems = validate(answers(**overrides))
    assert problems == []
    result = assess(normalised)
    assert code in result.codes
    assert result.disposition.severity >= CASES[code][0].severity


@pytest.mark.parametrize(("code", "overrides"), NEGATIVES)
def test_rule_stays_quiet_on_a_near_miss(code, overrides):
    normalised, problems = validate(answers(**overrides))
    assert problems == []
    assert code not in assess(normalised).codes


@pytest.mark.parametrize("code", list(CASES))
def test_rule_has_the_expected_disposition(code):
    assert RULES_BY_CODE[code].disposition == CASES[code][0]


def test_all_clear_gives_self_care_ok_with_no_reasons():
    result = assess(ALL_CLEAR)
    assert result.disposition == OK
    assert result.reasons == ()
    assert result.excluded_regions == ()
    assert result.to_dict() == {
        "disposition": "self_care_ok",
        "reasons": [],
        "excluded_regions": [],
        "ruleset_version": "2026.1",
    }


def test_contract_example_gives_the_contract_shape():
    result = assess(answers(pregnancy="pregnant", history="changed")).to_dict()
    assert list(result) == ["disposition", "reasons", "excluded_regions", "ruleset_version"]
    assert result["disposition"] == "see_doctor_today"
    first = result["reasons"][0]
    assert list(first) == ["code", "disposition", "message", "source"]
    assert first["code"] == "pregnancy_new_headache"
    assert first["source"] == "SNNOOP10 #11; NICE CG150"
    assert result["ruleset_version"] == RULESET_VERSION == "2026.1"


def test_most_severe_reason_wins_and_reasons_come_most_severe_first():
    result = assess(answers(anticoagulant=True, new_medicine=True, fever=True, confusion=True))
    assert result.disposition == EMERGENCY
    assert result.codes == (
        "confusion_or_drowsiness",
        "fever",
        "new_medicine",
        "anticoagulant_light_pressure",
    )


def test_reasons_of_equal_severity_keep_rule_table_order():
    result = assess(answers(blood_clot=True, valsalva_trigger=True, new_medicine=True))
    assert result.codes == ("valsalva_trigger", "new_medicine", "blood_clot")


@pytest.mark.parametrize(
    ("overrides", "disposition", "excluded"),
    [
        ({"recent_fracture_regions": ["shoulder_left"]}, CAUTION, ["shoulder_left"]),
        (
            {
                "infection_regions": ["chest_right", "jaw_left"],
                "recent_fracture_regions": ["upper_back"],
            },
            CAUTION,
            ["jaw_left", "upper_back", "chest_right"],
        ),
        (
            {"recent_fracture_regions": ["neck_side_left"]},
            CAUTION,
            ["neck_back", "neck_side_left", "neck_side_right", "neck_front"],
        ),
        ({"active_cancer_regions": ["chest_left"]}, SOON, ["chest_left"]),
        (
            {"active_cancer_regions": ["chest_left"], "oncology_clearance": True},
            CAUTION,
            ["chest_left"],
        ),
        ({"pregnancy": "pregnant"}, CAUTION, ["neck_side_left", "neck_side_right", "neck_front"]),
        ({"age": 72, "jaw_claudication": True}, TODAY, ["scalp", "jaw_left", "jaw_right"]),
        ({"anticoagulant": True}, CAUTION, []),
    ],
)
def test_regional_limits_exclude_only_their_regions(overrides, disposition, excluded):
    result = assess(answers(**overrides))
    assert result.disposition == disposition
    assert list(result.excluded_regions) == excluded


def test_pregnancy_with_usual_headache_and_normal_blood_pressure_is_self_care_with_caution():
    result = assess(answers(pregnancy="pregnant", bp=bp(118, 76)))
    assert result.disposition == CAUTION
    assert result.codes == ("pregnancy_neck_care",)


def test_wakes_from_sleep_alone_is_self_care_with_caution():
    assert assess(answers(wakes_from_sleep=True)).disposition == CAUTION


def test_medication_overuse_alone_lets_self_care_go_on():
    result = assess(answers(simple_analgesic_days_per_month=20))
    assert result.disposition == SOON
    assert result.self_care_allowed


@pytest.mark.parametrize(
    "overrides",
    [
        {"blood_clot": True},
        {"fever": True},
        {"simple_analgesic_days_per_month": 20, "blood_clot": True},
    ],
)
def test_other_doctor_reasons_block_self_care(overrides):
    assert not assess(answers(**overrides)).self_care_allowed


def test_assess_refuses_answers_that_were_not_validated():
    incomplete = answers()
    del incomplete["fever"]
    with pytest.raises(KeyError, match="fever"):
        assess(incomplete)


def test_disposition_order_runs_from_most_to_least_severe():
    assert [d.value for d in DISPOSITION_ORDER] == [
        "emergency_now",
        "see_doctor_today",
        "see_doctor_soon",
        "self_care_caution",
        "self_care_ok",
    ]
    assert [d.severity for d in DISPOSITION_ORDER] == [4, 3, 2, 1, 0]
    assert more_severe(OK, EMERGENCY) == more_severe(EMERGENCY, OK) == EMERGENCY
    assert more_severe(SOON, SOON) == SOON


def test_every_rule_has_a_code_message_and_source():
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    assert set(MESSAGES) == set(codes)
    for rule in RULES:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", rule.code)
        assert rule.message == MESSAGES[rule.code]
        assert rule.source.strip()


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_messages_are_modest_and_say_what_to_do(rule):
    text = rule.message.lower()
    assert "you have " not in text
    assert text.endswith(".")
    if rule.disposition == EMERGENCY:
        assert "emergency number" in text


# --- properties -----------------------------------------------------------------------------

ORDERED = {
    "onset": ("gradual", "within_5_min", "within_1_min"),
    "aura": ("none", "typical", "atypical"),
    "head_injury": ("none", "last_3_months", "last_7_days"),
}
# Every value other than the first is a red flag compared with the first.
FROM_FIRST = {
    "pregnancy": ("no", "pregnant", "postpartum"),
    "history": ("long_standing_same", "changed", "new"),
    "position": ("none", "worse_upright", "worse_lying"),
}
REASSURING_TRUE = {"oncology_clearance", "session_symptoms_resolved"}


def _value(question):
    if question.kind == "int":
        return st.integers(question.min_value, question.max_value)
    if question.kind == "bool":
        return st.booleans()
    if question.kind == "choice":
        return st.sampled_from(question.values)
    if question.kind in ("multi", "regions"):
        return st.sets(st.sampled_from(question.values)).map(
            lambda chosen, values=question.values: [v for v in values if v in chosen]
        )
    return st.none() | st.builds(bp, st.integers(50, 300), st.integers(30, 200))


@st.composite
def _near_all_clear(draw):
    # A few answers away from all-clear: fully random sets are nearly always emergency_now,
    # which would hide a rule that lowers anything.
    data = copy.deepcopy(ALL_CLEAR)
    for key in draw(st.sets(st.sampled_from(ANSWER_KEYS), max_size=6)):
        data[key] = draw(_value(QUESTIONS_BY_KEY[key]))
    return data


def answer_sets():
    """Valid answer sets: mostly close to all-clear, sometimes anything at all."""
    anything = st.fixed_dictionaries({key: _value(QUESTIONS_BY_KEY[key]) for key in ANSWER_KEYS})
    return _near_all_clear() | anything


def _worse(key, current):
    """Values of `key` that are at least as much of a red flag as `current`."""
    question = QUESTIONS_BY_KEY[key]
    if key in ORDERED:
        return st.sampled_from(ORDERED[key][ORDERED[key].index(current) :])
    if key in FROM_FIRST:
        return (
            st.sampled_from(FROM_FIRST[key][1:])
            if current == FROM_FIRST[key][0]
            else st.just(current)
        )
    if question.kind == "bool":
        return st.just(key not in REASSURING_TRUE)
    if question.kind == "int":
        return st.integers(current, question.max_value)
    if question.kind in ("multi", "regions"):
        return _value(question).map(
            lambda extra: [v for v in question.values if v in extra or v in current]
        )
    if current is None:
        return _value(question)
    return st.builds(
        bp, st.integers(current["systolic"], 300), st.integers(current["diastolic"], 200)
    )


@settings(max_examples=1000, deadline=None)
@given(st.data())
def test_adding_a_red_flag_never_gives_a_milder_outcome(data):
    current = data.draw(answer_sets(), label="answers")
    keys = data.draw(st.lists(st.sampled_from(ANSWER_KEYS), min_size=1, max_size=4), label="keys")
    for key in keys:
        worse = {**current, key: data.draw(_worse(key, current[key]), label=key)}
        assert validate(worse)[1] == []
        before, after = assess(current), assess(worse)
        assert after.disposition.severity >= before.disposition.severity
        assert set(after.excluded_regions) >= set(before.excluded_regions)
        current = worse


def _worst_of(key, a, b):
    """The more alarming of two answers to one key, or None when neither is (history "new" vs
    "changed", for example)."""
    question = QUESTIONS_BY_KEY[key]
    if a == b:
        return a
    if key in ORDERED:
        return max(a, b, key=ORDERED[key].index)
    if key in FROM_FIRST:
        baseline = FROM_FIRST[key][0]
        return b if a == baseline else a if b == baseline else None
    if question.kind == "bool":
        return key not in REASSURING_TRUE
    if question.kind == "int":
        return max(a, b)
    if question.kind in ("multi", "regions"):
        return [v for v in question.values if v in a or v in b]
    if a is None or b is None:
        return a or b
    return bp(max(a["systolic"], b["systolic"]), max(a["diastolic"], b["diastolic"]))


def _together(first, second):
    combined = answers(**first)
    for key, value in second.items():
        combined[key] = _worst_of(key, combined[key], value)
        if combined[key] is None and value is not None:
            return None
    return combined


def test_two_red_flags_together_are_never_milder_than_either_alone():
    flags = [overrides for _, overrides in POSITIVES]
    checked = 0
    for first in flags:
        for second in flags:
            both = _together(first, second)
            if both is None:
                continue
            alone = [assess(answers(**overrides)) for overrides in (first, second)]
            result = assess(both)
            assert result.disposition.severity >= max(a.disposition.severity for a in alone)
            for single in alone:
                assert set(result.excluded_regions) >= set(single.excluded_regions)
            checked += 1
    assert checked > len(flags) ** 2 * 0.9


@settings(max_examples=300, deadline=None)
@given(answer_sets(), st.sampled_from(POSITIVES))
def test_any_red_flag_lifts_any_answer_set_to_at_least_its_level(base, positive):
    code, overrides = positive
    flagged = dict(base)
    for key, value in overrides.items():
        if isinstance(value, list):
            value = [v for v in QUESTIONS_BY_KEY[key].values if v in value or v in base[key]]
        flagged[key] = value
    assert assess(flagged).disposition.severity >= CASES[code][0].severity


@settings(max_examples=300, deadline=None)
@given(answer_sets())
def test_every_valid_answer_set_gives_a_consistent_assessment(generated):
    normalised, problems = validate(generated)
    assert problems == []
    result = assess(normalised)
    severities = [reason.disposition.severity for reason in result.reasons]
    assert result.disposition.severity == max(severities, default=0)
    ranked = [
        (-reason.disposition.severity, list(RULES).index(RULES_BY_CODE[reason.code]))
        for reason in result.reasons
    ]
    assert ranked == sorted(ranked)
    assert list(result.excluded_regions) == [
        code for code in REGION_CODES if code in result.excluded_regions
    ]
