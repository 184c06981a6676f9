"""Red-flag rules: validated answers in, a disposition with its reasons out.

Every bullet of CLINICAL.md section 1 is a rule below with its source. Rules only ever raise the
outcome: a rule fires or it does not, and the most severe rule that fires wins. Where a bullet can
be read two ways, the rule takes the more cautious reading and says so in a comment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from triage.questions import ANSWER_KEYS, REGION_CODES
from triage.rule_messages import MESSAGES

RULESET_VERSION = "2026.1"

Answers = Mapping[str, Any]
Predicate = Callable[[Answers], bool]


class Disposition(StrEnum):
    EMERGENCY_NOW = "emergency_now"
    SEE_DOCTOR_TODAY = "see_doctor_today"
    SEE_DOCTOR_SOON = "see_doctor_soon"
    SELF_CARE_CAUTION = "self_care_caution"
    SELF_CARE_OK = "self_care_ok"

    @property
    def severity(self) -> int:
        """Higher is more severe: self_care_ok is 0, emergency_now is 4."""
        return len(DISPOSITION_ORDER) - 1 - DISPOSITION_ORDER.index(self)


# Most severe first.
DISPOSITION_ORDER: tuple[Disposition, ...] = tuple(Disposition)

EMERGENCY = Disposition.EMERGENCY_NOW
TODAY = Disposition.SEE_DOCTOR_TODAY
SOON = Disposition.SEE_DOCTOR_SOON
CAUTION = Disposition.SELF_CARE_CAUTION


def more_severe(a: Disposition, b: Disposition) -> Disposition:
    return a if a.severity >= b.severity else b


def _no_regions(answers: Answers) -> Iterable[str]:
    return ()


@dataclass(frozen=True)
class Rule:
    code: str
    disposition: Disposition
    message: str
    source: str
    applies: Predicate
    excludes: Callable[[Answers], Iterable[str]] = _no_regions
    # CLINICAL.md lets self-care go on for a few "see a doctor soon" reasons.
    self_care_may_continue: bool = False


@dataclass(frozen=True)
class Reason:
    code: str
    disposition: Disposition
    message: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "disposition": self.disposition.value,
            "message": self.message,
            "source": self.source,
        }


@dataclass(frozen=True)
class Assessment:
    disposition: Disposition
    reasons: tuple[Reason, ...]
    excluded_regions: tuple[str, ...]
    ruleset_version: str = RULESET_VERSION

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(reason.code for reason in self.reasons)

    @property
    def self_care_allowed(self) -> bool:
        """A self_care_* outcome, or "see a doctor soon" only for reasons that let self-care go
        on meanwhile (a medicines review). Not part of the contract's JSON."""
        if self.disposition.severity > SOON.severity:
            return False
        return all(
            reason.disposition.severity <= CAUTION.severity
            or (reason.code in RULES_BY_CODE and RULES_BY_CODE[reason.code].self_care_may_continue)
            for reason in self.reasons
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "disposition": self.disposition.value,
            "reasons": [reason.to_dict() for reason in self.reasons],
            "excluded_regions": list(self.excluded_regions),
            "ruleset_version": self.ruleset_version,
        }


SUDDEN = ("within_5_min", "within_1_min")
GCA_REGIONS = ("jaw_left", "jaw_right", "scalp")
NECK_REGIONS = ("neck_back", "neck_side_left", "neck_side_right", "neck_front")
NECK_FRONT_AND_SIDES = ("neck_front", "neck_side_left", "neck_side_right")
MFR_LIST = "Clinic MFR contraindication list"
IFOMPT = "IFOMPT cervical framework 2023"


def _rule(
    code: str, disposition: Disposition, source: str, applies: Predicate, **extra: Any
) -> Rule:
    return Rule(code, disposition, MESSAGES[code], source, applies, **extra)


def _perinatal(a: Answers) -> bool:
    return a["pregnancy"] != "no"


def _new_or_changed(a: Answers) -> bool:
    # Cautious reading: a progressive headache is a changed one (CLINICAL.md pairs them).
    return a["history"] in ("new", "changed") or a["progressive"]


def _bp_at_least(a: Answers, systolic: int, diastolic: int) -> bool:
    # "160/110" means either number at or over its limit; this also catches swapped numbers.
    bp = a["bp"]
    return bp is not None and (bp["systolic"] >= systolic or bp["diastolic"] >= diastolic)


