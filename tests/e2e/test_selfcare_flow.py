"""A therapist builds a home plan; the patient runs the guided timer through both sides, logs
it, and on the next routine presses "Stop — I feel unwell" and lands on the result page."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from clinic.models import User
from selfcare.models import HomePlan, PracticeEntry
from tests.factories import PASSWORD, make_clinic, make_patient, make_user, totp_code
from tests.selfcare.utils import load_library
from triage.models import Screening
from triage.questions import ALL_CLEAR
from triage.services import screening_submit


def a_photo() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((1600, 1200), 60).convert("RGB").save(out, format="JPEG")
    return out.getvalue()


def log_in(page, email: str, *, two_factor: bool = False) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    if two_factor:
        page.wait_for_url(re.compile("/accounts/2fa/authenticate/"))
        page.get_by_label(re.compile("code", re.I)).fill(totp_code())  # read off the app now
        page.get_by_role("button", name=re.compile("sign in", re.I)).click()


def choose_routine(page, title: str, *, hold: str) -> None:
    row = page.locator(".builder-row", has_text=title)
    row.get_by_label(f"Include “{title}” in the plan").check()
    if row.locator("details").get_attribute("open") is None:
        row.locator("summary").click()
    row.get_by_label(re.compile(r"^Hold \(")).fill(hold)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_plan_then_guided_practice_then_stop(page, visitor, settings, tmp_path, viewport):
    settings.SELFCARE_TIMER_SPEEDUP = 30
    settings.MEDIA_ROOT = tmp_path
    clinic = make_clinic(name="Harbour Headache Clinic")
    therapist = make_user(User.Role.THERAPIST, clinic, full_name="Sam Rivera")
    patient = make_patient(clinic, therapists=[therapist], full_name="Alex Morgan")
    load_library()
    screening_submit(patient=patient, answers=dict(ALL_CLEAR))

    # The therapist builds the plan.
    log_in(page, therapist.email, two_factor=True)
    page.wait_for_url(re.compile("/therapist/$"))
    page.goto(f"/therapist/patients/{patient.public_id}/home-plan/")
    visitor.check("plan-builder")
    choose_routine(page, "Masseter (jaw muscle) release", hold="30")
    choose_routine(page, "Temporalis (temple) release", hold="30")
    page.get_by_role("button", name="Save as a new version").click()
    page.wait_for_url(re.compile("/home-plan/$"))
    assert page.get_by_text("Saved version 1 of Alex Morgan's home plan.").is_visible()
    visitor.check("plan-saved")
    plan = HomePlan.objects.get()
    assert [i.routine.slug for i in plan.items.all()] == ["masseter-release", "temporalis-release"]

    # The library, and a routine of the therapist's own with a photo.
    page.goto("/library/?region=jaw_left")
    visitor.check("library-jaw")
    assert page.locator(".routine-card").count() == 1
    page.get_by_role("link", name="Add your own routine").click()
    visitor.check("routine-new")
    page.get_by_label("Title").fill("Doorway chest stretch")
    page.get_by_label("Left side of the chest").check()
    page.get_by_label("Right side of the chest").check()
    page.get_by_label("Your fingers").check()
    page.get_by_label("Against a wall").check()
    page.get_by_label("Steps").fill("Stand in a doorway.\nRest your forearm on the frame.")
    page.get_by_label(re.compile(r"^Photo")).set_input_files(
        files=[{"name": "IMG_2040.jpg", "mimeType": "image/jpeg", "buffer": a_photo()}]
    )
    page.get_by_label("Describe the photo").fill("A person leans into a doorway, arm on the frame.")
    page.get_by_role("button", name="Add the routine").click()
    page.wait_for_url(re.compile("/library/doorway-chest-stretch-[0-9a-f]{6}/$"))
    photo = page.get_by_role("img", name="A person leans into a doorway, arm on the frame.")
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 960
    visitor.check("own-routine")
    page.get_by_text("More", exact=True).click()
    page.get_by_role("button", name="Log out").click()
    # Sign-out first wipes this phone's offline copies, then leaves the page.
    page.wait_for_url(lambda url: "/library/" not in url)

    # The patient sees today's plan and starts the first routine.
    log_in(page, patient.user.email)
    page.wait_for_url(re.compile("/today/"))
    assert page.get_by_text("0 of 2", exact=True).is_visible()
    visitor.check("today")
    page.get_by_role("link", name="Start Masseter (jaw muscle) release").click()
    page.wait_for_url(re.compile("/today/practice/masseter-release/"))
    visitor.check("practice")

    timer = page.locator("#timer")
    page.locator(".before-start").get_by_role("radio", name="6", exact=True).check()
    timer.get_by_role("button", name="Start").click()
    phase = page.locator("#timer-phase")
    expect(phase).to_contain_text("left side, spot 1 of 2")
    timer.get_by_role("button", name="Pause").click()
    assert timer.get_attribute("data-state") == "paused"
    frozen = page.locator("#timer-count").text_content()
    page.wait_for_timeout(400)
    assert page.locator("#timer-count").text_content() == frozen
    visitor.check("timer-paused")
    timer.get_by_role("button", name="Resume").click()
    expect(phase).to_contain_text("right side, spot 2 of 2")
    expect(timer).to_have_attribute("data-state", "done")
    expect(phase).to_have_text("Well done")
    assert page.locator("#phase-list li.is-past").count() == 8
    visitor.check("timer-done")
    page.locator(".log-card").get_by_role("radio", name="3", exact=True).check()
    page.get_by_role("button", name="I did it: save").click()
    page.wait_for_url(re.compile("/today/$"))
    assert page.get_by_text("Done: Masseter (jaw muscle) release.").is_visible()
    visitor.check("logged")
    page.get_by_role("link", name="Browse all routines").click()
    visitor.check("patient-library")
    page.get_by_role("link", name="Chin tucks at the wall").click()
    visitor.check("patient-routine")
    page.goto("/today/")
    entry = PracticeEntry.objects.get(patient=patient)
    assert (entry.pain_before, entry.pain_after, entry.with_timer) == (6, 3, True)

    # On the next routine the patient feels unwell and presses Stop.
    page.get_by_role("link", name="Start Temporalis (temple) release").click()
    timer.get_by_role("button", name="Start").click()
    page.get_by_role("link", name="Stop — I feel unwell").click()
    assert timer.get_attribute("data-state") == "paused"
    panel = page.locator("#stop-panel")
    assert panel.is_visible()
    visitor.check("stop-questions")
    panel.get_by_label("Dizziness").check()
    panel.get_by_label("Yes, it has gone").check()
    panel.get_by_role("button", name="Tell my therapist and see what to do").click()
    page.wait_for_url(re.compile(r"/screening/[0-9a-f-]{36}/$"))
    visitor.check("stop-result")
    stop = Screening.objects.get(kind=Screening.Kind.SESSION_STOP)
    assert stop.answers["session_symptoms"] == ["dizziness"] and not stop.self_care_allowed
    assert str(stop.public_id) in page.url
