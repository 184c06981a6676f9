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
    page.get_by_label("Triptans or ergots", exact=True).fill("1")
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


# Counts every press of a finger or mouse and every key press, across page loads.
TAP_COUNTER = """
document.addEventListener("pointerdown", function (event) {
  if (event.isTrusted) sessionStorage.taps = String((+sessionStorage.taps || 0) + 1);
}, true);
document.addEventListener("keydown", function () {
  sessionStorage.taps = String((+sessionStorage.taps || 0) + 1);
}, true);
"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_headache_day_with_pain_place_and_medicine_takes_five_taps_from_today(
    page, visitor, live_server, viewport
):
    patient = a_patient_in_treatment()
    log_in(page, live_server, patient.user)
    page.context.add_init_script(TAP_COUNTER)
    page.goto("/today/")
    visitor.check("today")

    page.get_by_role("link", name="I had a headache").click()  # 1
    page.wait_for_url(re.compile(r"/diary/today/\?headache=yes$"))
    assert page.get_by_text("Any headache?").count() == 0  # already answered on Today
    assert page.locator("[data-details]").is_visible()
    visitor.check("entry-headache-given")
    page.locator('label[for="id_peak_6"]').click()  # 2
    page.locator("label", has_text="Both sides").click()  # 3
    page.get_by_role("button", name="One dose more: Triptans or ergots").click()  # 4
    assert page.get_by_label("Triptans or ergots", exact=True).input_value() == "1"
    visitor.check("entry-five-taps")
    page.get_by_role("button", name="Save").click()  # 5
    page.wait_for_url(re.compile(r"/diary/$"))
    assert page.evaluate("+sessionStorage.taps") == 5

    entry = DiaryEntry.objects.get(patient=patient, date=timezone.localdate())
    assert entry.headache and entry.peak == 6 and entry.locations == ["both_sides"]
    assert entry.triptan_ergot_doses == 1 and entry.simple_doses == 0


def test_no_headache_after_all_asks_the_question_again(page, live_server):
    patient = a_patient_in_treatment()
    log_in(page, live_server, patient.user)
    page.goto("/diary/today/?headache=yes")
    page.get_by_role("link", name="No headache after all?").click()
    page.locator("label", has_text="No").first.click()
    assert not page.locator("[data-details]").is_visible()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/diary/$"))
    assert not DiaryEntry.objects.get(patient=patient, date=timezone.localdate()).headache
