"""The red-flag questionnaire in a real browser, walked to each kind of result page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.session import log_in
from tests.factories import make_clinic, make_patient
from triage.questions import ALL_CLEAR


def answer_step(page, answers: dict, keys: list[str]):
    for key in keys:
        value = answers[key]
        if isinstance(value, bool):
            page.locator(f'input[name="{key}"][value="{"yes" if value else "no"}"]').check()
        elif isinstance(value, int):
            page.locator(f'input[name="{key}"]').fill(str(value))
        elif isinstance(value, list):
            for item in value or ["none"]:
                page.locator(f'input[name="{key}"][value="{item}"]').check()
        elif value is None:  # blood pressure not known
            page.locator('input[name="bp_known"][value="no"]').check()
        else:
            page.locator(f'input[name="{key}"][value="{value}"]').check()


STEP_KEYS = {
    "about_you": ["age", "pregnancy", "history", "cancer_history", "immunosuppressed",
                  "head_injury"],
    "this_headache": ["onset", "worst_ever", "progressive", "wakes_from_sleep", "position",
                      "valsalva_trigger", "aura"],
    "other_symptoms": ["fever", "stiff_neck", "confusion", "neuro_symptoms", "vision",
                       "red_painful_eye", "pulsatile_tinnitus", "vomiting", "jaw_claudication",
                       "scalp_tenderness"],
    "medicines": ["headache_days_per_month", "simple_analgesic_days_per_month",
                  "specific_medicine_days_per_month", "anticoagulant", "new_medicine"],
    "body_safety": ["bp", "bp_uncontrolled", "blood_clot", "severe_osteoporosis",
                    "recent_fracture_regions", "infection_regions", "active_cancer_regions"],
}  # fmt: skip

RESULT = re.compile(r"/screening/[0-9a-f-]{36}/$")

CASES = [
    ("self_care_ok", {}, "Self-release is fine for you"),
    ("self_care_caution", {"recent_fracture_regions": ["shoulder_left"]}, "with some limits"),
    ("see_doctor_soon", {"valsalva_trigger": True}, "in the next few days"),
    ("see_doctor_today", {"fever": True}, "contact a doctor today"),
    ("emergency_now", {"onset": "within_1_min"}, "Call 112 now"),
]


@pytest.mark.parametrize(("disposition", "changes", "heading"), CASES)
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_questionnaire_walks_to_each_result(
    page, visitor, live_server, disposition, changes, heading, viewport
):
    patient = make_patient(make_clinic(name="Harbour Headache Clinic"))
    log_in(page, live_server, patient.user)
    answers = {**ALL_CLEAR, **changes}
    page.goto("/screening/")
    visitor.check("start")
    page.get_by_role("link", name="Start the questions").click()
    for number, (step, keys) in enumerate(STEP_KEYS.items(), start=1):
        expect(page.get_by_text(f"Step {number} of 5").first).to_be_visible()
        if number == 1:
            # Submitting an empty step shows kind errors and keeps the patient on the step.
            page.get_by_role("button", name="Next").click()
            expect(page.get_by_text("Please answer this question.").first).to_be_visible()
            visitor.check(f"{step}-errors")
        answer_step(page, answers, keys)
        visitor.check(step)
        page.get_by_role("button", name=re.compile("Next|See my result")).click()
        page.wait_for_load_state("load")
        if RESULT.search(page.url):  # an answer that decides on its own ends the questions
            break
    page.wait_for_url(RESULT)
    visitor.check(f"result-{disposition}")
    assert heading in page.content()
    if disposition == "emergency_now":
        call = page.get_by_role("link", name="Call 112").first
        assert call.get_attribute("href") == "tel:112"
        assert call.is_visible()
    if disposition in ("see_doctor_today", "see_doctor_soon"):
        page.get_by_role("link", name=re.compile("summary to print")).click()
        visitor.check("summary")
        assert "rules version" in page.content()


def test_follow_up_question_appears_only_when_it_applies(page, visitor, live_server):
    patient = make_patient(make_clinic())
    log_in(page, live_server, patient.user)
    page.goto("/screening/step/body_safety/")
    follow_up = page.locator('[data-shown-when="active_cancer_regions"]')
    assert follow_up.is_hidden()
    page.locator('input[name="active_cancer_regions"][value="scalp"]').check()
    assert follow_up.is_visible()
    systolic = page.locator('[data-shown-when-yes="bp_known"]').first
    assert systolic.is_hidden()
    page.locator('input[name="bp_known"][value="yes"]').check()
    assert systolic.is_visible()
    visitor.check("body-safety-follow-ups")


@pytest.mark.parametrize("viewport", ["phone"])
def test_within_1_minute_on_step_2_shows_the_emergency_page_at_once(
    page, visitor, live_server, viewport
):
    patient = make_patient(make_clinic(name="Harbour Headache Clinic"))
    log_in(page, live_server, patient.user)
    page.goto("/screening/step/about_you/")
    answer_step(page, ALL_CLEAR, STEP_KEYS["about_you"])
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Step 2 of 5").first).to_be_visible()
    answer_step(page, {**ALL_CLEAR, "onset": "within_1_min"}, STEP_KEYS["this_headache"])
    page.get_by_role("button", name="Next").click()
    page.wait_for_url(RESULT)
    visitor.check("emergency-at-once")
    assert "Step 3 of 5" not in page.content()
    assert page.get_by_role("heading", name="Call 112 now").is_visible()
    call = page.get_by_role("link", name="Call 112").first
    assert call.get_attribute("href") == "tel:112" and call.is_visible()


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_patient_who_leaves_after_step_2_comes_back_to_step_3(
    page, visitor, live_server, viewport
):
    patient = make_patient(make_clinic())
    log_in(page, live_server, patient.user)
    page.goto("/screening/step/about_you/")
    for number, step in enumerate(("about_you", "this_headache"), start=2):
        answer_step(page, ALL_CLEAR, STEP_KEYS[step])
        page.get_by_role("button", name="Next").click()
        expect(page.get_by_text(f"Step {number} of 5").first).to_be_visible()
    page.goto("/screening/")
    page.get_by_role("link", name="Continue where you left off").click()
    expect(page.get_by_text("Step 3 of 5").first).to_be_visible()
    visitor.check("resumed")
    assert "/screening/step/other_symptoms/" in page.url


@pytest.mark.parametrize("viewport", ["phone"])
def test_something_new_yesterday_still_asks_for_the_full_questions_today(
    page, visitor, live_server, viewport
):
    from datetime import timedelta

    from django.utils import timezone

    from triage.models import QuickCheck, Screening
    from triage.services import screening_submit

    patient = make_patient(make_clinic())
    screening = screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    Screening.objects.filter(pk=screening.pk).update(created_at=timezone.now() - timedelta(days=3))
    yesterday = timezone.localdate() - timedelta(days=1)
    QuickCheck.objects.create(
        patient=patient, day=yesterday, answers={"new_medicines": True}, anything_new=True
    )
    log_in(page, live_server, patient.user)
    page.goto("/screening/before-practice/")
    visitor.check("something-new")
    assert page.get_by_role("heading", name="Something has changed").is_visible()
    page.get_by_role("link", name="Answer the questions").click()
    expect(page.get_by_role("link", name="Start the questions")).to_be_visible()
