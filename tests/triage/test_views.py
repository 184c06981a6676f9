"""The questionnaire, result pages, the gate, the quick check, the stop button, clearance."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from triage.forms import _to_initial
from triage.gate import self_care_gate
from triage.models import QuickCheck, Screening, ScreeningDraft
from triage.questions import ALL_CLEAR, STEPS, web_questions
from triage.services import screening_submit

STEP_CODES = [code for code, _ in STEPS]


def step_data(code: str, answers: dict) -> dict:
    data = _to_initial(web_questions(code), answers)
    return {k: v for k, v in data.items() if v is not None}


def walk(client, answers: dict):
    """Answer the steps in order until the questionnaire shows a result (which may come early)."""
    response = None
    for code in STEP_CODES:
        response = client.post(reverse("triage:step", args=[code]), step_data(code, answers))
        assert response.status_code == 302, response.content.decode()[:2000]
        if "/step/" not in response["Location"]:
            break
    return response


def test_all_clear_walk_stores_the_screening_and_shows_self_care_ok(as_patient, patient):
    response = walk(as_patient, ALL_CLEAR)
    screening = Screening.objects.get()
    assert response["Location"] == reverse("triage:result", args=[screening.public_id])
    assert screening.patient == patient and screening.disposition == "self_care_ok"
    assert screening.answers == ALL_CLEAR and screening.reasons == []
    assert screening.ruleset_version == "2026.1"
    assert not ScreeningDraft.objects.exists()
    page = as_patient.get(response["Location"]).content.decode()
    assert "Self-release is fine for you" in page and reverse("selfcare:today") in page


def test_answers_are_saved_after_each_step(as_patient, patient):
    as_patient.post(reverse("triage:step", args=["about_you"]), step_data("about_you", ALL_CLEAR))
    draft = ScreeningDraft.objects.get(patient=patient)
    assert draft.answers["age"] == 34 and draft.answers["cancer_history"] is False
    page = as_patient.get(reverse("triage:step", args=["about_you"])).content.decode()
    assert 'value="34"' in page
    assert "Continue where you left off" in as_patient.get(reverse("triage:start")).content.decode()


def test_a_missing_answer_is_a_field_error_and_saves_nothing(as_patient, patient):
    data = step_data("about_you", ALL_CLEAR)
    del data["history"]
    response = as_patient.post(reverse("triage:step", args=["about_you"]), data)
    assert response.status_code == 400
    assert "Please answer this question." in response.content.decode()
    assert not ScreeningDraft.objects.filter(patient=patient).exclude(answers={}).exists()


def test_none_of_these_cannot_be_ticked_with_a_symptom(as_patient):
    data = step_data("other_symptoms", ALL_CLEAR)
    data["neuro_symptoms"] = ["none", "weakness"]
    response = as_patient.post(reverse("triage:step", args=["other_symptoms"]), data)
    assert response.status_code == 400 and "not both" in response.content.decode()


def test_an_age_out_of_range_is_refused(as_patient):
    data = {**step_data("about_you", ALL_CLEAR), "age": "7"}
    response = as_patient.post(reverse("triage:step", args=["about_you"]), data)
    assert response.status_code == 400 and not Screening.objects.exists()


def test_skipping_steps_returns_to_the_first_unanswered_step(as_patient):
    last = STEP_CODES[-1]
    response = as_patient.post(reverse("triage:step", args=[last]), step_data(last, ALL_CLEAR))
    assert response["Location"] == reverse("triage:step", args=[STEP_CODES[0]])
    assert not Screening.objects.exists()


def test_unknown_step_is_404(as_patient):
    assert as_patient.get("/screening/step/nope/").status_code == 404


def test_emergency_result_leads_with_the_emergency_number_and_no_self_care(as_patient, clinic):
    clinic.emergency_number = "999"
    clinic.save()
    response = walk(as_patient, {**ALL_CLEAR, "onset": "within_1_min"})
    page = as_patient.get(response["Location"]).content.decode()
    main = page.split('id="main"')[1]
    assert main.index('href="tel:999"') < main.index("<h2")
    assert "Call 999 now" in page
    assert reverse("selfcare:today") not in main
    assert "Stop and call" not in main  # nothing to distract from the call


def test_doctor_result_blocks_self_care_until_a_therapist_clears_it(
    as_patient, patient, as_therapist, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        # Decided only on the last step, so a full screening is stored.
        bp = {"systolic": 145, "diastolic": 85}
        response = walk(as_patient, {**ALL_CLEAR, "pregnancy": "pregnant", "bp": bp})
    screening = Screening.objects.get()
    assert screening.disposition == "see_doctor_today" and not screening.self_care_allowed
    assert screening.kind == "full"
    page = as_patient.get(response["Location"]).content.decode()
    assert reverse("triage:summary", args=[screening.public_id]) in page
    assert self_care_gate(patient).state == "blocked"
    assert mailoutbox and "needs your review" in mailoutbox[0].subject
    assert "pregnan" not in mailoutbox[0].body.lower()  # no health data in email

    clear_url = reverse("triage:clear", args=[screening.public_id])
    as_therapist.post(clear_url, {"note": "   "})
    assert self_care_gate(patient).state == "blocked"
    as_therapist.post(clear_url, {"note": "Seen by midwife 3 May; usual headache."})
    screening.refresh_from_db()
    assert screening.cleared_at and screening.clearance_note.startswith("Seen by midwife")
    assert self_care_gate(patient).open


def test_a_new_all_clear_screening_does_not_lift_an_open_red_flag(as_patient, patient):
    walk(as_patient, {**ALL_CLEAR, "fever": True})
    walk(as_patient, ALL_CLEAR)
    assert self_care_gate(patient).state == "blocked"


def test_summary_lists_answers_reasons_date_and_ruleset(as_patient):
    response = walk(as_patient, {**ALL_CLEAR, "immunosuppressed": True, "history": "new"})
    screening = Screening.objects.get()
    page = as_patient.get(reverse("triage:summary", args=[screening.public_id])).content.decode()
    assert "2026.1" in page and screening.reasons[0]["message"] in page
    assert "How old are you?" in page and response.status_code == 302


@pytest.mark.parametrize(
    "client_fixture", ["as_other_patient", "as_other_therapist", "as_staff", "as_clinic_admin"]
)
def test_someone_elses_screening_is_404(request, patient, client_fixture):
    screening = screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    client = request.getfixturevalue(client_fixture)
    for name in ("triage:result", "triage:summary"):
        assert client.get(reverse(name, args=[screening.public_id])).status_code == 404


def test_unassigned_therapist_cannot_see_history_or_clear(as_other_therapist, patient):
    screening = screening_submit(patient=patient, answers={**ALL_CLEAR, "fever": True})
    url = reverse("triage:patient-history", args=[patient.public_id])
    assert as_other_therapist.get(url).status_code == 404
    response = as_other_therapist.post(
        reverse("triage:clear", args=[screening.public_id]), {"note": "fine"}
    )
    assert response.status_code == 404
    screening.refresh_from_db()
    assert screening.cleared_at is None


def make_old_screening(patient, days: int) -> Screening:
    screening = screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    Screening.objects.filter(pk=screening.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return screening


def test_gate_states(patient):
    assert self_care_gate(patient).state == "needs_screening"
    screening = make_old_screening(patient, 31)
    assert self_care_gate(patient).state == "expired"
    Screening.objects.filter(pk=screening.pk).update(created_at=timezone.now() - timedelta(days=29))
    assert self_care_gate(patient).state == "needs_quick_check"


def test_quick_check_once_a_day_any_yes_needs_the_full_questionnaire(as_patient, patient):
    make_old_screening(patient, 3)
    assert as_patient.get(reverse("triage:gate"))["Location"] == reverse("triage:quick-check")
    answers = {k: "no" for k in ("new_headache", "new_symptoms", "injury", "pregnancy")}
    bad = as_patient.post(reverse("triage:quick-check"), answers)
    assert bad.status_code == 400 and not QuickCheck.objects.exists()
    response = as_patient.post(reverse("triage:quick-check"), {**answers, "new_medicines": "yes"})
    assert response["Location"] == reverse("triage:start")
    assert self_care_gate(patient).state == "something_new"
    # A second submit the same day keeps the first answer.
    as_patient.post(reverse("triage:quick-check"), {**answers, "new_medicines": "no"})
    assert QuickCheck.objects.get().anything_new
    walk(as_patient, ALL_CLEAR)
    assert self_care_gate(patient).open


def test_quick_check_all_no_opens_the_gate(as_patient, patient):
    make_old_screening(patient, 3)
    answers = dict.fromkeys(
        ("new_headache", "new_symptoms", "injury", "pregnancy", "new_medicines"), "no"
    )
    as_patient.post(reverse("triage:quick-check"), answers)
    assert self_care_gate(patient).open


def test_stop_button_runs_the_rules_pauses_the_plan_and_alerts_the_therapist(
    as_patient, patient, as_therapist, mailoutbox, django_capture_on_commit_callbacks
):
    screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    with django_capture_on_commit_callbacks(execute=True):
        response = as_patient.post(
            reverse("triage:stop"),
            {"session_symptoms": ["dizziness"], "session_symptoms_resolved": "yes"},
        )
    stop = Screening.objects.get(kind="session_stop")
    assert response["Location"] == reverse("triage:result", args=[stop.public_id])
    assert stop.disposition == "see_doctor_today"
    assert stop.answers["session_symptoms"] == ["dizziness"]
    assert self_care_gate(patient).state == "blocked"
    assert len(mailoutbox) == 1
    attention = as_therapist.get(reverse("triage:attention")).content.decode()
    assert patient.name in attention


def test_stop_with_no_listed_symptom_still_pauses_the_plan(as_patient, patient):
    screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    as_patient.post(reverse("triage:stop"), {"session_symptoms_resolved": "yes"})
    assert self_care_gate(patient).state == "blocked"


def test_stop_with_unresolved_weakness_is_an_emergency(as_patient, patient):
    as_patient.post(
        reverse("triage:stop"),
        {"session_symptoms": ["weakness"], "session_symptoms_resolved": "no"},
    )
    assert Screening.objects.get().disposition == "emergency_now"


def test_attention_list_shows_only_the_therapists_own_patients(
    as_other_therapist, patient, as_therapist
):
    screening_submit(patient=patient, answers={**ALL_CLEAR, "fever": True})
    assert patient.name not in as_other_therapist.get(reverse("triage:attention")).content.decode()
    assert patient.name in as_therapist.get(reverse("triage:attention")).content.decode()
