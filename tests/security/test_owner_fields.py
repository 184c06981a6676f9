"""Owners come from the request, never from the form: posted patient, owner and therapist
fields are ignored."""

from django.urls import reverse
from django.utils import timezone

from plans.models import DiaryEntry
from tests.plans.helpers import diary_post
from triage.models import Screening


def test_a_diary_entry_posted_for_someone_else_lands_in_the_posters_own_diary(
    as_patient, patient, other_patient
):
    day = timezone.localdate().isoformat()
    forged = {"patient": other_patient.public_id, "patient_id": other_patient.pk,
              "owner": other_patient.user.pk, "user": other_patient.user.pk}  # fmt: skip
    as_patient.post(reverse("plans:diary-entry", args=[day]), diary_post(**forged))
    assert DiaryEntry.objects.get().patient == patient
    assert not DiaryEntry.objects.filter(patient=other_patient).exists()


def test_a_stop_posted_for_someone_else_is_the_posters_own(as_patient, patient, other_patient):
    as_patient.post(
        reverse("triage:stop"),
        {"session_symptoms": ["dizziness"], "session_symptoms_resolved": "yes",
         "patient": other_patient.public_id, "patient_id": other_patient.pk},
    )  # fmt: skip
    assert Screening.objects.get().patient == patient
