"""Writes and the adherence figure: plans and versions, exclusions, the practice log."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from selfcare import queries
from selfcare.models import HomePlan, PlanTemplate, PracticeEntry, Routine
from selfcare.services import (
    PlanError,
    adherence_for,
    adherence_for_patients,
    plan_save,
    practice_log,
    practice_token,
    read_practice_token,
    routine_create,
    template_save,
)

from .utils import dose, load_library, make_plan, make_routine, screen


def today():
    return timezone.localdate()


def ago(days: int):
    return today() - timedelta(days=days)


def backdate(plan, days: int):
    HomePlan.objects.filter(pk=plan.pk).update(created_at=timezone.now() - timedelta(days=days))


def log(patient, routine, days_ago: int):
    PracticeEntry.objects.create(
        patient=patient, routine=routine, day=ago(days_ago), token=uuid.uuid4()
    )


@pytest.mark.parametrize(
    ("case", "versions", "done", "start", "end", "expected"),
    [
        # versions: (days ago created, [(routine letter, frequency)]); done: (letter, days ago)
        ("no plan", [], [("a", 1)], 6, 0, (0, 0)),
        ("daily, all done", [(10, [("a", "daily")])], [("a", n) for n in range(7)], 6, 0, (7, 7)),
        ("daily, today not yet done", [(10, [("a", "daily")])], [("a", n) for n in range(1, 7)],
         6, 0, (6, 7)),
        ("two routines, one done", [(10, [("a", "daily"), ("b", "daily")])],
         [("a", n) for n in range(7)], 6, 0, (7, 14)),
        ("plan started mid-range", [(2, [("a", "daily")])], [("a", 2), ("a", 1)], 6, 0, (2, 3)),
        ("every other day on schedule", [(10, [("a", "every_other_day")])],
         [("a", 6), ("a", 4), ("a", 2), ("a", 0)], 6, 0, (4, 4)),
        ("every other day done yesterday before the range", [(10, [("a", "every_other_day")])],
         [("a", 7), ("a", 5)], 6, 6, (0, 0)),
        ("a new version drops a routine", [(10, [("a", "daily"), ("b", "daily")]),
                                           (3, [("a", "daily")])],
         [("a", n) for n in range(7)], 6, 0, (7, 10)),
        ("future days are not due yet", [(10, [("a", "daily")])], [("a", 0)], 0, -5, (1, 1)),
        ("a range entirely in the future", [(10, [("a", "daily")])], [], -1, -5, (0, 0)),
    ],
)  # fmt: skip
def test_adherence_for_counts_sessions_done_and_due(
    patient, therapist, case, versions, done, start, end, expected
):
    routines = {"a": make_routine(), "b": make_routine()}
    for days, items in versions:
        plan, _ = plan_save(
            patient=patient,
            therapist=therapist,
            doses=[dose(routines[letter], frequency=freq) for letter, freq in items],
        )
        backdate(plan, days)
    for letter, days in done:
        log(patient, routines[letter], days)
    assert adherence_for(patient, start=ago(start), end=ago(end)) == expected, case
    assert adherence_for_patients([patient], start=ago(start), end=ago(end)) == {
        patient.pk: expected
    }


def test_adherence_for_many_patients_takes_a_fixed_number_of_queries(
    patient, other_patient, therapist, other_therapist, django_assert_num_queries
):
    routine = make_routine()
    backdate(make_plan(patient, therapist, [routine]), 5)
    backdate(make_plan(other_patient, other_therapist, [routine]), 5)
    log(patient, routine, 1)
    with django_assert_num_queries(2):
        found = adherence_for_patients([patient, other_patient], start=ago(6), end=today())
    assert found == {patient.pk: (1, 6), other_patient.pk: (0, 6)}


def test_every_change_makes_a_new_version_and_keeps_the_old_ones(patient, therapist):
    a, b = make_routine(), make_routine()
    first, created = plan_save(patient=patient, therapist=therapist, doses=[dose(a)])
    assert created and first.version == 1
    same, created = plan_save(patient=patient, therapist=therapist, doses=[dose(a)])
    assert not created and same == first
    second, created = plan_save(patient=patient, therapist=therapist, doses=[dose(a), dose(b)])
    third, _ = plan_save(
        patient=patient, therapist=therapist, doses=[dose(a, hold_seconds=45), dose(b)]
    )
    assert (second.version, third.version) == (2, 3)
    assert [p.version for p in HomePlan.objects.filter(patient=patient)] == [3, 2, 1]
    assert HomePlan.objects.current_for(patient) == third
    assert [i.hold_seconds for i in first.items.all()] == [60]


def test_versions_are_counted_per_patient(patient, other_patient, therapist, other_therapist):
    routine = make_routine()
    make_plan(patient, therapist, [routine])
    assert make_plan(other_patient, other_therapist, [routine]).version == 1


def test_the_plan_refuses_routines_in_regions_the_latest_screening_excludes(patient, therapist):
    load_library()
    screen(patient, recent_fracture_regions=["shoulder_left"])
    trapezius = Routine.objects.get(slug="upper-trapezius-wall-ball")
    with pytest.raises(PlanError) as caught:
        plan_save(patient=patient, therapist=therapist, doses=[dose("masseter-release"),
                                                               dose(trapezius)])  # fmt: skip
    assert "Left shoulder excluded by the screening of" in caught.value.problems[0]
    assert not HomePlan.objects.exists()
    assert make_plan(patient, therapist, ["masseter-release"]).version == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hold_seconds": 95}, "hold for 30 to 45 seconds"),
        ({"hold_seconds": 50}, "hold for 30 to 45 seconds"),
        ({"spots_per_side": 4}, "1 to 3 spots per side"),
        ({"frequency": "weekly"}, "choose how often"),
    ],
)
def test_doses_stay_within_the_routines_limits(patient, therapist, change, message):
    routine = make_routine(hold_seconds_min=30, hold_seconds_default=30, hold_seconds_max=45)
    with pytest.raises(PlanError) as caught:
        plan_save(patient=patient, therapist=therapist, doses=[dose(routine, **change)])
    assert message in caught.value.problems[0]


def test_a_midline_routine_cannot_be_narrowed_to_one_side(patient, therapist):
    routine = make_routine(sides="midline")
    with pytest.raises(PlanError):
        plan_save(patient=patient, therapist=therapist, doses=[dose(routine, sides="left")])


def test_another_clinics_routine_cannot_go_into_a_plan(patient, therapist, other_clinic_therapist):
    theirs = make_routine(clinic=other_clinic_therapist.clinic, owner=other_clinic_therapist)
    with pytest.raises(PlanError):
        plan_save(patient=patient, therapist=therapist, doses=[dose(theirs)])


def test_the_exclusion_filter_hides_exactly_the_routines_pressing_there(patient):
    load_library()
    screen(patient, recent_fracture_regions=["shoulder_left"], infection_regions=["jaw_right"])
    exclusion = queries.exclusion_for(patient)
    assert set(exclusion.regions) == {"shoulder_left", "jaw_right"}
    routines = list(Routine.objects.all())
    shown = {r.slug for r in routines if not exclusion.blocks(r)}
    hidden = {r.slug for r in routines} - shown
    assert hidden == {r.slug for r in routines if {"shoulder_left", "jaw_right"} & set(r.regions)}
    assert hidden == {
        "upper-trapezius-wall-ball",
        "levator-scapulae-wall-ball",
        "masseter-release",
    }
    assert {"chin-tucks", "temporalis-release", "rhomboid-wall-ball"} <= shown


def test_a_therapist_routine_may_not_press_on_the_front_of_the_neck(therapist):
    data = {"title": "Neck", "regions": ["neck_front"], "tools": ["fingers"],
            "position": "seated", "steps": ["Press."]}  # fmt: skip
    with pytest.raises(PlanError):
        routine_create(therapist=therapist, data=data)
    assert not Routine.objects.exists()


def test_saving_a_template_twice_replaces_its_routines(clinic, therapist):
    a, b = make_routine(), make_routine()
    assert template_save(clinic=clinic, name="Starter", doses=[dose(a)], by=therapist)
    assert not template_save(clinic=clinic, name="Starter", doses=[dose(b)], by=therapist)
    template = PlanTemplate.objects.get()
    assert [item.routine for item in template.items.all()] == [b]


def test_a_double_submit_of_the_same_token_logs_one_entry(patient, therapist):
    screen(patient)
    plan = make_plan(patient, therapist, [make_routine()])
    item = plan.items.get()
    token = read_practice_token(patient, practice_token(patient))
    first, created = practice_log(patient=patient, item=item, day=today(), token=token)
    again, created_again = practice_log(
        patient=patient, item=item, day=today(), token=token, pain_after=2
    )
    assert created and not created_again and first == again
    assert PracticeEntry.objects.count() == 1


def test_a_second_log_the_same_day_adds_the_pain_scores_it_lacked(patient, therapist):
    screen(patient)
    item = make_plan(patient, therapist, [make_routine()]).items.get()
    practice_log(patient=patient, item=item, day=today(), token=uuid.uuid4())
    entry, created = practice_log(
        patient=patient, item=item, day=today(), token=uuid.uuid4(), pain_before=5, pain_after=3
    )
    assert not created and (entry.pain_before, entry.pain_after) == (5, 3)
    assert PracticeEntry.objects.count() == 1


def test_a_practice_token_only_works_for_the_patient_it_was_issued_to(patient, other_patient):
    token = practice_token(patient)
    assert read_practice_token(patient, token) is not None
    assert read_practice_token(other_patient, token) is None
    assert read_practice_token(patient, "forged") is None


def test_a_routine_stopped_early_is_logged_as_partial_and_stays_due(patient, therapist):
    screen(patient)
    item = make_plan(patient, therapist, [make_routine()]).items.get()
    entry, created = practice_log(
        patient=patient, item=item, day=today(), token=uuid.uuid4(), partial=True
    )
    assert created and entry.partial
    row = queries.today_summary(patient, today()).rows[0]
    assert (row.due, row.done, row.partial) == (True, False, True)


def test_finishing_a_partial_routine_later_the_same_day_makes_it_done(patient, therapist):
    screen(patient)
    item = make_plan(patient, therapist, [make_routine()]).items.get()
    practice_log(patient=patient, item=item, day=today(), token=uuid.uuid4(), partial=True)
    practice_log(patient=patient, item=item, day=today(), token=uuid.uuid4(), partial=True)
    assert PracticeEntry.objects.get().partial
    entry, created = practice_log(patient=patient, item=item, day=today(), token=uuid.uuid4())
    assert not created and not entry.partial and not PracticeEntry.objects.get().partial
    row = queries.today_summary(patient, today()).rows[0]
    assert row.done and not row.partial
