"""Invariants the database itself holds, whatever code writes the rows."""

import uuid
from datetime import date

import pytest
from django.db import IntegrityError, transaction

from selfcare.models import HomePlan, PlanItem, PracticeEntry
from tests.factories import make_clinic

from .utils import make_routine


@pytest.mark.parametrize(
    "dose",
    [
        {"hold_seconds_min": 29},
        {"hold_seconds_max": 91},
        {"hold_seconds_min": 60, "hold_seconds_default": 45},
        {"hold_seconds_default": 80, "hold_seconds_max": 70},
        {"spots_per_side": 0},
        {"spots_per_side": 4},
        {"sides": "top"},
        {"frequency": "weekly"},
        {"position": "standing"},
    ],
)
def test_the_database_refuses_a_routine_with_a_bad_dose(db, dose):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_routine(**dose)


def test_a_routine_with_an_owner_must_belong_to_a_clinic(db, therapist):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_routine(owner=therapist)
    assert make_routine(owner=therapist, clinic=make_clinic()).pk


@pytest.mark.parametrize(
    "dose",
    [{"hold_seconds": 29}, {"hold_seconds": 91}, {"spots_per_side": 4}, {"sides": "x"},
     {"frequency": "x"}],
)  # fmt: skip
def test_the_database_refuses_a_plan_item_with_a_bad_dose(patient, dose):
    plan = HomePlan.objects.create(patient=patient, version=1)
    fields = {"hold_seconds": 60, "spots_per_side": 2, "sides": "both", "frequency": "daily"}
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanItem.objects.create(plan=plan, routine=make_routine(), **{**fields, **dose})


def test_plan_versions_are_unique_per_patient(patient):
    HomePlan.objects.create(patient=patient, version=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        HomePlan.objects.create(patient=patient, version=1)


@pytest.mark.parametrize("field", ["pain_before", "pain_after"])
def test_pain_scores_stay_within_0_to_10(patient, field):
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeEntry.objects.create(
            patient=patient, routine=make_routine(), day=date(2026, 5, 4), token=uuid.uuid4(),
            **{field: 11},
        )  # fmt: skip


def test_one_practice_entry_per_routine_per_day_and_per_token(patient):
    routine, day, token = make_routine(), date(2026, 5, 4), uuid.uuid4()
    PracticeEntry.objects.create(patient=patient, routine=routine, day=day, token=token)
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeEntry.objects.create(patient=patient, routine=routine, day=day, token=uuid.uuid4())
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeEntry.objects.create(patient=patient, routine=make_routine(), day=day, token=token)
