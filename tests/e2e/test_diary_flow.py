"""The headache diary in a real browser: one tap records today, and the progress chart shows it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from plans.clinic_settings import instrument_set
from plans.models import DiaryEntry
from tests.e2e.session import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.plans.helpers import attend, make_plan


def a_patient_in_treatment():
    clinic = make_clinic(name="Harbour Headache Clinic", closed_weekdays=[5, 6])
    therapist = make_user("therapist", clinic, full_name="Sam Rivera")
    patient = make_patient(clinic, therapists=[therapist], full_name="Alex Morgan")
    instrument_set(clinic=clinic, code="hit6", enabled=True)
    today = timezone.localdate()
    plan = make_plan(patient, therapist, start=today - timedelta(days=12))
    for visit in plan.visits.order_by("number")[:2]:
        attend(visit, therapist)
    DiaryEntry.objects.bulk_create(
        DiaryEntry(
            patient=patient,
            date=today - timedelta(days=d),
            headache=d % 4 == 0,
            peak=5 if d % 4 == 0 else None,
            hours=3 if d % 4 == 0 else None,
            simple_doses=1 if d % 4 == 0 else 0,
        )
        for d in range(2, 45)
    )
    return patient


def recorded_days(page) -> tuple[int, int]:
    """(recorded, not recorded) from the peak-intensity chart's description."""
    text = page.locator("#chart-peak-desc").text_content()
    found = re.search(r"\((\d+) days recorded, (\d+) not recorded\)", text)
    return int(found[1]), int(found[2])


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_patient_records_today_in_one_tap_and_the_chart_changes(
    page, visitor, live_server, viewport
):
    patient = a_patient_in_treatment()
    log_in(page, live_server, patient.user)

    page.goto("/progress/")
    visitor.check("progress-before")
    recorded, missing = recorded_days(page)
    assert page.locator('svg[aria-labelledby^="chart-peak-title"]').is_visible()

    page.goto("/diary/")
    visitor.check("diary")
    page.get_by_role("button", name="No headache today").click()
    page.wait_for_url(re.compile(r"/diary/$"))
    visitor.check("diary-after-one-tap")
    assert page.get_by_text("is in your diary for today").is_visible()
    assert DiaryEntry.objects.filter(patient=patient, date=timezone.localdate()).count() == 1

    page.goto("/progress/")
    visitor.check("progress-after")
    assert recorded_days(page) == (recorded + 1, missing - 1)
    page.get_by_text("Show the numbers").first.click()
    visitor.check("progress-numbers-open")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_full_headache_entry_fits_one_screen_and_saves(page, visitor, live_server, viewport):
    patient = a_patient_in_treatment()
    log_in(page, live_server, patient.user)
    yesterday = timezone.localdate() - timedelta(days=1)

    page.goto(f"/diary/{yesterday.isoformat()}/")
    visitor.check("entry-empty")
    assert not page.locator("[data-details]").is_visible()  # details wait for "Yes"
    page.locator("label", has_text="Yes").click()
    page.locator('label[for="id_peak_7"]').click()
    page.get_by_label("How many hours").fill("6")
    page.locator("label", has_text="One side").click()
    page.locator("label", has_text="Throbbing").click()
    page.locator("label", has_text="Nausea").click()
    page.get_by_label("Triptans or ergots").fill("1")
    visitor.check("entry-filled")
    save = page.get_by_role("button", name="Save")
    if viewport == "phone":
        # The whole form, from the yes/no question to Save, is about one 812-px phone screen.
        form = page.locator("form.diary-form").bounding_box()
        assert form["height"] <= 880
    save.click()
    page.wait_for_url(re.compile(r"/diary/$"))
    visitor.check("diary-after-save")

    entry = DiaryEntry.objects.get(patient=patient, date=yesterday)
    assert entry.headache and entry.peak == 7 and entry.triptan_ergot_doses == 1
    assert entry.locations == ["one_side"] and entry.nausea


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_other_patient_pages_pass_the_accessibility_check(page, visitor, live_server, viewport):
    patient = a_patient_in_treatment()
    log_in(page, live_server, patient.user)

    for name, path in [
        ("visits", "/visits/"),
        ("questionnaire", "/questionnaires/hit6/"),
        ("calendar", "/calendar/"),
        ("export", "/my-data/"),
        ("doctor-summary", f"/patients/{patient.public_id}/doctor-summary/"),
    ]:
        page.goto(path)
        visitor.check(name)
    page.goto("/calendar/")
    page.get_by_role("button", name="Create my calendar address").click()
    visitor.check("calendar-with-address")
    assert ".ics" in page.get_by_label("Your private calendar address").input_value()
