"""Writes for assessments, visit notes and the plan of care. Each is one short transaction."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from clinic.models import Patient, User
from plans.models import CarePlan, Visit

from .bodychart import Spot as SpotValue
from .models import (
    Assessment,
    DiagnosisCode,
    NoteAddendum,
    NoteService,
    PlanOfCare,
    ServiceCode,
    Spot,
    VisitNote,
)

MEASURE_FIELDS = (
    "flexion", "extension", "side_bend_left", "side_bend_right", "rotation_left",
    "rotation_right", "rom_reproduces", "jaw_opening_mm", "jaw_deviation", "jaw_clicking",
    "jaw_pain_chewing", "cva_degrees", "shoulders", "notes",
)  # fmt: skip
SOAP_FIELDS = ("subjective", "objective", "assessment", "plan")


class NoteLocked(Exception):
    """A signed note is never changed; add an addendum instead."""


class NoteError(ValueError):
    pass


@transaction.atomic
def assessment_save(
    *,
    patient: Patient,
    therapist: User,
    kind: str,
    assessed_on: date,
    measures: Mapping[str, Any],
    spots: Iterable[SpotValue],
    visit: Visit | None = None,
    assessment: Assessment | None = None,
    key=None,
) -> Assessment:
    if assessment is None and key is not None:
        done = Assessment.objects.filter(idempotency_key=key).first()
        if done is not None:
            if done.patient_id != patient.pk:
                raise ValueError("That form was already used for another patient.")
            return done
    if visit is not None and visit.plan.patient_id != patient.pk:
        raise ValueError("That visit belongs to another patient.")
    if assessment is None:
        assessment = Assessment(patient=patient, idempotency_key=key)
    assessment.therapist = therapist
    assessment.kind = kind
    assessment.assessed_on = assessed_on
    assessment.visit = visit
    for name in MEASURE_FIELDS:
        if name in measures:
            setattr(assessment, name, measures[name])
    assessment.save()
    assessment.spots.all().delete()
    Spot.objects.bulk_create(
        [
            Spot(
                assessment=assessment,
                site=s.site,
                kind=s.kind,
                tenderness=s.tenderness,
                reproduces_headache=s.reproduces_headache,
            )
            for s in spots
        ]
    )
    return assessment


@dataclass(frozen=True)
class Minutes:
    code: ServiceCode
    minutes: int


@transaction.atomic
def note_save(
    *,
    visit: Visit,
    author: User,
    soap: Mapping[str, str],
    treated_sites: Iterable[str],
    services: Iterable[Minutes],
) -> VisitNote:
    note = VisitNote.objects.select_for_update().filter(visit=visit).first()
    if note is not None and note.is_signed:
        raise NoteLocked("This note is signed. Add an addendum instead.")
    if note is None:
        note = VisitNote(visit=visit, patient=visit.plan.patient, author=author)
    for name in SOAP_FIELDS:
        setattr(note, name, soap.get(name, ""))
    note.treated_sites = list(dict.fromkeys(treated_sites))
    note.save()
    note.services.all().delete()
    rows = [s for s in services if s.minutes]
    for row in rows:
        if row.code.clinic_id != visit.plan.patient.clinic_id:
            raise NoteError("That service code belongs to another clinic.")
    NoteService.objects.bulk_create(
        [NoteService(note=note, code=row.code, minutes=row.minutes) for row in rows]
    )
    return note


@transaction.atomic
def note_sign(*, note: VisitNote, by: User) -> VisitNote:
    locked = VisitNote.objects.select_for_update().get(pk=note.pk)
    if locked.is_signed:
        raise NoteLocked("This note is already signed.")
    if not any(getattr(locked, name).strip() for name in SOAP_FIELDS):
        raise NoteError("Write the note before signing it.")
    locked.signed_at = timezone.now()
    locked.signed_by = by
    locked.save(update_fields=["signed_at", "signed_by", "updated_at"])
    return locked


@transaction.atomic
def addendum_add(*, note: VisitNote, author: User, text: str, key) -> NoteAddendum:
    if not note.is_signed:
        raise NoteError("Edit the note itself until it is signed.")
    text = text.strip()
    if not text:
        raise NoteError("Write the addendum first.")
    done = NoteAddendum.objects.filter(idempotency_key=key).first()
    if done is not None:
        return done
    return NoteAddendum.objects.create(note=note, author=author, text=text, idempotency_key=key)


@transaction.atomic
def plan_of_care_save(
    *,
    care_plan: CarePlan,
    by: User,
    diagnoses: Iterable[DiagnosisCode],
    services: Iterable[ServiceCode],
    goals: str,
    visits_per_week: int,
    weeks: int,
) -> PlanOfCare:
    diagnoses, services = list(diagnoses), list(services)
    clinic_id = care_plan.patient.clinic_id
    if any(c.clinic_id != clinic_id for c in [*diagnoses, *services]):
        raise ValueError("Codes must come from the patient's clinic.")
    poc, _ = PlanOfCare.objects.update_or_create(
        care_plan=care_plan,
        defaults={
            "goals": goals,
            "visits_per_week": visits_per_week,
            "weeks": weeks,
            "updated_by": by,
        },
    )
    poc.diagnoses.set(diagnoses)
    poc.services.set(services)
    return poc
