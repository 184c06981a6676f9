"""The Neck Disability Index is filled in by the patient like HIT-6, once the clinic switches
it on, and is stored as a percentage."""

from django.urls import reverse

from assessment.instruments import NDI
from assessment.measures import ndi_score
from plans.clinic_settings import instrument_set
from plans.instruments import get_instrument
from plans.models import QuestionnaireResponse
from plans.tokens import new_token
from tests.assessment.helpers import care_plan_for


def test_ndi_is_registered_beside_hit6_and_matches_the_pure_scoring():
    assert get_instrument("ndi") is NDI
    answers = {item.code: "2" for item in NDI.items}
    assert NDI.score(answers).total == ndi_score(dict.fromkeys(answers, 2)).percent == 40
    nine = {**answers, "ndi_10": ""}
    assert NDI.score(nine).total == 40 and NDI.score(nine).answered == 9
    assert NDI.compare(40, 25, "tension_type").meaningful
    assert not NDI.compare(40, 26, "migraine").meaningful


def test_ndi_is_not_offered_until_the_clinic_switches_it_on(as_patient, patient, therapist):
    care_plan_for(patient, therapist)
    assert as_patient.get(reverse("plans:questionnaire", args=["ndi"])).status_code == 404


def test_patient_fills_in_the_ndi_on_their_phone(as_patient, patient, therapist):
    care_plan_for(patient, therapist, days_ago=1)
    instrument_set(clinic=patient.clinic, code="ndi", enabled=True)
    url = reverse("plans:questionnaire", args=["ndi"])
    page = as_patient.get(url)
    assert page.status_code == 200 and "Neck Disability Index" in page.content.decode()
    # The NDI's own introduction, not HIT-6's "how often".
    assert "choose the sentence that fits you best" in page.content.decode()
    assert "how often it applied" not in page.content.decode()
    answers = {item.code: "3" for item in NDI.items}
    response = as_patient.post(url, {**answers, "token": new_token()})
    assert response.status_code == 302
    stored = QuestionnaireResponse.objects.get(patient=patient, instrument="ndi")
    assert (stored.total, stored.band, stored.timepoint) == (60, "severe", "baseline")
