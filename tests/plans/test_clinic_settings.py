"""Clinic-wide care settings: closed days, questionnaires and the diary's trigger list."""

import re
from datetime import date, timedelta

from django.urls import reverse

from plans.clinic_settings import DEFAULT_TRIGGERS
from plans.models import ClinicInstrument, ClosedDay, Trigger, Visit
from tests.plans.helpers import make_entry, make_plan, today
from tests.plans.test_care_plan import next_monday, plan_post


def test_a_clinic_admin_adds_and_removes_a_closed_day(as_clinic_admin, clinic):
    day = today() + timedelta(days=10)
    data = {"date": day.isoformat(), "reason": "Bank holiday"}

    as_clinic_admin.post(reverse("plans:closed-day-add"), data)
    as_clinic_admin.post(reverse("plans:closed-day-add"), data)  # a double click

    assert list(ClosedDay.objects.values_list("clinic", "date", "reason")) == [
        (clinic.pk, day, "Bank holiday")
    ]
    assert "Bank holiday" in as_clinic_admin.get(reverse("plans:care-settings")).content.decode()
    as_clinic_admin.post(reverse("plans:closed-day-remove"), {"date": day.isoformat()})
    assert not ClosedDay.objects.exists()


def test_a_bad_closed_day_is_a_form_error(as_clinic_admin):
    response = as_clinic_admin.post(reverse("plans:closed-day-add"), {"date": "31/02/2026"})

    assert response.status_code == 400 and not ClosedDay.objects.exists()


def test_closing_a_day_with_visits_booked_warns_and_names_them(
    as_clinic_admin, clinic, patient, therapist
):
    plan = make_plan(patient, therapist, start=today() + timedelta(days=1))
    visit = plan.visits.order_by("number").first()
    data = {"date": visit.date.isoformat(), "reason": "Training"}

    response = as_clinic_admin.post(reverse("plans:closed-day-add"), data, follow=True)

    page = response.content.decode()
    assert "1 visit is already booked on" in page and patient.name in page
    visit.refresh_from_db()
    assert visit.date == date.fromisoformat(data["date"])  # nothing moves by itself
    quiet = (today() + timedelta(days=60)).isoformat()
    page = as_clinic_admin.post(reverse("plans:closed-day-add"), {"date": quiet}, follow=True)
    assert "already booked on" not in page.content.decode()


def test_weekly_closed_days_are_set_on_the_care_settings_page_and_new_plans_skip_them(
    as_clinic_admin, as_therapist, clinic, patient
):
    url = reverse("plans:closed-weekdays")
    as_clinic_admin.post(url, {"weekdays": ["6", "2"]})
    clinic.refresh_from_db()
    assert clinic.closed_weekdays == [2, 6]
    page = as_clinic_admin.get(reverse("plans:care-settings")).content.decode()
    checked = re.findall(r'<input type="checkbox" name="weekdays" value="(\d)"[^>]* checked', page)
    assert checked == ["2", "6"]
    create = reverse("plans:plan-create", args=[patient.public_id])
    as_therapist.post(create, plan_post(start_date=next_monday().isoformat()))
    days = list(Visit.objects.filter(plan__patient=patient).values_list("date", flat=True))
    assert days and not any(d.weekday() in (2, 6) for d in days)

    refused = as_clinic_admin.post(url, {"weekdays": [str(d) for d in range(7)]})
    assert refused.status_code == 400 and "at least one day" in refused.content.decode()
    clinic.refresh_from_db()
    assert clinic.closed_weekdays == [2, 6]


def test_the_clinic_admin_switches_hit6_on_and_off(as_clinic_admin, clinic):
    url = reverse("plans:instrument-switch", args=["hit6"])

    as_clinic_admin.post(url, {"enabled": "on"})
    assert ClinicInstrument.objects.get(clinic=clinic, code="hit6").enabled
    as_clinic_admin.post(url, {"enabled": ""})
    assert not ClinicInstrument.objects.get(clinic=clinic, code="hit6").enabled
    assert (
        as_clinic_admin.post(reverse("plans:instrument-switch", args=["nope"])).status_code == 404
    )


def test_therapists_cannot_change_clinic_settings(as_therapist):
    response = as_therapist.post(
        reverse("plans:instrument-switch", args=["hit6"]), {"enabled": "on"}
    )

    assert response.status_code == 404 and not ClinicInstrument.objects.exists()


def test_the_default_triggers_are_seeded_once_and_shown_in_the_diary(as_patient, clinic):
    page = as_patient.get(reverse("plans:diary-entry", args=["today"])).content.decode()
    as_patient.get(reverse("plans:diary-entry", args=["today"]))

    assert Trigger.objects.filter(clinic=clinic).count() == len(DEFAULT_TRIGGERS) == 8
    for _, label in DEFAULT_TRIGGERS:
        assert label in page


def test_a_therapist_adds_renames_and_hides_a_trigger(as_therapist, as_patient, patient, clinic):
    as_therapist.post(reverse("plans:trigger-add"), {"label": "Bright  sunlight"})
    trigger = Trigger.objects.get(clinic=clinic, code="bright_sunlight")
    make_entry(patient, today() - timedelta(days=1), triggers=["stress"])

    as_therapist.post(
        reverse("plans:trigger-edit", args=["stress"]), {"stress-label": "Stress at work"}
    )  # not ticked "shown": hidden from new entries

    assert trigger.label == "Bright sunlight" and trigger.active
    stress = Trigger.objects.get(clinic=clinic, code="stress")
    assert stress.label == "Stress at work" and not stress.active
    today_form = as_patient.get(reverse("plans:diary-entry", args=["today"])).content.decode()
    old_form = as_patient.get(
        reverse("plans:diary-entry", args=[(today() - timedelta(days=1)).isoformat()])
    ).content.decode()
    assert "Bright sunlight" in today_form and "Stress at work" not in today_form
    assert "Stress at work" in old_form  # an entry that has it keeps it


def test_an_empty_trigger_name_is_refused(as_therapist, clinic):
    response = as_therapist.post(reverse("plans:trigger-add"), {"label": " ** "})

    assert response.status_code == 400
    assert not Trigger.objects.filter(label="**").exists()


def test_triggers_of_another_clinic_cannot_be_edited(as_therapist, other_clinic_therapist):
    from plans.clinic_settings import clinic_triggers

    clinic_triggers(other_clinic_therapist.clinic)

    response = as_therapist.post(
        reverse("plans:trigger-edit", args=["stress"]), {"stress-label": "Hacked"}
    )

    assert response.status_code == 404
    assert not Trigger.objects.filter(label="Hacked").exists()
