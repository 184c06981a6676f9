"""What the patient reads for each red-flag rule, keyed by rule code.

Kept apart from the rule logic so the wording can be reviewed (and later translated) in one
place. Each message says what to do and why, in plain words, and never names a diagnosis.
"""

CALL_NOW = "Please call the emergency number now."

MESSAGES: dict[str, str] = {
    # emergency_now
    "thunderclap_onset": (
        "A headache that reaches its worst within 5 minutes can have a serious cause that needs "
        f"checking in hospital straight away. {CALL_NOW}"
    ),
    "worst_ever_sudden": (
        "The worst headache of your life, coming on suddenly, needs checking straight away. "
        f"{CALL_NOW}"
    ),
    "fever_stiff_neck": (
        "A fever with a stiff neck and a headache can be a sign of an infection that needs "
        f"treatment straight away. {CALL_NOW}"
    ),
    "confusion_or_drowsiness": (
        "Confusion, unusual drowsiness or fainting together with a headache needs checking "
        f"straight away. {CALL_NOW}"
    ),
    "new_neurological_symptom": (
        "Weakness, numbness, trouble speaking, loss of balance, a drooping face or a seizure need "
        f"checking straight away, even if they have passed. {CALL_NOW}"
    ),
    "double_vision_or_sight_loss": (
        f"Double vision or losing sight in an eye needs checking straight away. {CALL_NOW}"
    ),
    "atypical_aura": (
        "An aura for the first time, one lasting longer than an hour, or one with weakness needs "
        f"checking straight away so that other causes can be ruled out. {CALL_NOW}"
    ),
    "red_painful_eye": (
        "A red, very painful eye with a headache can mean high pressure inside the eye, which "
        f"can harm sight if it is not treated quickly. {CALL_NOW}"
    ),
    "head_injury_warning_signs": (
        "After a knock to the head in the last week, vomiting, a worsening headache, confusion "
        f"or taking a blood thinner mean you should be checked in hospital now. {CALL_NOW}"
    ),
    "pregnancy_severe_blood_pressure": (
        "A blood pressure of 160/110 or higher in pregnancy or in the 6 weeks after birth needs "
        f"checking straight away. {CALL_NOW}"
    ),
    "pregnancy_vision_or_neurological": (
        "Changes in sight, weakness or numbness in pregnancy or in the 6 weeks after birth need "
        "checking straight away, because blood-pressure problems of pregnancy can start this "
        f"way. {CALL_NOW}"
    ),
    "hypertensive_emergency": (
        "A blood pressure of 180/120 or higher together with changes in sight, weakness, "
        f"numbness or confusion needs treatment straight away. {CALL_NOW}"
    ),
    "gca_with_vision": (
        "Over the age of 50, jaw ache when chewing or a sore scalp together with any change in "
        "sight can mean inflamed arteries that put sight at risk. Please call the emergency "
        "number now, and do no jaw or scalp release."
    ),
    "session_stroke_like_symptom": (
        "Weakness, trouble speaking, a change in sight or fainting during release work needs "
        f"checking straight away, even if it has passed. {CALL_NOW}"
    ),
    "session_symptoms_persisting": (
        "Dizziness or numbness that did not go away after you stopped needs checking straight "
        f"away. {CALL_NOW}"
    ),
    # see_doctor_today
    "worst_ever_gradual": (
        "You said this is the worst headache of your life. Even when it builds slowly, that "
        "needs a doctor's check today."
    ),
    "stiff_neck_without_fever": (
        "A newly stiff neck that makes bending your chin to your chest painful should be checked "
        "by a doctor today, even without a fever."
    ),
    "gca_signs_over_50": (
        "Over the age of 50, jaw ache when chewing or a sore scalp or temple should be checked by "
        "a doctor today, because these can be signs of inflamed arteries that need quick "
        "treatment. Please do no jaw or scalp release until then."
    ),
    "pregnancy_new_headache": (
        "A new or different headache in pregnancy or in the 6 weeks after birth needs a same-day "
        "check with your midwife or doctor."
    ),
    "pregnancy_raised_blood_pressure": (
        "Blood pressure of 140/90 or higher, or high blood pressure that is not yet under "
        "control, in pregnancy or the 6 weeks after birth needs a check with your midwife or "
        "doctor today."
    ),
    "immunosuppressed_new_headache": (
        "A new or changed headache while your immune system is weakened should be checked by a "
        "doctor today."
    ),
    "raised_pressure_signs": (
        "Sight that greys out when you stand or bend, a whooshing in the ears in time with your "
        "pulse, or a headache that is worse lying down can be signs of raised pressure in the "
        "head. Please see a doctor today."
    ),
    "vision_haloes": (
        "Seeing rainbow rings around lights with a headache should be checked today by a doctor "
        "or an eye emergency service, because raised pressure in the eye can harm sight."
    ),
    "progressive_wakes_from_sleep": (
        "A headache that keeps getting worse and wakes you from sleep should be checked by a "
        "doctor today."
    ),
    "new_vomiting": (
        "Repeated vomiting that is new or has no clear cause, together with a headache, should "
        "be checked by a doctor today."
    ),
    "head_injury_last_7_days": (
        "A knock to the head in the last week should be checked by a doctor today."
    ),
    "head_injury_3_months_with_risk": (
        "A knock to the head in the last 3 months, together with a blood thinner or a headache "
        "that keeps getting worse, should be checked by a doctor today."
    ),
    "very_high_blood_pressure": (
        "A blood pressure of 180/120 or higher needs a doctor's check today, even if you "
        "otherwise feel well."
    ),
    "fever": "A fever or feeling feverish with a headache should be checked by a doctor today.",
    "session_symptoms_resolved": (
        "Dizziness or numbness during release work should be checked by a doctor today, even "
        "though it went away when you stopped. Please do no more release work until then."
    ),
    # see_doctor_soon
    "new_headache_over_50": (
        "Headaches that start or change after the age of 50 should be checked by a doctor in "
        "the next few days, before self-pressure work."
    ),
    "recent_onset_headache": (
        "Headaches that started in the last 3 months should be checked by a doctor in the next "
        "few days, before self-pressure work."
    ),
    "changed_or_progressive": (
        "A headache pattern that has clearly changed or keeps getting worse should be checked "
        "by a doctor in the next few days, before self-pressure work."
    ),
    "positional_upright": (
        "A headache that is clearly worse upright and eases lying flat should be checked by a "
        "doctor in the next few days."
    ),
    "valsalva_trigger": (
        "A headache brought on by coughing, sneezing, straining, exercise or sex should be "
        "checked by a doctor in the next few days."
    ),
    "cancer_new_headache": (
        "A new or changed headache after cancer should be checked by a doctor in the next few days."
    ),
    "new_medicine": (
        "Headaches that began around the time of a new medicine are worth checking with a "
        "doctor in the next few days. Please don't stop any medicine without advice."
    ),
    "head_injury_last_3_months": (
        "A knock to the head in the last 3 months should be checked by a doctor before "
        "self-pressure work."
    ),
    "medication_overuse": (
        "Taking painkillers on this many days can itself keep headaches going. Please book a "
        "doctor's appointment in the next few days to review your medicines, and don't stop "
        "any suddenly without advice."
    ),
    "vision_blurred_or_flashing": (
        "Blurred sight or flashing spots that are new, or not part of your usual aura, should "
        "be checked by a doctor in the next few days."
    ),
    "blood_clot": (
        "After a blood clot, pressure work should wait until a doctor says it is safe. Please "
        "book an appointment in the next few days."
    ),
    "severe_osteoporosis": (
        "With severe osteoporosis, pressure work should wait until a doctor says it is safe. "
        "Please book an appointment in the next few days."
    ),
    "blood_pressure_uncontrolled": (
        "While your blood pressure is not yet under control, pressure work should wait until a "
        "doctor says it is safe. Please book an appointment in the next few days."
    ),
    "active_cancer_without_clearance": (
        "Pressure work near an active cancer needs your cancer team's go-ahead first. Please ask "
        "them in the next few days; the routines leave that area out until then."
    ),
    "session_pain_worse": (
        "A headache that got clearly worse after release work should be checked by a doctor in "
        "the next few days. Please pause the release routines until then."
    ),
    # self_care_caution
    "recent_fracture_region": (
        "Where a bone is broken or still healing, the routines leave that area out until it "
        "has healed."
    ),
    "infection_region": (
        "Where there is an infection, an open wound or a fresh scar, the routines leave that "
        "area out until it has healed."
    ),
    "pregnancy_neck_care": (
        "In pregnancy and the weeks after birth, keep all pressure away from the front and "
        "sides of the neck. Please tell your midwife about your headaches."
    ),
    "anticoagulant_light_pressure": (
        "Blood thinners make bruising easier, so use light pressure only."
    ),
    "active_cancer_cleared": (
        "Your cancer team has cleared pressure work near the cancer, but only gentle pressure "
        "is safe there, so the home routines leave that area out. Your therapist can show you "
        "gentle work for it."
    ),
    "wakes_from_sleep": (
        "A headache that wakes you from sleep is worth mentioning to your therapist. If it "
        "starts getting worse week by week, please see a doctor."
    ),
}
