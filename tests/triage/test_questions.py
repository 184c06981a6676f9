import copy

import pytest

from triage.questions import (
    ALL_CLEAR,
    ANSWER_KEYS,
    QUESTIONS,
    QUESTIONS_BY_KEY,
    REGION_CODES,
    REGION_LABELS,
    STEPS,
    fill_hidden_defaults,
    validate,
    web_form_steps,
    web_questions,
)

# Copied from docs/triage-contract.md so that a drift in the catalogue fails here.
CONTRACT_KEYS = (
    "age pregnancy history onset worst_ever progressive wakes_from_sleep position "
    "valsalva_trigger fever stiff_neck confusion neuro_symptoms vision aura red_painful_eye "
    "pulsatile_tinnitus vomiting jaw_claudication scalp_tenderness cancer_history "
    "immunosuppressed head_injury anticoagulant new_medicine bp bp_uncontrolled "
    "headache_days_per_month simple_analgesic_days_per_month specific_medicine_days_per_month "
    "recent_fracture_regions infection_regions blood_clot severe_osteoporosis "
    "active_cancer_regions oncology_clearance session_symptoms session_symptoms_resolved"
).split()
CONTRACT_VALUES = {
    "pregnancy": ("no", "pregnant", "postpartum"),
    "history": ("long_standing_same", "changed", "new"),
    "onset": ("gradual", "within_5_min", "within_1_min"),
    "position": ("none", "worse_upright", "worse_lying"),
    "neuro_symptoms": ("weakness", "numbness", "speech", "balance", "face_droop", "seizure"),
    "vision": ("blurred", "flashing_spots", "double", "loss", "greyouts", "haloes"),
    "aura": ("none", "typical", "atypical"),
    "head_injury": ("none", "last_7_days", "last_3_months"),
    "session_symptoms": (
        "dizziness",
        "numbness",
        "worsening_pain",
        "vision",
        "weakness",
        "speech",
        "faint",
    ),
}
CONTRACT_REGIONS = (
    "scalp jaw_left jaw_right neck_back neck_side_left neck_side_right neck_front "
    "shoulder_left shoulder_right upper_back chest_left chest_right"
).split()
CONTRACT_RANGES = {
    "age": (12, 120),
    "headache_days_per_month": (0, 31),
    "simple_analgesic_days_per_month": (0, 31),
    "specific_medicine_days_per_month": (0, 31),
}


def answers(**overrides):
    data = copy.deepcopy(ALL_CLEAR)
    data.update(overrides)
    return data


def problems_for(**overrides):
    normalised, problems = validate(answers(**overrides))
    assert normalised is None
    return problems


def test_catalogue_follows_the_contract():
    assert list(ANSWER_KEYS) == CONTRACT_KEYS
    assert [q.key for q in QUESTIONS] == CONTRACT_KEYS
    assert list(REGION_CODES) == CONTRACT_REGIONS == list(REGION_LABELS)
    for key, values in CONTRACT_VALUES.items():
        assert QUESTIONS_BY_KEY[key].values == values
    for key, (low, high) in CONTRACT_RANGES.items():
        assert (QUESTIONS_BY_KEY[key].min_value, QUESTIONS_BY_KEY[key].max_value) == (low, high)


def test_every_question_is_complete_and_in_a_known_step():
    steps = dict(STEPS)
    assert list(steps) == [
        "about_you",
        "this_headache",
        "other_symptoms",
        "medicines",
        "body_safety",
    ]
    for q in QUESTIONS:
        assert q.step in steps
        assert q.label.endswith("?")
        assert q.kind in ("int", "bool", "choice", "multi", "regions", "bp")
        if q.kind in ("choice", "multi", "regions"):
            assert q.choices and all(label for _, label in q.choices)
        if q.shown_when is not None:
            assert ANSWER_KEYS.index(q.shown_when) < ANSWER_KEYS.index(q.key)


def test_web_form_asks_every_question_once_except_the_session_ones():
    asked = [q.key for _, _, questions in web_form_steps() for q in questions]
    assert sorted(asked) == sorted(
        set(CONTRACT_KEYS) - {"session_symptoms", "session_symptoms_resolved"}
    )
    assert [code for code, _, _ in web_form_steps()] == [code for code, _ in STEPS]