def _gca_signs(a: Answers) -> bool:
    return a["age"] > 50 and (a["jaw_claudication"] or a["scalp_tenderness"])


def _session(a: Answers, *symptoms: str) -> bool:
    return any(symptom in a["session_symptoms"] for symptom in symptoms)


def _medication_overuse(a: Answers) -> bool:
    simple = a["simple_analgesic_days_per_month"]
    specific = a["specific_medicine_days_per_month"]
    # Cautious: no minimum of headache days, and two classes count together from 10 days
    # (ICHD-3 8.2.6) even though their days may overlap.
    mixed = simple > 0 and specific > 0 and simple + specific >= 10
    return simple >= 15 or specific >= 10 or mixed


def _fracture_regions(a: Answers) -> Iterable[str]:
    regions = set(a["recent_fracture_regions"])
    # Cautious: the neck moves as one piece, so a neck fracture keeps all neck work off.
    if regions & set(NECK_REGIONS):
        regions |= set(NECK_REGIONS)
    return regions


RULES: tuple[Rule, ...] = (
    # --- emergency_now ---
    # Cautious reading: within 5 minutes counts (NICE), not only within 1 minute (ICHD-3).
    _rule(
        "thunderclap_onset",
        EMERGENCY,
        "ICHD-3 4.4; SNOOP4; NICE CG150",
        lambda a: a["onset"] in SUDDEN,
    ),
    _rule(
        "worst_ever_sudden",
        EMERGENCY,
        "SNNOOP10 #4; NICE CG150",
        lambda a: a["worst_ever"] and a["onset"] in SUDDEN,
    ),
    _rule("fever_stiff_neck", EMERGENCY, "SNNOOP10 #1", lambda a: a["fever"] and a["stiff_neck"]),
    _rule("confusion_or_drowsiness", EMERGENCY, "SNNOOP10 #1, #3", lambda a: a["confusion"]),
    _rule(
        "new_neurological_symptom",
        EMERGENCY,
        "SNNOOP10 #3; NICE CG150",
        lambda a: bool(a["neuro_symptoms"]),
    ),
    _rule(
        "double_vision_or_sight_loss",
        EMERGENCY,
        "SNNOOP10 #3; NICE CG150",
        lambda a: bool({"double", "loss"} & set(a["vision"])),
    ),
    _rule("atypical_aura", EMERGENCY, "ICHD-3 1.2; NICE CG150", lambda a: a["aura"] == "atypical"),
    _rule("red_painful_eye", EMERGENCY, "SNNOOP10 #12; NICE CG150", lambda a: a["red_painful_eye"]),
    _rule(
        "head_injury_warning_signs",
        EMERGENCY,
        "NICE NG232; NICE QS74",
        lambda a: (
            a["head_injury"] == "last_7_days"
            and (a["vomiting"] or a["progressive"] or a["confusion"] or a["anticoagulant"])
        ),
    ),
    _rule(
        "pregnancy_severe_blood_pressure",
        EMERGENCY,
        "SNNOOP10 #11; AHA hypertensive crisis",
        lambda a: _perinatal(a) and _bp_at_least(a, 160, 110),
    ),
    # Cautious reading: any sight change counts, not only blurring and flashing spots.
    _rule(
        "pregnancy_vision_or_neurological",
        EMERGENCY,
        "SNNOOP10 #11, #3",
        lambda a: _perinatal(a) and bool(a["vision"] or a["neuro_symptoms"]),
    ),
    _rule(
        "hypertensive_emergency",
        EMERGENCY,
        "AHA hypertensive crisis",
        lambda a: (
            _bp_at_least(a, 180, 120) and bool(a["neuro_symptoms"] or a["vision"] or a["confusion"])
        ),
    ),
    _rule(
        "gca_with_vision",
        EMERGENCY,
        "SNNOOP10 #5; NICE CG150 (giant cell arteritis)",
        lambda a: _gca_signs(a) and bool(a["vision"]),
        excludes=lambda a: GCA_REGIONS,
    ),
    _rule(
        "session_stroke_like_symptom",
        EMERGENCY,
        IFOMPT,
        lambda a: _session(a, "weakness", "speech", "vision", "faint"),
    ),
    _rule(
        "session_symptoms_persisting",
        EMERGENCY,
        IFOMPT,
        lambda a: _session(a, "dizziness", "numbness") and not a["session_symptoms_resolved"],
    ),
    # --- see_doctor_today ---
    # Not a bullet of its own: "worst ever" without a sudden start is not left to self-care.
    _rule(
        "worst_ever_gradual",
        TODAY,
        "SNNOOP10 #4 (cautious extension)",
        lambda a: a["worst_ever"] and a["onset"] not in SUDDEN,
    ),
    # Not a bullet of its own: a newly stiff neck without fever can still come from meningitis
    # (older or immunosuppressed people) or bleeding.
    _rule(
        "stiff_neck_without_fever",
        TODAY,
        "SNNOOP10 #1 (cautious extension)",
        lambda a: a["stiff_neck"] and not a["fever"],
    ),
    # Cautious reading: any history, not only a new headache; a usual headache does not make
    # jaw ache on chewing or a sore scalp harmless after 50.
    _rule(
        "gca_signs_over_50",
        TODAY,
        "SNNOOP10 #5; NICE CG150 (giant cell arteritis)",
        _gca_signs,
        excludes=lambda a: GCA_REGIONS,
    ),
    _rule(
        "pregnancy_new_headache",
        TODAY,
        "SNNOOP10 #11; NICE CG150",
        lambda a: _perinatal(a) and _new_or_changed(a),
    ),
    # Cautious reading: being told it is not controlled counts like a raised reading.
    _rule(
        "pregnancy_raised_blood_pressure",
        TODAY,
        "SNNOOP10 #11",
        lambda a: _perinatal(a) and (_bp_at_least(a, 140, 90) or a["bp_uncontrolled"]),
    ),
    _rule(
        "immunosuppressed_new_headache",
        TODAY,
        "SNNOOP10 #14; NICE CG150",
        lambda a: a["immunosuppressed"] and _new_or_changed(a),
    ),
    _rule(
        "raised_pressure_signs",
        TODAY,
        "SNNOOP10 #9; SNOOP4",
        lambda a: (
            "greyouts" in a["vision"] or a["pulsatile_tinnitus"] or a["position"] == "worse_lying"
        ),
    ),
    # Not a bullet of its own: angle-closure attacks can come and go with haloes before the eye
    # turns red and painful.
    _rule("vision_haloes", TODAY, "SNNOOP10 #12; NICE CG150", lambda a: "haloes" in a["vision"]),
    _rule(
        "progressive_wakes_from_sleep",
        TODAY,
        "SNNOOP10 #10",
        lambda a: a["progressive"] and a["wakes_from_sleep"],
    ),
    # Cautious reading: new vomiting counts on its own, not only with a progressive headache.
    _rule("new_vomiting", TODAY, "SNNOOP10 #10; NICE CG150", lambda a: a["vomiting"]),
    _rule(
        "head_injury_last_7_days",
        TODAY,
        "SNNOOP10 #13; NICE NG232",
        lambda a: a["head_injury"] == "last_7_days",
    ),
    # Not a bullet of its own: bleeding under the skull can show weeks after a knock, more
    # often on blood thinners.
    _rule(
        "head_injury_3_months_with_risk",
        TODAY,
        "SNNOOP10 #13; NICE NG232 (cautious extension)",
        lambda a: a["head_injury"] == "last_3_months" and (a["anticoagulant"] or a["progressive"]),
    ),
    _rule(
        "very_high_blood_pressure",
        TODAY,
        "AHA hypertensive crisis",
        lambda a: _bp_at_least(a, 180, 120),
    ),
    _rule("fever", TODAY, "SNNOOP10 #1", lambda a: a["fever"]),
    _rule(
        "session_symptoms_resolved",
        TODAY,
        IFOMPT,
        lambda a: _session(a, "dizziness", "numbness") and a["session_symptoms_resolved"],
    ),
    # --- see_doctor_soon ---
    _rule(
        "new_headache_over_50",
        SOON,
        "SNNOOP10 #5, #6",
        lambda a: a["age"] > 50 and _new_or_changed(a),
    ),
    # Cautious reading: "new headache (under 3 months)" at any age, not only after 50.
    _rule("recent_onset_headache", SOON, "SNNOOP10 #6", lambda a: a["history"] == "new"),
    _rule(
        "changed_or_progressive",
        SOON,
        "SNNOOP10 #6, #10",
        lambda a: a["history"] == "changed" or a["progressive"],
    ),
    _rule("positional_upright", SOON, "SNNOOP10 #7", lambda a: a["position"] == "worse_upright"),
    _rule("valsalva_trigger", SOON, "SNNOOP10 #8", lambda a: a["valsalva_trigger"]),
    # Cautious: an active cancer in a body region is a cancer history too.
    _rule(
        "cancer_new_headache",
        SOON,
        "SNNOOP10 #2",
        lambda a: bool(a["cancer_history"] or a["active_cancer_regions"]) and _new_or_changed(a),
    ),
    _rule("new_medicine", SOON, "SNNOOP10 #15", lambda a: a["new_medicine"]),
    # Cautious: a skull fracture in the last 3 months is a head injury, whatever was answered.
    _rule(
        "head_injury_last_3_months",
        SOON,
        "SNNOOP10 #13; NICE NG232",
        lambda a: a["head_injury"] == "last_3_months" or "scalp" in a["recent_fracture_regions"],
    ),
    _rule(
        "medication_overuse", SOON, "ICHD-3 8.2", _medication_overuse, self_care_may_continue=True
    ),
    # Not a bullet of its own: new blurring or flashing spots may matter, so they are never
    # silently left to self-care.
    _rule(
        "vision_blurred_or_flashing",
        SOON,
        "SNNOOP10 #3 (cautious extension)",
        lambda a: bool({"blurred", "flashing_spots"} & set(a["vision"])),
    ),
    _rule("blood_clot", SOON, MFR_LIST, lambda a: a["blood_clot"]),
    _rule("severe_osteoporosis", SOON, MFR_LIST, lambda a: a["severe_osteoporosis"]),
    # Readings of 180/120 and over already get a same-day check (very_high_blood_pressure).
    _rule("blood_pressure_uncontrolled", SOON, MFR_LIST, lambda a: a["bp_uncontrolled"]),
    _rule(
        "active_cancer_without_clearance",
        SOON,
        f"{MFR_LIST}; SNNOOP10 #2",
        lambda a: bool(a["active_cancer_regions"]) and not a["oncology_clearance"],
        excludes=lambda a: a["active_cancer_regions"],
    ),
    _rule(
        "session_pain_worse", SOON, f"{MFR_LIST}; {IFOMPT}", lambda a: _session(a, "worsening_pain")
    ),
    # --- self_care_caution ---
    _rule(
        "recent_fracture_region",
        CAUTION,
        MFR_LIST,
        lambda a: bool(a["recent_fracture_regions"]),
        excludes=_fracture_regions,
    ),
    _rule(
        "infection_region",
        CAUTION,
        MFR_LIST,
        lambda a: bool(a["infection_regions"]),
        excludes=lambda a: a["infection_regions"],
    ),
    # Cautious: postpartum too, and the sides of the neck stay free of pressure as well as the
    # front, because both lie over the carotid artery.
    _rule(
        "pregnancy_neck_care",
        CAUTION,
        f"SNNOOP10 #11; {IFOMPT}",
        _perinatal,
        excludes=lambda a: NECK_FRONT_AND_SIDES,
    ),
    # Fires with or without a head injury: light pressure stays right once a doctor has cleared it.
    _rule("anticoagulant_light_pressure", CAUTION, MFR_LIST, lambda a: a["anticoagulant"]),
    # Cautious: home routines cannot hold back to "gentle", so the cleared area is left out too
    # and gentle work there is for the therapist to show.
    _rule(
        "active_cancer_cleared",
        CAUTION,
        MFR_LIST,
        lambda a: bool(a["active_cancer_regions"]) and a["oncology_clearance"],
        excludes=lambda a: a["active_cancer_regions"],
    ),
    _rule("wakes_from_sleep", CAUTION, "SNNOOP10 #10", lambda a: a["wakes_from_sleep"]),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def assess(answers: Answers) -> Assessment:
    """Apply every rule to answers that passed `triage.questions.validate`."""
    missing = [key for key in ANSWER_KEYS if key not in answers]
    if missing:
        raise KeyError(f"assess() needs validated answers; missing: {', '.join(missing)}")
    fired = sorted(
        (rule for rule in RULES if rule.applies(answers)),
        key=lambda rule: -rule.disposition.severity,
    )
    disposition = fired[0].disposition if fired else Disposition.SELF_CARE_OK
    excluded = {region for rule in fired for region in rule.excludes(answers)}
    return Assessment(
        disposition=disposition,
        reasons=tuple(Reason(r.code, r.disposition, r.message, r.source) for r in fired),
        excluded_regions=tuple(code for code in REGION_CODES if code in excluded),
    )
