"""The gate remembers: "something new" until a full screening, unfinished questions, and a
screening never valid for more than 30 days."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from clinic.models import Clinic
from tests.triage.test_views import make_old_screening, walk
from triage.gate import self_care_gate
from triage.models import QuickCheck, ScreeningDraft
from triage.questions import ALL_CLEAR

NOTHING_NEW = dict.fromkeys(
    ("new_headache", "new_symptoms", "injury", "pregnancy", "new_medicines"), "no"
)


def check_on(patient, days_ago: int, **answers) -> QuickCheck:
    values = {key: False for key in NOTHING_NEW} | answers
    return QuickCheck.objects.create(
        patient=patient,
        day=timezone.localdate() - timedelta(days=days_ago),
        answers=values,
        anything_new=any(values.values()),
    )


def test_something_new_yesterday_is_not_undone_by_nothing_new_today(as_patient, patient):
    make_old_screening(patient, 5)
    check_on(patient, 1, new_medicines=True)
    as_patient.post(reverse("triage:quick-check"), NOTHING_NEW)
    assert QuickCheck.objects.filter(day=timezone.localdate(), anything_new=False).exists()
    gate = self_care_gate(patient)
    assert gate.state == "something_new" and not gate.open
    page = as_patient.get(reverse("triage:gate")).content.decode()
    assert "Something has changed" in page


def test_a_full_screening_after_something_new_opens_the_gate_again(as_patient, patient):
    make_old_screening(patient, 5)
    check_on(patient, 1, new_headache=True)
    walk(as_patient, ALL_CLEAR)
    assert self_care_gate(patient).open


def test_an_early_ended_screening_does_not_clear_something_new(as_patient, patient, as_therapist):
    make_old_screening(patient, 5)
    check_on(patient, 1, new_symptoms=True)
    walk(as_patient, {**ALL_CLEAR, "fever": True})  # same-day check: ends on step 3
    early = patient.screenings.get(kind="early_stop")
    as_therapist.post(reverse("triage:clear", args=[early.public_id]), {"note": "GP: viral"})
    assert self_care_gate(patient).state == "something_new"


def test_unfinished_questions_keep_the_gate_shut_and_send_the_patient_back_to_them(
    as_patient, patient
):
    data = {"age": 34, "pregnancy": "no"}
    ScreeningDraft.objects.create(patient=patient, answers=data)
    assert self_care_gate(patient).state == "unfinished"  # no screening yet, questions begun
    make_old_screening(patient, 3)
    check_on(patient, 0)
    assert self_care_gate(patient).open
    draft = ScreeningDraft.objects.create(patient=patient, answers=data)
    assert self_care_gate(patient).state == "unfinished"  # started again since the last one
    ScreeningDraft.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=4))
    assert self_care_gate(patient).open  # a draft older than the screening is not a new start
    ScreeningDraft.objects.filter(pk=draft.pk).update(updated_at=timezone.now())
    page = as_patient.get(reverse("triage:gate")).content.decode()
    assert "Finish your safety questions" in page


def test_an_opened_but_unanswered_questionnaire_is_no_unfinished_screening(as_patient, patient):
    as_patient.get(reverse("triage:step", args=["about_you"]))
    assert ScreeningDraft.objects.filter(patient=patient).exists()
    assert self_care_gate(patient).state == "needs_screening"


def test_the_gate_never_trusts_a_screening_older_than_30_days(patient):
    make_old_screening(patient, 31)
    patient.clinic.screening_valid_days = 90  # as if the database still held an old value
    gate = self_care_gate(patient)
    assert gate.state == "expired" and gate.valid_days == 30


def test_a_clinic_may_shorten_the_validity(patient):
    make_old_screening(patient, 8)
    patient.clinic.screening_valid_days = 7
    patient.clinic.save()
    assert self_care_gate(patient).state == "expired"


def test_the_settings_form_refuses_more_than_30_days_with_a_clear_message(as_clinic_admin, clinic):
    data = {"name": clinic.name, "emergency_number": "112", "accent_colour": "#0f766e",
            "page_size": "A4", "screening_valid_days": 31}  # fmt: skip
    response = as_clinic_admin.post(reverse("clinic:settings"), data)
    assert response.status_code == 200
    assert "never less often than every 30 days" in response.content.decode()
    clinic.refresh_from_db()
    assert clinic.screening_valid_days == 30
    as_clinic_admin.post(reverse("clinic:settings"), {**data, "screening_valid_days": 14})
    clinic.refresh_from_db()
    assert clinic.screening_valid_days == 14


def test_the_database_refuses_more_than_30_days(clinic):
    with pytest.raises(IntegrityError), transaction.atomic():
        Clinic.objects.filter(pk=clinic.pk).update(screening_valid_days=31)


def test_the_migration_clamps_longer_validity_to_30_days(transactional_db):
    executor = MigrationExecutor(connection)
    before = [("clinic", "0004_clinic_closed_weekdays")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("clinic", "Clinic")
    for name, code, days in (("Long", "LONG2345", 90), ("Short", "SHRT2345", 14)):
        old.objects.create(name=name, join_code=code, screening_valid_days=days)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("clinic", "0005_screening_valid_days_at_most_30")])
    days = dict(Clinic.objects.values_list("name", "screening_valid_days"))
    assert days == {"Long": 30, "Short": 14}


def test_the_attention_page_lists_something_new_in_plain_words_until_a_full_screening(
    as_therapist, as_patient, patient
):
    make_old_screening(patient, 5)
    check_on(patient, 1, injury=True)
    page = as_therapist.get(reverse("triage:attention")).content.decode()
    assert patient.name in page and "a fall, accident or knock" in page
    assert "anything_new" not in page and "injury" not in page
    walk(as_patient, ALL_CLEAR)
    assert patient.name not in as_therapist.get(reverse("triage:attention")).content.decode()


def test_the_attention_page_names_the_result_in_words_not_codes(as_therapist, patient):
    from triage.services import screening_submit

    screening_submit(patient=patient, answers={**ALL_CLEAR, "fever": True})
    page = as_therapist.get(reverse("triage:attention")).content.decode()
    assert "See a doctor today" in page and "see_doctor_today" not in page
