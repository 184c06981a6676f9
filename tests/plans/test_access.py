"""The access ladder on every care-plan page: anonymous → login, wrong person → 404 (also for a
page that is not for that role at all), right person → 200. Denials are audited."""

import pytest
from django.urls import reverse

from clinic.models import AuditEvent
from plans.clinic_settings import instrument_set
from plans.models import CalendarFeed, CarePlan, DiaryEntry, Visit
from tests.conftest import login
from tests.plans.helpers import make_entry, make_plan, today

ROLES = (
    "anon",
    "patient",
    "other_patient",
    "therapist",
    "other_therapist",
    "staff",
    "clinic_admin",
    "other_clinic_therapist",
)
LOGIN = "login"


@pytest.fixture
def world(patient, therapist, clinic):
    instrument_set(clinic=clinic, code="hit6", enabled=True)
    plan = make_plan(patient, therapist)
    make_entry(patient, today())
    return {
        "patient": patient.public_id,
        "plan": plan.public_id,
        "visit": plan.visits.first().public_id,
    }


def client_for(request, role):
    if role == "anon":
        return request.getfixturevalue("anon")
    person = request.getfixturevalue(role)
    return login(getattr(person, "user", person))


def row(name, args, expected: dict, default=404):
    return name, args, {role: expected.get(role, default) for role in ROLES}


PATIENT_PAGE = {"anon": LOGIN, "patient": 200, "other_patient": 200}
ASSIGNED = {
    "anon": LOGIN,
    "patient": 404,
    "other_patient": 404,
    "therapist": 200,
    "other_therapist": 404,
    "other_clinic_therapist": 404,
}
TABLE = [
    row("plans:diary", (), PATIENT_PAGE),
    row("plans:diary-entry", ("today",), PATIENT_PAGE),
    row("plans:progress", (), PATIENT_PAGE),
    row("plans:visits", (), PATIENT_PAGE),
    row("plans:export", (), PATIENT_PAGE),
    row("plans:calendar", (), PATIENT_PAGE),
    # Only the patient with a plan has a questionnaire due.
    row("plans:questionnaire", ("hit6",), {"anon": LOGIN, "patient": 200, "other_patient": 404}),
    row("plans:dashboard", (), {"anon": LOGIN, "therapist": 200, "other_therapist": 200,
                                "other_clinic_therapist": 200}),
    row("plans:patient", ("patient",), ASSIGNED),
    row("plans:plan-create", ("patient",), ASSIGNED),
    row("plans:visit", ("visit",), ASSIGNED),
    row(
        "plans:doctor-summary",
        ("patient",),
        {"anon": LOGIN, "patient": 200, "therapist": 200},
        default=404,
    ),
    row("plans:care-settings", (), {"anon": LOGIN, "clinic_admin": 200}),
    row("plans:triggers", (), {"anon": LOGIN, "clinic_admin": 200, "therapist": 200,
                               "other_therapist": 200, "other_clinic_therapist": 200}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "args", "expected"), TABLE, ids=[r[0] for r in TABLE])
@pytest.mark.parametrize("role", ROLES)
def test_access_ladder_for_every_page(request, world, name, args, expected, role):
    url = reverse(name, args=[world.get(a, a) for a in args])

    response = client_for(request, role).get(url)

    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == want, f"{role} on {url}"


WRITES = [
    ("plans:plan-taper", "plan", {"first_every": 2, "first_unit": "weeks", "first_count": 2,
                                  "then_every": 1, "then_unit": "months", "then_count": 1}),
    ("plans:plan-discharge", "plan", {}),
    ("plans:visit", "visit", {"status": "cancelled"}),
    ("plans:visit-move", "visit", {"date": today().isoformat()}),
    ("plans:plan-create", "patient", {"start_date": today().isoformat(), "sessions": 8,
                                      "weeks": 4, "headache_type": "tension_type"}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "key", "data"), WRITES, ids=[w[0] for w in WRITES])
@pytest.mark.parametrize("role", ["other_therapist", "other_clinic_therapist"])
def test_an_unassigned_therapist_cannot_change_a_plan_and_is_audited(
    request, world, name, key, data, role
):
    before = list(Visit.objects.values_list("status", "date").order_by("pk"))

    response = client_for(request, role).post(reverse(name, args=[world[key]]), data)

    assert response.status_code == 404
    assert CarePlan.objects.get().state == CarePlan.State.ACTIVE
    assert list(Visit.objects.values_list("status", "date").order_by("pk")) == before
    assert AuditEvent.objects.filter(outcome="denied").exists()


@pytest.mark.parametrize("name", ["plans:diary-quick", "plans:calendar-issue"])
@pytest.mark.parametrize("role", ["therapist", "staff", "clinic_admin"])
def test_patient_writes_are_refused_to_the_workforce(request, patient, name, role):
    response = client_for(request, role).post(reverse(name), {"day": today().isoformat()})

    assert response.status_code == 404
    assert not DiaryEntry.objects.exists() and not CalendarFeed.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["plans:diary-quick", "plans:plan-discharge", "plans:calendar-revoke", "plans:visit-move"],
)
def test_writes_refuse_get(as_patient, as_therapist, world, name):
    args = {"plans:plan-discharge": [world["plan"]], "plans:visit-move": [world["visit"]]}
    client = as_therapist if name in args else as_patient

    assert client.get(reverse(name, args=args.get(name, []))).status_code == 405


def test_viewing_a_patients_record_is_audited(as_therapist, world, patient, therapist):
    as_therapist.get(reverse("plans:patient", args=[patient.public_id]))

    event = AuditEvent.objects.filter(actor=therapist, outcome="allowed").latest("id")
    assert event.patient_public_id == patient.public_id and event.action == "view_care_plan"


def test_a_patients_own_pages_are_audited(as_patient, patient):
    for name in ("plans:diary", "plans:progress", "plans:visits"):
        as_patient.get(reverse(name))

    actions = set(
        AuditEvent.objects.filter(patient_public_id=patient.public_id).values_list(
            "action", flat=True
        )
    )
    assert {"view_diary", "view_outcomes", "view_care_plan"} <= actions
