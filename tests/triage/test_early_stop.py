"""Emergencies act at once: the questionnaire ends on the step whose answers decide it."""

import pytest
from django.urls import reverse

from tests.triage.test_views import STEP_CODES, step_data, walk
from triage.gate import self_care_gate
from triage.models import Screening, ScreeningDraft
from triage.partial import assess_so_far
from triage.questions import ALL_CLEAR, web_questions
from triage.services import session_stop_submit


def answer(client, code: str, answers: dict):
    return client.post(reverse("triage:step", args=[code]), step_data(code, answers))


def keys_of(*codes: str) -> set[str]:
    return {q.key for code in codes for q in web_questions(code)}


@pytest.mark.parametrize("onset", ["within_1_min", "within_5_min"])
def test_a_sudden_onset_on_step_2_shows_the_emergency_page_at_once(
    as_patient, patient, clinic, onset, mailoutbox, django_capture_on_commit_callbacks
):
    clinic.emergency_number = "999"
    clinic.save()
    answer(as_patient, "about_you", ALL_CLEAR)
    with django_capture_on_commit_callbacks(execute=True):
        response = answer(as_patient, "this_headache", {**ALL_CLEAR, "onset": onset})
    screening = Screening.objects.get()
    assert response["Location"] == reverse("triage:result", args=[screening.public_id])
    assert screening.kind == "early_stop" and screening.disposition == "emergency_now"
    assert set(screening.answers) == keys_of("about_you", "this_headache")
    assert screening.answers["onset"] == onset and screening.ruleset_version == "2026.1"
    assert not ScreeningDraft.objects.filter(patient=patient).exists()
    page = as_patient.get(response["Location"]).content.decode()
    assert "Call 999 now" in page and "you don't need to answer the rest" in page
    assert self_care_gate(patient).state == "blocked"
    assert len(mailoutbox) == 1 and "needs your review" in mailoutbox[0].subject


def test_worst_ever_with_a_sudden_start_ends_on_step_2_as_an_emergency(as_patient):
    answer(as_patient, "about_you", ALL_CLEAR)
    answers = {**ALL_CLEAR, "worst_ever": True, "onset": "within_1_min"}
    answer(as_patient, "this_headache", answers)
    screening = Screening.objects.get()
    assert screening.disposition == "emergency_now"
    assert {"thunderclap_onset", "worst_ever_sudden"} <= {r["code"] for r in screening.reasons}


def test_a_same_day_answer_on_step_1_ends_the_questions_there(as_patient):
    response = answer(as_patient, "about_you", {**ALL_CLEAR, "head_injury": "last_7_days"})
    screening = Screening.objects.get()
    assert response["Location"] == reverse("triage:result", args=[screening.public_id])
    assert screening.disposition == "see_doctor_today" and not screening.self_care_allowed
    assert set(screening.answers) == keys_of("about_you")
    page = as_patient.get(response["Location"]).content.decode()
    assert "contact a doctor today" in page and "We stopped the questions here" in page
    assert "Stop and call" in page  # the emergency safety net stays on the page


def test_a_see_doctor_soon_answer_does_not_end_the_questions(as_patient, patient):
    answer(as_patient, "about_you", ALL_CLEAR)
    response = answer(as_patient, "this_headache", {**ALL_CLEAR, "valsalva_trigger": True})
    assert response["Location"] == reverse("triage:step", args=["other_symptoms"])
    assert not Screening.objects.exists()
    assert ScreeningDraft.objects.get(patient=patient).answers["valsalva_trigger"] is True


def test_the_stored_early_result_is_what_its_stored_answers_decide(as_patient):
    answer(as_patient, "about_you", {**ALL_CLEAR, "age": 70, "pregnancy": "no"})
    answer(as_patient, "this_headache", ALL_CLEAR)
    answer(as_patient, "other_symptoms", {**ALL_CLEAR, "jaw_claudication": True})
    screening = Screening.objects.get()
    again = assess_so_far(screening.answers)
    assert screening.disposition == again.disposition.value == "see_doctor_today"
    assert screening.reasons == [r.to_dict() for r in again.reasons]
    assert screening.excluded_regions == list(again.excluded_regions)


def test_the_doctors_summary_marks_the_questions_not_reached(as_patient):
    answer(as_patient, "about_you", ALL_CLEAR)
    answer(as_patient, "this_headache", {**ALL_CLEAR, "onset": "within_1_min"})
    screening = Screening.objects.get()
    page = as_patient.get(reverse("triage:summary", args=[screening.public_id])).content.decode()
    assert "The questions ended early" in page
    assert page.count("Not asked: the questions ended early") == len(
        [k for k in ALL_CLEAR if k not in screening.answers]
    )


def test_a_patient_who_comes_back_continues_at_the_step_they_reached(as_patient):
    answer(as_patient, "about_you", ALL_CLEAR)
    answer(as_patient, "this_headache", ALL_CLEAR)
    page = as_patient.get(reverse("triage:start")).content.decode()
    resume = reverse("triage:step", args=["other_symptoms"])
    assert f'href="{resume}">Continue where you left off' in page


def test_an_early_result_never_counts_as_a_screening_for_self_care_even_once_cleared(
    as_patient, patient, as_therapist
):
    answer(as_patient, "about_you", ALL_CLEAR)
    answer(as_patient, "this_headache", {**ALL_CLEAR, "worst_ever": True})
    screening = Screening.objects.get()
    as_therapist.post(reverse("triage:clear", args=[screening.public_id]), {"note": "GP saw"})
    gate = self_care_gate(patient)
    assert not gate.open and gate.state == "needs_screening"
    walk(as_patient, ALL_CLEAR)
    assert self_care_gate(patient).open


def test_the_stop_button_after_an_early_result_starts_from_a_complete_answer_set(patient):
    from triage.services import step_answers_save

    step_answers_save(patient=patient, answers={**ALL_CLEAR, "onset": "within_1_min"})
    stop = session_stop_submit(patient=patient, symptoms=["weakness"], resolved=False)
    assert stop.disposition == "emergency_now" and set(stop.answers) == set(ALL_CLEAR)


def test_every_step_is_still_walked_when_nothing_decides_early(as_patient):
    for code in STEP_CODES:
        answer(as_patient, code, ALL_CLEAR)
    assert Screening.objects.get().kind == "full"


def test_an_unreadable_saved_draft_starts_the_questions_again_instead_of_failing(
    as_patient, patient
):
    ScreeningDraft.objects.create(patient=patient, answers={"onset": "sideways"})
    response = answer(as_patient, "about_you", ALL_CLEAR)
    assert response["Location"] == reverse("triage:step", args=["about_you"])
    assert not ScreeningDraft.objects.filter(patient=patient).exists()
    assert not Screening.objects.exists()
