"""Care plans: visits on open clinic days, attendance, moving visits, the taper and discharge."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from plans.models import CarePlan, ClosedDay, Visit
from plans.schedule import (
    DEFAULT_TAPER,
    ClinicCalendar,
    CoursePlan,
    schedule_course,
    schedule_taper,
)
from plans.tokens import new_token
from tests.plans.helpers import attend, make_plan, today


def plan_post(**overrides) -> dict:
    data = {
        "token": new_token(),
        "start_date": today().isoformat(),
        "sessions": "8",
        "weeks": "4",
        "headache_type": "tension_type",
        "visit_time": "09:30",
    }
    data.update(overrides)
    return data


def next_monday() -> date:
    return today() + timedelta(days=7 - today().weekday())


def test_a_new_plan_books_its_visits_on_open_days_only(as_therapist, patient, clinic):
    clinic.closed_weekdays = [5, 6]
    clinic.save()
    start = next_monday()
    holiday = start + timedelta(days=2)
    ClosedDay.objects.create(clinic=clinic, date=holiday, reason="Staff training")
    url = reverse("plans:plan-create", args=[patient.public_id])

    response = as_therapist.post(url, plan_post(start_date=start.isoformat()))

    assert response.status_code == 302
    plan = CarePlan.objects.get(patient=patient)
    visits = list(plan.visits.order_by("number"))
    expected = schedule_course(
        CoursePlan(start, 8, 4), ClinicCalendar(frozenset({5, 6}), frozenset({holiday}))
    )
    assert [(v.number, v.date) for v in visits] == [(e.number, e.date) for e in expected]
    assert all(v.date.weekday() < 5 and v.date != holiday for v in visits)
    assert all(v.time.isoformat() == "09:30:00" and v.status == "scheduled" for v in visits)


def test_preferred_weekdays_are_used_first(as_therapist, patient):
    url = reverse("plans:plan-create", args=[patient.public_id])

    as_therapist.post(url, plan_post(start_date=next_monday().isoformat(),
                                     preferred_weekdays=["1", "3"]))  # fmt: skip

    weekdays = {v.date.weekday() for v in Visit.objects.all()}
    assert weekdays == {1, 3}


def test_the_same_plan_form_posted_twice_makes_one_plan(as_therapist, patient):
    url = reverse("plans:plan-create", args=[patient.public_id])
    data = plan_post()

    first = as_therapist.post(url, data)
    second = as_therapist.post(url, data)

    assert first.status_code == second.status_code == 302
    assert CarePlan.objects.count() == 1 and Visit.objects.count() == 8


def test_a_second_open_plan_is_refused(as_therapist, patient, therapist):
    make_plan(patient, therapist)
    url = reverse("plans:plan-create", args=[patient.public_id])

    response = as_therapist.post(url, plan_post())

    assert response.status_code == 400
    assert "already has an open care plan" in response.content.decode()
    assert CarePlan.objects.count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"sessions": "0"},
        {"sessions": "29", "weeks": "4"},
        {"weeks": "40"},
        {"start_date": "not a date"},
        {"preferred_weekdays": ["9"]},
        {"headache_type": "cluster"},
        {"token": ""},
    ],
)
def test_bad_plan_input_is_a_form_error(as_therapist, patient, changes):
    url = reverse("plans:plan-create", args=[patient.public_id])

    response = as_therapist.post(url, plan_post(**changes))

    assert response.status_code == 400 and not CarePlan.objects.exists()


def test_a_closed_weekday_is_not_offered_as_preferred(as_therapist, patient, clinic):
    clinic.closed_weekdays = [0]
    clinic.save()
    url = reverse("plans:plan-create", args=[patient.public_id])

    response = as_therapist.post(url, plan_post(preferred_weekdays=["0"]))

    assert response.status_code == 400 and not CarePlan.objects.exists()


def test_posted_patient_and_therapist_fields_are_ignored(
    as_therapist, patient, therapist, other_patient, other_therapist
):
    url = reverse("plans:plan-create", args=[patient.public_id])
    data = plan_post(patient=str(other_patient.pk), therapist=str(other_therapist.pk))

    as_therapist.post(url, data)

    plan = CarePlan.objects.get()
    assert plan.patient == patient and plan.therapist == therapist


def test_session_numbers_are_unique_within_a_plan(patient, therapist):
    plan = make_plan(patient, therapist)

    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(plan=plan, number=1, date=today())


def test_recording_attendance_keeps_minutes_areas_techniques_and_note(
    as_therapist, patient, therapist
):
    plan = make_plan(patient, therapist, start=today() - timedelta(days=7))
    visit = plan.visits.order_by("number").first()
    data = {
        "status": "attended",
        "minutes": "50",
        "areas": ["neck_back", "shoulder_left"],
        "techniques": ["myofascial_release", "trigger_point"],
        "note": "Upper trapezius eased",
    }

    response = as_therapist.post(reverse("plans:visit", args=[visit.public_id]), data)

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "attended" and visit.minutes == 50
    assert visit.areas == ["neck_back", "shoulder_left"]
    assert visit.techniques == ["myofascial_release", "trigger_point"]
    assert visit.note == "Upper trapezius eased" and visit.recorded_by == therapist


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "attended"}, "Give the length of the visit"),
        ({"status": "attended", "minutes": "45", "areas": ["elbow"]}, "not one of the"),
        ({"status": "attended", "minutes": "45", "techniques": ["reiki"]}, "not one of the"),
        ({"status": "rescheduled"}, "not one of the"),
    ],
)
def test_bad_attendance_is_a_form_error(as_therapist, patient, therapist, data, message):
    plan = make_plan(patient, therapist, start=today() - timedelta(days=7))
    visit = plan.visits.order_by("number").first()

    response = as_therapist.post(reverse("plans:visit", args=[visit.public_id]), data)

    assert response.status_code == 400 and message in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == "scheduled"


def test_a_future_visit_cannot_be_marked_attended(as_therapist, patient, therapist):
    plan = make_plan(patient, therapist, start=today() + timedelta(days=7))
    visit = plan.visits.order_by("number").first()
    data = {"status": "attended", "minutes": "45"}

    response = as_therapist.post(reverse("plans:visit", args=[visit.public_id]), data)

    assert response.status_code == 400
    assert "Mark it attended once it has started." in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == "scheduled"


@pytest.mark.parametrize(
    ("clock", "refused"), [(time(9, 0), True), (time(10, 29), True), (time(10, 30), False)]
)
def test_a_visit_later_today_is_marked_attended_only_once_it_has_started(
    patient, therapist, clock, refused
):
    from plans.forms import VisitRecordForm

    plan = make_plan(patient, therapist, start=today())
    visit = plan.visits.order_by("number").first()
    visit.date, visit.time = date(2026, 3, 2), time(10, 30)
    data = {"status": "attended", "minutes": "45"}

    form = VisitRecordForm(data, visit=visit, now=datetime.combine(visit.date, clock))

    assert form.is_valid() is not refused
    if refused:
        assert form.errors["status"] == [
            "This visit starts on 2 March at 10:30. Mark it attended once it has started."
        ]
    missed = VisitRecordForm({"status": "missed"}, visit=visit, now=datetime(2026, 3, 2, 9))
    assert missed.is_valid()


def test_moving_a_visit_keeps_its_original_date_and_refuses_closed_days(
    as_therapist, patient, therapist, clinic
):
    plan = make_plan(patient, therapist, start=next_monday())
    visit = plan.visits.order_by("number").first()
    original = visit.date
    closed = next_monday() + timedelta(days=14)
    ClosedDay.objects.create(clinic=clinic, date=closed)
    url = reverse("plans:visit-move", args=[visit.public_id])

    refused = as_therapist.post(url, {"date": closed.isoformat()})
    moved = as_therapist.post(url, {"date": (closed + timedelta(days=1)).isoformat()})

    assert refused.status_code == 400 and "closed on that day" in refused.content.decode()
    assert moved.status_code == 302
    visit.refresh_from_db()
    assert visit.date == closed + timedelta(days=1) and visit.original_date == original
    assert visit.status == "rescheduled"


def test_starting_the_taper_books_maintenance_visits_after_the_course(
    as_therapist, patient, therapist, clinic
):
    plan = make_plan(patient, therapist, start=today() - timedelta(days=21))
    last_course = max(v.date for v in plan.visits.all())
    data = {"first_every": "2", "first_unit": "weeks", "first_count": "2",
            "then_every": "1", "then_unit": "months", "then_count": "3"}  # fmt: skip

    response = as_therapist.post(reverse("plans:plan-taper", args=[plan.public_id]), data)
    again = as_therapist.post(reverse("plans:plan-taper", args=[plan.public_id]), data)

    assert response.status_code == again.status_code == 302
    plan.refresh_from_db()
    assert plan.state == "maintenance" and plan.taper_started_on == today()
    maintenance = list(plan.visits.filter(kind="maintenance").order_by("number"))
    expected = schedule_taper(
        max(today(), last_course), DEFAULT_TAPER, ClinicCalendar(), first_number=9
    )
    assert [(v.number, v.date) for v in maintenance] == [(e.number, e.date) for e in expected]
    assert plan.visits.count() == 8 + 5  # the second post added nothing


def test_discharge_ends_the_plan_and_cancels_booked_visits(as_therapist, patient, therapist):
    plan = make_plan(patient, therapist, start=today() - timedelta(days=7))
    attend(plan.visits.order_by("number").first(), therapist)

    as_therapist.post(reverse("plans:plan-discharge", args=[plan.public_id]))

    plan.refresh_from_db()
    assert plan.state == "discharged" and plan.discharged_on == today()
    assert set(plan.visits.values_list("status", flat=True)) == {"attended", "cancelled"}


def test_the_patient_sees_session_x_of_n_and_the_next_visit(as_patient, patient, therapist):
    plan = make_plan(patient, therapist, start=today() - timedelta(days=14))
    visits = list(plan.visits.order_by("number"))
    for visit in visits[:3]:
        attend(visit, therapist)
    upcoming = next(v for v in visits if v.date >= today() and v.status == "scheduled")

    page = as_patient.get(reverse("plans:visits")).content.decode()

    assert "Session 3 of 8 done" in page
    assert f"Next visit: <strong>{upcoming.date:%A} {upcoming.date.day} {upcoming.date:%B}" in page


def test_the_therapist_page_offers_a_plan_form_when_there_is_none(as_therapist, patient):
    page = as_therapist.get(reverse("plans:patient", args=[patient.public_id]))

    assert page.status_code == 200
    assert "Create the plan and book visits" in page.content.decode()
    assert reverse("triage:patient-history", args=[patient.public_id]) in page.content.decode()


def test_the_therapist_page_links_to_the_printable_home_plan(as_therapist, patient):
    page = as_therapist.get(reverse("plans:patient", args=[patient.public_id])).content.decode()

    pdf = reverse("handouts:plan-pdf", args=[patient.public_id])
    assert f'<a href="{pdf}">Print the home plan</a>' in page
