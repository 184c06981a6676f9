from django.urls import reverse

from assessment.codes import US_DIAGNOSES, US_SERVICES, diagnoses_for, seed_codes, services_for
from assessment.models import DiagnosisCode, ServiceCode
from tests.assessment.helpers import attended_visit


def test_clinic_gets_the_us_examples_once_and_switched_off_codes_stay_off(clinic):
    assert diagnoses_for(clinic).count() == len(US_DIAGNOSES)
    assert {c.code: c.timed for c in services_for(clinic)} == {c: t for c, _, t in US_SERVICES}
    ServiceCode.objects.filter(clinic=clinic).update(active=False)
    seed_codes(clinic)
    assert services_for(clinic).count() == 0


def test_admin_switches_a_code_off_and_adds_one(as_clinic_admin, clinic):
    url = reverse("assessment:codes")
    assert as_clinic_admin.get(url).status_code == 200
    code = ServiceCode.objects.get(clinic=clinic, code="97530")
    assert as_clinic_admin.post(url, {"toggle": f"service:{code.pk}"}).status_code == 302
    code.refresh_from_db()
    assert not code.active
    response = as_clinic_admin.post(
        url, {"add": "1", "kind": "diagnosis", "code": "g44.1", "label": "Vascular headache"}
    )
    assert response.status_code == 302
    assert DiagnosisCode.objects.filter(clinic=clinic, code="G44.1").exists()
    again = as_clinic_admin.post(
        url, {"add": "1", "kind": "diagnosis", "code": "G44.1", "label": "Twice"}
    )
    assert again.status_code == 400 and "already on the list" in again.content.decode()


def test_admin_cannot_toggle_another_clinics_code(as_clinic_admin, other_clinic_therapist):
    seed_codes(other_clinic_therapist.clinic)
    theirs = ServiceCode.objects.get(clinic=other_clinic_therapist.clinic, code="97140")
    as_clinic_admin.post(reverse("assessment:codes"), {"toggle": f"service:{theirs.pk}"})
    theirs.refresh_from_db()
    assert theirs.active


def test_a_switched_off_service_code_is_not_offered_in_the_note(as_therapist, patient, therapist):
    visit = attended_visit(patient, therapist)
    seed_codes(patient.clinic)
    ServiceCode.objects.filter(clinic=patient.clinic, code="97530").update(active=False)
    page = as_therapist.get(reverse("assessment:note", args=[visit.public_id])).content.decode()
    assert "97140" in page and "97530" not in page
