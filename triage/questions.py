"""The red-flag screen's answer keys, their questions and the one validator for them.

The command line, the web questionnaire, the "since last time" re-check and the in-session stop
button all go through `validate`, so an answer set means the same thing wherever it came from.
Keys, types, ranges and region codes follow docs/triage-contract.md (version 1).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

Kind = Literal["int", "bool", "choice", "multi", "regions", "bp"]

STEPS: tuple[tuple[str, str], ...] = (
    ("about_you", "About you"),
    ("this_headache", "This headache"),
    ("other_symptoms", "Other symptoms"),
    ("medicines", "Headache days and medicines"),
    ("body_safety", "Safety for pressure work"),
)

REGION_LABELS: dict[str, str] = {
    "scalp": "Scalp and head",
    "jaw_left": "Left side of the jaw",
    "jaw_right": "Right side of the jaw",
    "neck_back": "Back of the neck",
    "neck_side_left": "Left side of the neck",
    "neck_side_right": "Right side of the neck",
    "neck_front": "Front of the neck",
    "shoulder_left": "Left shoulder",
    "shoulder_right": "Right shoulder",
    "upper_back": "Upper back",
    "chest_left": "Left side of the chest",
    "chest_right": "Right side of the chest",
}
REGION_CODES: tuple[str, ...] = tuple(REGION_LABELS)

BP_RANGES: dict[str, tuple[int, int]] = {"systolic": (50, 300), "diastolic": (30, 200)}


@dataclass(frozen=True)
class Question:
    key: str
    step: str
    kind: Kind
    label: str
    help_text: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    min_value: int = 0
    max_value: int = 0
    # Key of an earlier answer that must be non-empty (a ticked list or "yes") for this to be asked.
    shown_when: str | None = None
    in_web_form: bool = True
    # What a question counts as when it was not asked; only ever a reassuring-but-inert value.
    hidden_default: Any = None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.choices)

    def is_relevant(self, answers: Mapping[str, Any]) -> bool:
        return self.shown_when is None or bool(answers.get(self.shown_when))


# The contract's all-clear answer set; its key order is the contract's key order.
ALL_CLEAR: dict[str, Any] = {
    "age": 34, "pregnancy": "no", "history": "long_standing_same", "onset": "gradual",
    "worst_ever": False, "progressive": False, "wakes_from_sleep": False, "position": "none",
    "valsalva_trigger": False, "fever": False, "stiff_neck": False, "confusion": False,
    "neuro_symptoms": [], "vision": [], "aura": "none", "red_painful_eye": False,
    "pulsatile_tinnitus": False, "vomiting": False, "jaw_claudication": False,
    "scalp_tenderness": False, "cancer_history": False, "immunosuppressed": False,
    "head_injury": "none", "anticoagulant": False, "new_medicine": False, "bp": None,
    "bp_uncontrolled": False, "headache_days_per_month": 6, "simple_analgesic_days_per_month": 4,
    "specific_medicine_days_per_month": 0, "recent_fracture_regions": [], "infection_regions": [],
    "blood_clot": False, "severe_osteoporosis": False, "active_cancer_regions": [],
    "oncology_clearance": False, "session_symptoms": [], "session_symptoms_resolved": True,
}  # fmt: skip
ANSWER_KEYS: tuple[str, ...] = tuple(ALL_CLEAR)


def _q(key: str, kind: Kind, label: str, help_text: str = "", **extra: Any) -> Question:
    return Question(key, "", kind, label, help_text, **extra)


def _bool(key: str, label: str, help_text: str = "", **extra: Any) -> Question:
    return _q(key, "bool", label, help_text, **extra)


def _choice(key: str, label: str, help_text: str = "", **choices: str) -> Question:
    return _q(key, "choice", label, help_text, choices=tuple(choices.items()))


def _multi(key: str, label: str, help_text: str = "", **choices: str) -> Question:
    return _q(key, "multi", label, help_text, choices=tuple(choices.items()))


def _days(key: str, label: str, help_text: str = "") -> Question:
    return _q(key, "int", label, help_text, min_value=0, max_value=31)


def _regions(key: str, label: str) -> Question:
    return _q(key, "regions", label, choices=tuple(REGION_LABELS.items()))


def _step(step: str, *questions: Question) -> tuple[Question, ...]:
    return tuple(replace(q, step=step) for q in questions)


_CATALOGUE: tuple[Question, ...] = (
    *_step(
        "about_you",
        _q("age", "int", "How old are you?", "In years.", min_value=12, max_value=120),
        _choice(
            "pregnancy",
            "Are you pregnant, or have you given birth in the last 6 weeks?",
            no="No",
            pregnant="Yes, I'm pregnant",
            postpartum="I gave birth in the last 6 weeks",
        ),
        _choice(
            "history",
            "How long have you had headaches like this one?",
            "Clearly different can mean a new kind of pain, more often, stronger, or no "
            "headache-free days any more.",
            long_standing_same="More than 3 months, and this is my usual kind",
            changed="I've had headaches before, but they are clearly different now",
            new="They started in the last 3 months",
        ),
        _bool("cancer_history", "Have you ever had cancer, or do you have it now?"),
        _bool(
            "immunosuppressed",
            "Is your immune system weakened, for example by HIV, anti-rejection medicine, "
            "chemotherapy or long-term steroid tablets?",
        ),
        _choice(
            "head_injury",
            "Have you had a knock to the head recently?",
            none="No",
            last_7_days="Yes, in the last 7 days",
            last_3_months="Yes, more than a week but less than 3 months ago",
        ),
    ),
    *_step(
        "this_headache",
        _choice(
            "onset",
            "When this headache starts, how quickly does it reach its worst?",
            gradual="Slowly, over more than 5 minutes",
            within_5_min="Within 5 minutes",
            within_1_min="Within 1 minute, like a sudden blow",
        ),
        _bool("worst_ever", "Is this the worst headache of your life?"),
        _bool("progressive", "Is the headache getting steadily worse, day by day or week by week?"),
        _bool("wakes_from_sleep", "Does the headache wake you from sleep?"),
        _choice(
            "position",
            "Does the headache change with your position?",
            none="No, not clearly",
            worse_upright="It's clearly worse when I'm upright and eases when I lie flat",
            worse_lying="It's worse when I lie down",
        ),
        _bool(
            "valsalva_trigger",
            "Is the headache brought on by coughing, sneezing, straining, exercise or sex?",
        ),
        _choice(
            "aura",
            "Do you get an aura: warning signs such as zigzag lights or tingling before or with "
            "the headache?",
            none="No",
            typical="Yes, my usual aura: it builds over 5 minutes or more, gone within an hour",
            atypical="Yes, but it's new to me, lasts over an hour, or comes with weakness",
        ),
    ),
    *_step(
        "other_symptoms",
        _bool("fever", "Do you have a fever or chills, or feel feverish?"),
        _bool(
            "stiff_neck",
            "Is your neck newly stiff, so that bending your chin to your chest hurts a lot or "
            "isn't possible?",
            "This is about new stiffness, not the tight neck muscles you may know from your "
            "headaches.",
        ),
        _bool(
            "confusion",
            "Have you had confusion, unusual drowsiness, fainting, or a change in personality "
            "that others noticed?",
        ),
        _multi(
            "neuro_symptoms",
            "Have you had any of these, now or with this headache?",
            "Tick any that happened, even if they have passed.",
            weakness="Weakness in an arm, a leg or one side of the body",
            numbness="Numbness or pins and needles",
            speech="Trouble speaking or finding words",
            balance="Loss of balance or trouble walking",
            face_droop="One side of the face drooping",
            seizure="A seizure (fit)",
        ),
        _multi(
            "vision",
            "Have you had any of these changes in your sight, now or with this headache?",
            "If flashing lights are part of your usual aura, you don't need to tick them here.",
            blurred="Blurred vision",
            flashing_spots="Flashing lights or spots",
            double="Double vision",
            loss="Losing part or all of the sight in an eye",
            greyouts="Sight greying out for a few seconds when you stand up or bend",
            haloes="Rainbow rings (haloes) around lights",
        ),
        _bool("red_painful_eye", "Do you have a red, very painful eye?"),
        _bool(
            "pulsatile_tinnitus",
            "Do you hear a whooshing in your ears in time with your heartbeat?",
        ),
        _bool(
            "vomiting",
            "Have you been vomiting again and again, in a way that's new or has no other clear "
            "cause?",
        ),
        _bool(
            "jaw_claudication",
            "Does your jaw or tongue ache when you chew, and ease when you rest it?",
        ),
        _bool(
            "scalp_tenderness",
            "Is your scalp or temple sore to touch, for example when you comb your hair?",
        ),
    ),
    *_step(
        "medicines",
        _days(
            "headache_days_per_month",
            "On how many days in a usual month do you have a headache?",
            "Count any day with a headache, however short.",
        ),
        _days(
            "simple_analgesic_days_per_month",
            "On how many days a month do you take simple painkillers?",
            "Paracetamol (acetaminophen), ibuprofen, aspirin or naproxen.",
        ),
        _days(
            "specific_medicine_days_per_month",
            "On how many days a month do you take stronger headache medicines?",
            "Triptans (such as sumatriptan), ergotamine, opioids (such as codeine or tramadol), "
            "or combination painkillers (such as co-codamol).",
        ),
        _bool(
            "anticoagulant",
            "Do you take a blood thinner?",
            "For example warfarin, apixaban, rivaroxaban, dabigatran, edoxaban or heparin.",
        ),
        _bool(
            "new_medicine", "Did you start a new medicine around the time these headaches began?"
        ),
    ),
    *_step(
        "body_safety",
        _q(
            "bp",
            "bp",
            "What was your latest blood-pressure reading, if you know it?",
            "The top and bottom numbers, for example 120 over 80. Leave it empty if you don't "
            "know.",
        ),
        _bool(
            "bp_uncontrolled",
            "Has a doctor or nurse told you that your blood pressure is high and not yet under "
            "control?",
        ),
        _bool(
            "blood_clot",
            "Do you have a blood clot now, or have you had one in the last 3 months?",
            "In a leg (DVT) or a lung (pulmonary embolism).",
        ),
        _bool(
            "severe_osteoporosis",
            "Have you been told you have severe osteoporosis (very fragile bones)?",
        ),
        _regions(
            "recent_fracture_regions",
            "Have you broken a bone in any of these areas in the last 3 months, or one that "
            "hasn't healed yet?",
        ),
        _regions(
            "infection_regions",
            "Do you have an infection, an open wound or a fresh scar in any of these areas?",
        ),
        _regions(
            "active_cancer_regions", "Do you have an active cancer or tumour in any of these areas?"
        ),
        _bool(
            "oncology_clearance",
            "Has your cancer team said that pressure work in those areas is safe?",
            shown_when="active_cancer_regions",
            hidden_default=False,
        ),
        # The session keys come from the stop button in the practice timer, never the form.
        replace(
            _multi(
                "session_symptoms",
                "What did you notice during the session?",
                dizziness="Dizziness",
                numbness="Numbness or tingling",
                worsening_pain="The headache got clearly worse",
                vision="A change in my sight",
                weakness="Weakness",
                speech="Trouble speaking",
                faint="Feeling faint or fainting",
            ),
            in_web_form=False,
            hidden_default=(),
        ),
        _bool(
            "session_symptoms_resolved",
            "Did it all go away within a few minutes of stopping?",
            shown_when="session_symptoms",
            in_web_form=False,
            hidden_default=True,
        ),
    ),
)

# Contract order, which the validator reports in and the command line prints in.
QUESTIONS: tuple[Question, ...] = tuple(sorted(_CATALOGUE, key=lambda q: ANSWER_KEYS.index(q.key)))
QUESTIONS_BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}


def web_questions(step: str) -> tuple[Question, ...]:
    """One questionnaire step's questions in the order the patient reads them, without the
    session keys (those come from the stop button)."""
    if step not in dict(STEPS):
        raise ValueError(f"unknown step {step!r}")
    return tuple(q for q in _CATALOGUE if q.step == step and q.in_web_form)


def web_form_steps() -> tuple[tuple[str, str, tuple[Question, ...]], ...]:
    return tuple((code, title, web_questions(code)) for code, title in STEPS)


def fill_hidden_defaults(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Add the default of every missing answer whose question was not put to the patient.

    Given answers are never overwritten, so the stop button's session answers survive. A question
    that was relevant but is missing stays missing and `validate` reports it: in particular,
    `session_symptoms_resolved` is filled only while `session_symptoms` is empty.
    """
    filled = dict(answers)
    for q in QUESTIONS:
        if q.key in filled:
            continue
        never_asked = not q.in_web_form and q.shown_when is None
        if never_asked or not q.is_relevant(filled):
            default = q.hidden_default
            filled[q.key] = list(default) if isinstance(default, tuple) else default
    return filled


