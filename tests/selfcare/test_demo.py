"""The demo seed: library, templates, and two patients' plans; a second run changes nothing."""

from datetime import timedelta

from django.utils import timezone

from clinic import demo as clinic_demo
from selfcare import demo
from selfcare.models import HomePlan, PlanItem, PlanTemplate, PracticeEntry, Routine
from selfcare.services import adherence_for
from triage import demo as triage_demo


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list(*fields))
        for model, fields in [
            (Routine, ("slug", "published", "updated_at")),
            (PlanTemplate, ("name", "created_at")),
            (HomePlan, ("patient_id", "version", "created_at")),
            (PlanItem, ("id", "plan_id", "hold_seconds")),
            (PracticeEntry, ("patient_id", "routine_id", "day", "token")),
        ]
    }


def test_the_demo_seed_makes_plans_with_practice_and_a_second_run_changes_nothing(db):
    people = clinic_demo.seed()
    triage_demo.seed(people)
    demo.seed(people)

    assert set(PlanTemplate.objects.values_list("name", flat=True)) == {
        "Tension-type starter",
        "Jaw and temples",
    }
    current = HomePlan.objects.current_for(people.patient)
    assert current.version == 2 and current.items.count() == 4
    assert current.created_by == people.therapist
    days = set(people.patient.practice.values_list("day", flat=True))
    today = timezone.localdate()
    assert min(days) == today - timedelta(days=14) and max(days) == today - timedelta(days=1)
    done, due = adherence_for(people.patient, start=today - timedelta(14), end=today - timedelta(1))
    assert 0.6 < done / due < 1

    other = HomePlan.objects.current_for(people.patient2)
    slugs = {item.routine.slug for item in other.items.all()}
    assert slugs and slugs != {item.routine.slug for item in current.items.all()}
    assert all("shoulder_left" not in item.routine.regions for item in other.items.all())

    before = snapshot()
    demo.seed(people)
    assert snapshot() == before
