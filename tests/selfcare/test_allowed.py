"""selfcare/allowed.py: what a patient may be given, from the gate and the screenings in force."""

from datetime import timedelta

import pytest
from django.utils import timezone

from selfcare.allowed import allowance_for, hold_seconds
from triage.models import QuickCheck, Screening
from triage.services import screening_clear, step_answers_save

from .utils import make_plan, make_routine, screen

pytestmark = pytest.mark.django_db


def _jaw_routine():
    return make_routine(regions=["jaw_left", "jaw_right"], contraindications=["jaw_work"])


def test_an_early_ended_result_adds_its_limits_even_after_a_therapist_clears_it(patient, therapist):
    """Jaw pain on chewing after 50 ends the questions at 'see a doctor today'. Once a therapist
    clears it, the older all-clear screening opens the gate again, but jaw work stays out."""
    older = screen(patient)
    Screening.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=5))
    jaw, back = _jaw_routine(), make_routine()
    make_plan(patient, therapist, [jaw, back])
    early = step_answers_save(patient=patient, answers={"age": 67, "jaw_claudication": True})
    assert early is not None and early.kind == Screening.Kind.EARLY_STOP
    assert not allowance_for(patient).may_practise
    screening_clear(screening=early, therapist=therapist, note="Seen by her GP: not arteritis.")
    QuickCheck.objects.create(
        patient=patient, day=timezone.localdate(), answers={}, anything_new=False
    )
    allowance = allowance_for(patient)
    assert allowance.may_practise
    assert not allowance.practise(jaw).allowed and allowance.practise(back).allowed


def test_a_blood_thinner_caps_the_hold_and_offers_only_the_soft_ball(patient, therapist):
    screen(patient, anticoagulant=True)
    ball = make_routine(tools=["tennis_ball", "soft_foam_ball"])
    plan = make_plan(patient, therapist, [ball], hold_seconds=75)
    offer = allowance_for(patient).practise(ball)
    assert offer.allowed and offer.tools == ("soft_foam_ball",)
    assert hold_seconds(plan.items.get(), offer) == 45


def test_nothing_is_offered_without_a_screening_and_the_plan_prints_only_when_valid(patient):
    routine = make_routine()
    allowance = allowance_for(patient)
    assert not allowance.may_practise and not allowance.may_print
    assert not allowance.practise(routine).allowed and not allowance.printable(routine).allowed
    assert allowance.print_key == "paused"
    screen(patient)
    assert allowance_for(patient).printable(routine).allowed