def validate(data: object) -> tuple[dict[str, Any] | None, list[str]]:
    """Check a parsed answer object against the contract.

    Returns the normalised answers and no problems, or None and every problem as "key: problem",
    in contract key order (unknown keys last, alphabetically). Lists may repeat an item: repeats
    are dropped and items are put in catalogue order, since a repeat cannot change a rule.
    """
    if not isinstance(data, Mapping):
        return None, ["input: must be a JSON object with every answer key"]
    answers: dict[str, Any] = {}
    problems: list[str] = []
    for q in QUESTIONS:
        if q.key not in data:
            problems.append(f"{q.key}: missing")
            continue
        value, found = _CHECKS[q.kind](q, data[q.key])
        problems.extend(f"{q.key}: {problem}" for problem in found)
        answers[q.key] = value
    unknown = sorted(str(key) for key in data if key not in QUESTIONS_BY_KEY)
    problems.extend(f"{key}: unknown key" for key in unknown)
    if problems:
        return None, problems
    return answers, []


def _is_int(value: object) -> bool:
    # bool is a subclass of int: `true` must never pass as 1.
    return isinstance(value, int) and not isinstance(value, bool)


def _check_int(q: Question, value: object) -> tuple[object, list[str]]:
    if _is_int(value) and q.min_value <= value <= q.max_value:
        return value, []
    return None, [f"must be an integer from {q.min_value} to {q.max_value}"]


