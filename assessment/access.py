"""Lookups of assessment objects that go through clinic.access.patient_for, so every view,
print and change is audited and someone else's record is a 404."""

from uuid import UUID

from django.http import Http404

from clinic.access import CLINICAL, patient_for
from plans.models import Visit

from .models import Assessment, VisitNote


def visit_for(request, public_id: UUID, *, action: str, purpose: str = CLINICAL) -> Visit:
    visit = Visit.objects.select_related("plan__patient").filter(public_id=public_id).first()
    # An unknown visit is looked up as an unknown patient: the denial is audited all the same.
    patient = patient_for(
        request, visit.plan.patient.public_id if visit else public_id,
        purpose=purpose, action=action,
    )  # fmt: skip
    visit.plan.patient = patient
    return visit


def assessment_for(request, public_id: UUID, *, action: str) -> Assessment:
    assessment = Assessment.objects.select_related("patient").filter(public_id=public_id).first()
    patient = patient_for(
        request, assessment.patient.public_id if assessment else public_id, action=action
    )
    assessment.patient = patient
    return assessment


def note_for(request, public_id: UUID, *, action: str) -> VisitNote:
    note = (
        VisitNote.objects.select_related("patient", "visit__plan")
        .filter(public_id=public_id)
        .first()
    )
    patient = patient_for(request, note.patient.public_id if note else public_id, action=action)
    if note is None:
        raise Http404("No such note.")
    note.patient = patient
    return note
