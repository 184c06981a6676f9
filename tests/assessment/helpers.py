"""Plain factories for assessment tests."""

import uuid
from datetime import timedelta

from django.utils import timezone

from assessment import services
from assessment.bodychart import Spot
from assessment.codes import services_for
from plans.models import Visit
from plans.services import plan_create, visit_record


def care_plan_for(patient, therapist, *, days_ago: int = 14):
    today = timezone.localdate()
    plan, _ = plan_create(
        patient=patient, therapist=therapist, start=today - timedelta(days=days_ago), sessions=8,
        weeks=4, headache_type="tension_type", key=uuid.uuid4(),
    )  # fmt: skip
    return plan


def attended_visit(patient, therapist) -> Visit:
    plan = patient.care_plans.first() or care_plan_for(patient, therapist)
    visit = plan.visits.filter(date__lte=timezone.localdate()).order_by("number").first()
    return visit_record(
        visit=visit, by=therapist, status="attended", today=timezone.localdate(), minutes=45
    )


def make_assessment(patient, therapist, *, kind="initial", days_ago=10, spots=None, **measures):
    return services.assessment_save(
        patient=patient, therapist=therapist, kind=kind,
        assessed_on=timezone.localdate() - timedelta(days=days_ago),
        measures=measures, spots=spots or [Spot("upper_trapezius_left", 7, True)],
    )  # fmt: skip


def signed_note(visit, therapist, minutes=None):
    codes = {c.code: c for c in services_for(visit.plan.patient.clinic)}
    minutes = minutes or {"97140": 33, "97110": 7}
    note = services.note_save(
        visit=visit, author=therapist, soap={"subjective": "Better this week."},
        treated_sites=["upper_trapezius_left"],
        services=[services.Minutes(codes[c], m) for c, m in minutes.items()],
    )  # fmt: skip
    return services.note_sign(note=note, by=therapist)
