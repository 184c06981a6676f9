"""Random, huge, empty, NUL and unicode values posted to every care-plan form never give a
server error, and forms that create rows store none without a valid form token."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.clinic_settings import instrument_set
from plans.models import CarePlan, ClosedDay, DiaryEntry, QuestionnaireResponse, Visit
from tests.plans.helpers import make_plan, today

values = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=5).map(lambda s: s * 3000),
    st.sampled_from(
        [
            "",
            "\x00",
            "-1",
            "0",
            "11",
            "73",
            "999999999999",
            "1e309",
            "NaN",
            "on",
            "yes",
            "no",
            "None",
            "2026-02-30",
            "today",
        ]
    ),
    st.integers().map(str),
)
FIELDS = ["token", "day", "headache", "peak", "hours", "locations", "character", "nausea",
          "simple_doses", "opioid_doses", "triggers", "note", "patient", "start_date",
          "sessions", "weeks", "preferred_weekdays", "headache_type", "visit_time", "status",
          "minutes", "areas", "techniques", "date", "time", "reason", "first_every",
          "first_unit", "first_count", "then_count", "hit6_1", "hit6_2", "enabled",
          "next"]  # fmt: skip
forms = st.dictionaries(st.sampled_from(FIELDS), values, max_size=10)
OK = {200, 302, 400, 403, 404, 413}


@pytest.fixture
def world(patient, therapist, clinic):
    instrument_set(clinic=clinic, code="hit6", enabled=True)
    plan = make_plan(patient, therapist)
    return {"patient": patient, "plan": plan, "visit": plan.visits.first()}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=forms)
def test_random_posts_never_fail_and_store_nothing_without_a_token(
    world, as_patient, as_therapist, as_clinic_admin, data
):
    before = (
        DiaryEntry.objects.count(),
        CarePlan.objects.count(),
        QuestionnaireResponse.objects.count(),
        ClosedDay.objects.filter(date__lt=today()).count(),
        list(Visit.objects.values_list("status", "date").order_by("pk")),
    )
    patient, plan, visit = world["patient"], world["plan"], world["visit"]
    posts = [
        (as_patient, reverse("plans:diary-entry", args=["today"])),
        (as_patient, reverse("plans:diary-quick")),
        (as_patient, reverse("plans:questionnaire", args=["hit6"])),
        (as_therapist, reverse("plans:plan-create", args=[patient.public_id])),
        (as_therapist, reverse("plans:visit", args=[visit.public_id])),
        (as_therapist, reverse("plans:visit-move", args=[visit.public_id])),
        (as_therapist, reverse("plans:plan-taper", args=[plan.public_id])),
        (as_therapist, reverse("plans:trigger-add")),
        (as_clinic_admin, reverse("plans:closed-day-add")),
        (as_clinic_admin, reverse("plans:closed-weekdays")),
        (as_clinic_admin, reverse("plans:instrument-switch", args=["hit6"])),
    ]
    for client, url in posts:
        assert client.post(url, data).status_code in OK, url
    for client, url in [
        (as_therapist, reverse("plans:dashboard")),
        (as_patient, reverse("plans:export")),
        (as_patient, reverse("plans:diary")),
    ]:
        assert client.get(url, data).status_code in OK, url
    assert before[:4] == (
        DiaryEntry.objects.count(),
        CarePlan.objects.count(),
        QuestionnaireResponse.objects.count(),
        ClosedDay.objects.filter(date__lt=today()).count(),
    )
    if data.get("status") not in ("attended", "missed", "cancelled"):
        assert before[4] == list(Visit.objects.values_list("status", "date").order_by("pk"))
