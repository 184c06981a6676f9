"""Demo assessments and notes for patient@demo.test: an initial assessment at the first visit, a
re-assessment at the fourth with visible change, a signed SOAP note for every attended visit, a
plan of care, and the Neck Disability Index at baseline and mid-course.

Idempotent: keys are derived from the patient, and existing rows are left alone."""

from datetime import datetime, time
from uuid import NAMESPACE_URL, uuid5

from django.utils import timezone

from plans.clinic_settings import instrument_set
from plans.instruments import Timepoint
from plans.models import CarePlan, QuestionnaireResponse, Visit
from plans.services import questionnaire_submit

from . import services
from .bodychart import Spot
from .codes import diagnoses_for, services_for
from .instruments import NDI
from .models import Assessment, PlanOfCare, VisitNote

INITIAL = dict(
    flexion=38, extension=42, side_bend_left=30, side_bend_right=36, rotation_left=58,
    rotation_right=66, rom_reproduces=["rotation_left"], jaw_opening_mm=36, jaw_deviation="left",
    jaw_clicking=True, jaw_pain_chewing=True, cva_degrees=45, shoulders="rounded",
    notes="Pressing the left upper trapezius and suboccipitals brings on the usual headache.",
)  # fmt: skip
INITIAL_SPOTS = (
    Spot("upper_trapezius_left", 8, True, "trigger"), Spot("upper_trapezius_right", 5),
    Spot("suboccipitals_left", 7, True), Spot("suboccipitals_right", 6),
    Spot("masseter_left", 6), Spot("temporalis_left", 4), Spot("levator_scapulae_left", 5),
)  # fmt: skip
LATER = dict(
    flexion=46, extension=52, side_bend_left=38, side_bend_right=40, rotation_left=70,
    rotation_right=74, rom_reproduces=[], jaw_opening_mm=42, jaw_deviation="none",
    jaw_clicking=True, jaw_pain_chewing=False, cva_degrees=49, shoulders="rounded",
    notes="Less tender overall; rotation to the left no longer brings on the headache.",
)  # fmt: skip
LATER_SPOTS = (
    Spot("upper_trapezius_left", 4, False, "trigger"), Spot("suboccipitals_left", 4),
    Spot("masseter_left", 3),
)  # fmt: skip
NDI_ANSWERS = {
    Timepoint.BASELINE.value: (2, 1, 1, 2, 3, 2, 2, 1, 2, 2),
    Timepoint.MID_COURSE.value: (1, 0, 1, 1, 2, 1, 1, 0, 1, 1),
}
NOTE_MINUTES = ({"97161": 30, "97140": 20}, {"97140": 25, "97110": 12}, {"97140": 24, "97530": 10})


def _key(label: str, patient):
    return uuid5(NAMESPACE_URL, f"demo-assessment:{label}:{patient.public_id}")


def seed(people) -> None:
    patient, therapist = people.patient, people.therapist
    plan = CarePlan.objects.filter(patient=patient).first()
    if plan is None:
        return
    instrument_set(clinic=patient.clinic, code=NDI.code, enabled=True)
    attended = list(plan.visits.filter(status=Visit.Status.ATTENDED).order_by("number"))
    if not attended:
        return
    if not Assessment.objects.filter(patient=patient).exists():
        services.assessment_save(
            patient=patient, therapist=therapist, kind="initial", visit=attended[0],
            assessed_on=attended[0].date, measures=INITIAL, spots=INITIAL_SPOTS,
            key=_key("initial", patient),
        )  # fmt: skip
        later = attended[min(3, len(attended) - 1)]
        if later != attended[0]:
            services.assessment_save(
                patient=patient, therapist=therapist, kind="reassessment", visit=later,
                assessed_on=later.date, measures=LATER, spots=LATER_SPOTS,
                key=_key("reassessment", patient),
            )  # fmt: skip
    _notes(attended, therapist)
    _plan_of_care(plan, therapist)
    _ndi(patient, plan, attended)


def _notes(attended, therapist) -> None:
    codes = {c.code: c for c in services_for(attended[0].plan.patient.clinic)}
    for n, visit in enumerate(attended):
        if VisitNote.objects.filter(visit=visit).exists():
            continue
        minutes = NOTE_MINUTES[0] if n == 0 else NOTE_MINUTES[1 + n % 2]
        note = services.note_save(
            visit=visit, author=therapist,
            soap={
                "subjective": "Two headaches since the last visit, both milder." if n else
                "Headaches 3 days a week for a year, worse at the desk.",
                "objective": "Tender left upper trapezius and suboccipitals; see the body chart.",
                "assessment": "Muscle tension contributing; responding to release work.",
                "plan": "Continue release; home plan reviewed.",
            },
            treated_sites=["upper_trapezius_left", "suboccipitals_left"],
            services=[services.Minutes(codes[c], m) for c, m in minutes.items() if c in codes],
        )  # fmt: skip
        services.note_sign(note=note, by=therapist)


def _plan_of_care(plan, therapist) -> None:
    if PlanOfCare.objects.filter(care_plan=plan).exists():
        return
    clinic = plan.patient.clinic
    services.plan_of_care_save(
        care_plan=plan, by=therapist,
        diagnoses=diagnoses_for(clinic).filter(code__in=["G44.229", "M54.2"]),
        services=services_for(clinic).filter(code__in=["97140", "97110", "97530"]),
        goals="Headache days halved within 4 weeks; full pain-free neck rotation; "
        "independent with the home routine.",
        visits_per_week=2, weeks=4,
    )  # fmt: skip


def _ndi(patient, plan, attended) -> None:
    for timepoint, values in NDI_ANSWERS.items():
        answers = {item.code: str(v) for item, v in zip(NDI.items, values, strict=True)}
        response, created = questionnaire_submit(
            patient=patient, plan=plan, instrument=NDI, timepoint=timepoint, answers=answers,
            key=_key(f"ndi-{timepoint}", patient),
        )  # fmt: skip
        if created and timepoint == Timepoint.BASELINE.value:
            when = timezone.make_aware(datetime.combine(attended[0].date, time(9, 35)))
            QuestionnaireResponse.objects.filter(pk=response.pk).update(created_at=when)
