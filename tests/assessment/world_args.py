"""Objects the security tables need for the assessment routes, made on demand in the shared
World (one patient, their therapist, their first visit)."""

from django.utils import timezone

from assessment import services
from assessment.bodychart import Spot
from assessment.models import Assessment, PlanOfCare, VisitNote
from plans.models import Visit


def _visit(args) -> Visit:
    return Visit.objects.select_related("plan__patient", "plan__therapist").get(
        public_id=args["visit"]
    )


def assessment(args) -> dict:
    visit = _visit(args)
    found = Assessment.objects.filter(patient=visit.plan.patient).first()
    if found is None:
        found = services.assessment_save(
            patient=visit.plan.patient, therapist=visit.plan.therapist, kind="initial",
            assessed_on=timezone.localdate(), measures={"flexion": 40},
            spots=[Spot("upper_trapezius_left", 6)],
        )  # fmt: skip
    return {"public_id": found.public_id}


def signed_note(args) -> VisitNote:
    visit = _visit(args)
    note = VisitNote.objects.filter(visit=visit).first()
    if note is None:
        note = services.note_save(
            visit=visit, author=visit.plan.therapist, soap={"subjective": "Stiff neck."},
            treated_sites=[], services=[],
        )  # fmt: skip
        note = services.note_sign(note=note, by=visit.plan.therapist)
    return note


def note(args) -> dict:
    return {"public_id": signed_note(args).public_id}


def superbill(args) -> dict:
    signed_note(args)
    return {"public_id": args["visit"]}


def plan_of_care(args) -> dict:
    visit = _visit(args)
    if not PlanOfCare.objects.filter(care_plan=visit.plan).exists():
        services.plan_of_care_save(
            care_plan=visit.plan, by=visit.plan.therapist, diagnoses=[], services=[],
            goals="Fewer headache days.", visits_per_week=2, weeks=4,
        )  # fmt: skip
    return {"public_id": args["patient"]}