def test_unknown_step_is_refused():
    with pytest.raises(ValueError, match="unknown step"):
        web_questions("payment")


def test_hidden_questions_get_inert_defaults():
    web = {
        k: v
        for k, v in ALL_CLEAR.items()
        if k not in ("oncology_clearance", "session_symptoms", "session_symptoms_resolved")
    }
    normalised, problems = validate(fill_hidden_defaults(web))
    assert problems == []
    assert normalised == ALL_CLEAR


def test_oncology_clearance_is_not_filled_in_when_it_was_relevant():
    web = answers(active_cancer_regions=["chest_left"])
    del web["oncology_clearance"]
    assert validate(fill_hidden_defaults(web))[1] == ["oncology_clearance: missing"]


def test_session_symptoms_without_an_answer_on_resolving_are_not_assumed_resolved():
    stop = answers(session_symptoms=["dizziness"])
    del stop["session_symptoms_resolved"]
    assert validate(fill_hidden_defaults(stop))[1] == ["session_symptoms_resolved: missing"]


def test_filling_defaults_never_overwrites_an_answer():
    given = answers(session_symptoms=["numbness"], session_symptoms_resolved=False)
    assert fill_hidden_defaults(given) == given


def test_all_clear_is_accepted_unchanged():
    assert validate(answers()) == (ALL_CLEAR, [])


@pytest.mark.parametrize("data", [[], "answers", 42, None, True, [ALL_CLEAR]])
def test_anything_but_an_object_is_refused(data):
    assert validate(data) == (None, ["input: must be a JSON object with every answer key"])


def test_missing_key_is_named():
    data = answers()
    del data["fever"]
    assert validate(data) == (None, ["fever: missing"])


def test_unknown_keys_are_named_after_the_known_problems():
    data = answers(age=7, zeta=1, colour="blue")
    assert validate(data)[1] == [
        "age: must be an integer from 12 to 120",
        "colour: unknown key",
        "zeta: unknown key",
    ]


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        # bool is a subclass of int in Python: neither may stand in for the other.
        ("age", True, "age: must be an integer from 12 to 120"),
        (
            "headache_days_per_month",
            False,
            "headache_days_per_month: must be an integer from 0 to 31",
        ),
        ("worst_ever", 1, "worst_ever: must be true or false"),
        ("worst_ever", 0, "worst_ever: must be true or false"),
        ("age", 34.0, "age: must be an integer from 12 to 120"),
        ("age", "34", "age: must be an integer from 12 to 120"),
        ("age", None, "age: must be an integer from 12 to 120"),
        ("fever", "yes", "fever: must be true or false"),
        ("fever", None, "fever: must be true or false"),
        ("age", 11, "age: must be an integer from 12 to 120"),
        ("age", 121, "age: must be an integer from 12 to 120"),
        (
            "simple_analgesic_days_per_month",
            -1,
            "simple_analgesic_days_per_month: must be an integer from 0 to 31",
        ),
        (
            "specific_medicine_days_per_month",
            32,
            "specific_medicine_days_per_month: must be an integer from 0 to 31",
        ),
        ("pregnancy", "maybe", "pregnancy: must be one of: no, pregnant, postpartum"),
        ("pregnancy", "No", "pregnancy: must be one of: no, pregnant, postpartum"),
        ("onset", None, "onset: must be one of: gradual, within_5_min, within_1_min"),
        ("head_injury", ["none"], "head_injury: must be one of: none, last_7_days, last_3_months"),
        (
            "neuro_symptoms",
            "weakness",
            "neuro_symptoms: must be a list of weakness, numbness, speech, balance, face_droop, "
            "seizure (it may be empty)",
        ),
        (
            "vision",
            ["tunnel"],
            'vision: unknown value "tunnel" (allowed: blurred, flashing_spots, double, loss, '
            "greyouts, haloes)",
        ),
        (
            "session_symptoms",
            [3],
            "session_symptoms: unknown value 3 (allowed: dizziness, numbness, worsening_pain, "
            "vision, weakness, speech, faint)",
        ),
        ("infection_regions", ["knee"], 'infection_regions: unknown region code "knee"'),
        ("active_cancer_regions", ["Scalp"], 'active_cancer_regions: unknown region code "Scalp"'),
        (
            "recent_fracture_regions",
            "scalp",
            "recent_fracture_regions: must be a list of region codes (it may be empty)",
        ),
        (
            "recent_fracture_regions",
            None,
            "recent_fracture_regions: must be a list of region codes (it may be empty)",
        ),
    ],
)
def test_bad_value_is_named_with_its_key(key, value, problem):
    assert problems_for(**{key: value}) == [problem]