def _check_bool(q: Question, value: object) -> tuple[object, list[str]]:
    if isinstance(value, bool):
        return value, []
    return None, ["must be true or false"]


def _check_choice(q: Question, value: object) -> tuple[object, list[str]]:
    if isinstance(value, str) and value in q.values:
        return value, []
    return None, [f"must be one of: {', '.join(q.values)}"]


def _check_list(q: Question, value: object) -> tuple[object, list[str]]:
    is_regions = q.kind == "regions"
    if not isinstance(value, list | tuple):
        what = "region codes" if is_regions else ", ".join(q.values)
        return None, [f"must be a list of {what} (it may be empty)"]
    problems = []
    for item in value:
        if isinstance(item, str) and item in q.values:
            continue
        shown = json.dumps(item, default=repr)
        if is_regions:
            problems.append(f"unknown region code {shown}")
        else:
            problems.append(f"unknown value {shown} (allowed: {', '.join(q.values)})")
    return [v for v in q.values if v in value], problems


def _check_bp(q: Question, value: object) -> tuple[object, list[str]]:
    if value is None:
        return None, []
    if not isinstance(value, Mapping):
        return None, ["must be null or an object with systolic and diastolic"]
    problems = []
    for part, (low, high) in BP_RANGES.items():
        if part not in value:
            problems.append(f"{part} missing")
        elif not (_is_int(value[part]) and low <= value[part] <= high):
            problems.append(f"{part} must be an integer from {low} to {high}")
    problems.extend(f"unknown key {json.dumps(str(k))}" for k in value if k not in BP_RANGES)
    return {part: value.get(part) for part in BP_RANGES}, problems


_CHECKS: dict[str, Callable[[Question, Any], tuple[object, list[str]]]] = {
    "int": _check_int,
    "bool": _check_bool,
    "choice": _check_choice,
    "multi": _check_list,
    "regions": _check_list,
    "bp": _check_bp,
}
