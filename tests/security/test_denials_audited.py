"""Finding 3: every access decision is one audited event, allowed or denied, and names the
patient whenever the URL does.

A role check that refuses a page (front desk on a therapist's patient page, a patient on a
therapist's page, a clinic admin on a home plan) writes a denied row; so does a refused
screening PDF. The row names the patient when the user is in the patient's clinic; for anyone
else it names no patient, so the audit trail of a clinic never learns about another clinic's
records (and the answer, the same 404, tells the user nothing either). The patient's access
log and the clinic admin's audit filter show these rows."""

import pytest
from django.urls import reverse

from clinic.models import AuditEvent
from tests.conftest import login

from .routes import ARGS, site_routes, url_for
from .test_access_table import GET, LOGIN
from .world import ROLES, build_world

# URL arguments that name a patient (or one of the patient's records).
NAMING = {"patient", "screening", "care_plan", "visit"}


def naming_routes() -> list[str]:
    probe = {key: key for key in ("patient", "screening", "care_plan", "visit", "routine",
                                  "feed", "invitation", "today", "tomorrow")}  # fmt: skip
    routes = []
    for _, name in site_routes():
        if name not in ARGS:
            continue
        try:
            values = set(ARGS[name](probe).values())
        except Exception:  # builds its record from the world's visit (the assessment routes)
            values = {"visit"}
        if NAMING & values:
            routes.append(name)
    return sorted(routes)


NAMING_ROUTES = naming_routes()


def test_the_routes_that_name_a_patient_are_the_expected_ones():
    assert {"plans:patient", "selfcare:plan-edit", "handouts:screening-pdf", "plans:visit",
            "triage:result", "clinic:assign"} <= set(NAMING_ROUTES)  # fmt: skip


@pytest.mark.parametrize("name", NAMING_ROUTES)
def test_every_decision_on_a_patients_page_is_one_audited_event(db, name):
    world = build_world()
    url = url_for(name, world)
    patient_id = world.args["patient"]
    for role, expected in zip(ROLES, GET[name], strict=True):
        if expected == LOGIN:
            continue
        before = set(AuditEvent.objects.values_list("pk", flat=True))
        response = world.client(role).get(url)
        new = list(AuditEvent.objects.exclude(pk__in=before))
        if expected in (403, 404):
            assert response.status_code == expected
            assert len(new) == 1, f"{role} GET {url}: {len(new)} audit rows for one denial"
            event = new[0]
            assert event.outcome == AuditEvent.Outcome.DENIED, f"{role} GET {url}"
            assert event.actor_id == world.users[role].pk
            same_clinic = role != "outsider"
            assert event.patient_public_id == (patient_id if same_clinic else None), (
                f"{role} GET {url}: denied row names {event.patient_public_id}"
            )
            assert event.clinic_id == world.users[role].clinic_id
        elif expected == 200:
            allowed = [e for e in new if e.outcome == AuditEvent.Outcome.ALLOWED]
            assert allowed, f"{role} GET {url}: allowed but not audited"
            assert all(e.patient_public_id == patient_id for e in allowed), f"{role} GET {url}"
            assert not [e for e in new if e.outcome == AuditEvent.Outcome.DENIED]


def test_front_desk_on_a_therapists_patient_page(as_staff, staff, patient):
    response = as_staff.get(reverse("plans:patient", args=[patient.public_id]))
    assert response.status_code == 404
    event = AuditEvent.objects.get()
    assert (event.actor, event.outcome, event.patient_public_id) == (
        staff,
        "denied",
        patient.public_id,
    )


def test_a_patient_on_a_therapists_page_about_another_patient(as_other_patient, patient):
    response = as_other_patient.get(reverse("selfcare:plan-edit", args=[patient.public_id]))
    assert response.status_code == 404
    event = AuditEvent.objects.get()
    assert (event.outcome, event.patient_public_id) == ("denied", patient.public_id)


def test_a_clinic_admin_on_a_home_plan(as_clinic_admin, clinic_admin, patient):
    for url in (
        reverse("selfcare:plan-edit", args=[patient.public_id]),
        reverse("handouts:plan-pdf", args=[patient.public_id]),
    ):
        assert as_clinic_admin.get(url).status_code == 404
    events = AuditEvent.objects.filter(actor=clinic_admin)
    assert events.count() == 2
    assert {(e.outcome, e.patient_public_id) for e in events} == {("denied", patient.public_id)}


def test_a_refused_screening_pdf_names_the_patient(as_other_therapist, patient, other_therapist):
    from triage.questions import ALL_CLEAR
    from triage.services import screening_submit

    screening = screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    before = AuditEvent.objects.count()
    response = as_other_therapist.get(reverse("handouts:screening-pdf", args=[screening.public_id]))
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.filter(actor=other_therapist).get()
    assert (event.action, event.outcome, event.patient_public_id) == (
        "print_screening_summary",
        "denied",
        patient.public_id,
    )


def test_a_user_of_another_clinic_learns_nothing_and_is_audited_without_the_patient(
    patient, other_clinic_therapist
):
    client = login(other_clinic_therapist)
    for url in (
        reverse("plans:patient", args=[patient.public_id]),
        reverse("selfcare:plan-edit", args=[patient.public_id]),
    ):
        assert client.get(url).status_code == 404
    events = AuditEvent.objects.filter(actor=other_clinic_therapist)
    assert events.count() == 2
    assert {(e.outcome, e.patient_public_id, e.clinic_id) for e in events} == {
        ("denied", None, other_clinic_therapist.clinic_id)
    }


def test_the_patients_access_log_and_the_admins_filter_show_the_denials(
    as_staff, as_clinic_admin, as_patient, patient, staff
):
    as_staff.get(reverse("plans:patient", args=[patient.public_id]))
    as_clinic_admin.get(reverse("selfcare:plan-edit", args=[patient.public_id]))
    page = as_patient.get(reverse("clinic:my-access-log")).content.decode()
    assert page.count("refused</span>") == 2
    assert staff.display_name in page and "Opened a page about the patient" in page
    filtered = as_clinic_admin.get(
        reverse("clinic:audit-log"), {"patient": patient.name, "outcome": "denied"}
    ).content.decode()
    assert staff.display_name in filtered
    assert filtered.count('badge-danger">Refused') == 2