@pytest.mark.parametrize(
    ("key", "value"),
    [("age", 12), ("age", 120), ("headache_days_per_month", 0), ("headache_days_per_month", 31)],
)
def test_range_ends_are_accepted(key, value):
    assert validate(answers(**{key: value}))[1] == []


def test_each_bad_list_item_is_its_own_problem():
    assert problems_for(infection_regions=["knee", "scalp", "elbow"]) == [
        'infection_regions: unknown region code "knee"',
        'infection_regions: unknown region code "elbow"',
    ]


def test_repeated_list_items_are_dropped_and_put_in_catalogue_order():
    normalised, problems = validate(
        answers(
            vision=["haloes", "blurred", "haloes"],
            recent_fracture_regions=["chest_right", "scalp", "scalp"],
        )
    )
    assert problems == []
    assert normalised["vision"] == ["blurred", "haloes"]
    assert normalised["recent_fracture_regions"] == ["scalp", "chest_right"]


@pytest.mark.parametrize(
    "reading",
    [
        None,
        {"systolic": 120, "diastolic": 80},
        {"systolic": 50, "diastolic": 30},
        {"systolic": 300, "diastolic": 200},
    ],
)
def test_blood_pressure_may_be_unknown_or_a_reading_in_range(reading):
    normalised, problems = validate(answers(bp=reading))
    assert problems == []
    assert normalised["bp"] == reading


@pytest.mark.parametrize(
    ("reading", "problems"),
    [
        ("120/80", ["bp: must be null or an object with systolic and diastolic"]),
        ([120, 80], ["bp: must be null or an object with systolic and diastolic"]),
        (120, ["bp: must be null or an object with systolic and diastolic"]),
        ({"systolic": 120}, ["bp: diastolic missing"]),
        ({}, ["bp: systolic missing", "bp: diastolic missing"]),
        ({"systolic": 120, "diastolic": 80, "pulse": 70}, ['bp: unknown key "pulse"']),
        ({"systolic": True, "diastolic": 80}, ["bp: systolic must be an integer from 50 to 300"]),
        ({"systolic": 120.0, "diastolic": 80}, ["bp: systolic must be an integer from 50 to 300"]),
        ({"systolic": 49, "diastolic": 80}, ["bp: systolic must be an integer from 50 to 300"]),
        ({"systolic": 301, "diastolic": 80}, ["bp: systolic must be an integer from 50 to 300"]),
        ({"systolic": 120, "diastolic": 29}, ["bp: diastolic must be an integer from 30 to 200"]),
        (
            {"systolic": "120", "diastolic": 201},
            [
                "bp: systolic must be an integer from 50 to 300",
                "bp: diastolic must be an integer from 30 to 200",
            ],
        ),
    ],
)
def test_bad_blood_pressure_shapes_are_named(reading, problems):
    assert problems_for(bp=reading) == problems


def test_every_problem_is_reported_in_contract_key_order():
    data = answers(
        session_symptoms_resolved="no",
        infection_regions=["knee"],
        age=True,
        extra=1,
        vision="blurred",
        bp={"systolic": 10, "diastolic": 80},
    )
    del data["fever"]
    assert validate(data)[1] == [
        "age: must be an integer from 12 to 120",
        "fever: missing",
        "vision: must be a list of blurred, flashing_spots, double, loss, greyouts, haloes "
        "(it may be empty)",
        "bp: systolic must be an integer from 50 to 300",
        'infection_regions: unknown region code "knee"',
        "session_symptoms_resolved: must be true or false",
        "extra: unknown key",
    ]


def test_validation_does_not_change_its_input():
    data = answers(vision=["haloes", "blurred"])
    before = copy.deepcopy(data)
    validate(data)
    assert data == before
