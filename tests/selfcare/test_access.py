"""The access ladder for every self-care page: anonymous visitors go to the login page, the
wrong person gets a 404 (also for a page that is not for their role), the right one 200."""

import pytest
from django.urls import reverse

from clinic.models import AuditEvent
from tests.conftest import login

from .utils import load_library, make_plan, make_routine, screen

SLUG = "masseter-release"


@pytest.fixture
def setup(patient, other_patient, therapist, clinic):
    load_library()
    screen(patient)
    screen(other_patient)
    make_plan(patient, therapist, [SLUG])
    own = make_routine(slug="clinic-own", clinic=clinic, owner=therapist)
    return {"patient": patient, "own": own}


def urls(patient) -> dict[str, tuple[str, str]]:
    return {
        "today": ("get", reverse("selfcare:today")),
        "practice": ("get", reverse("selfcare:practice", args=[SLUG])),
        "practice-log": ("post", reverse("selfcare:practice-log", args=[SLUG])),
        "library": ("get", reverse("selfcare:library")),
        "routine": ("get", reverse("selfcare:routine", args=[SLUG])),
        "own-routine": ("get", reverse("selfcare:routine", args=["clinic-own"])),
        "routine-image": ("get", reverse("selfcare:routine-image", args=[SLUG, "small"])),
        "routine-new": ("get", reverse("selfcare:routine-new")),
        "plan-edit": ("get", reverse("selfcare:plan-edit", args=[patient.public_id])),
    }


# Expected status for each role on each page. 302 for the log means the entry was stored.
LADDER = {
    "patient": {"today": 200, "practice": 200, "practice-log": 302, "library": 200,
                "routine": 200, "own-routine": 200, "routine-image": 200, "routine-new": 404,
                "plan-edit": 404},
    "other_patient": {"today": 200, "practice": 404, "practice-log": 404, "library": 200,
                      "routine": 200, "own-routine": 200, "routine-image": 200,
                      "routine-new": 404, "plan-edit": 404},
    "therapist": {"today": 404, "practice": 404, "practice-log": 404, "library": 200,
                  "routine": 200, "own-routine": 200, "routine-image": 200, "routine-new": 200,
                  "plan-edit": 200},
    "other_therapist": {"today": 404, "practice": 404, "practice-log": 404, "library": 200,
                        "routine": 200, "own-routine": 200, "routine-image": 200,
                        "routine-new": 200, "plan-edit": 404},
    "staff": {"today": 404, "practice": 404, "practice-log": 404, "library": 404,
              "routine": 404, "own-routine": 404, "routine-image": 200, "routine-new": 404,
              "plan-edit": 404},
    "clinic_admin": {"today": 404, "practice": 404, "practice-log": 404, "library": 404,
                     "routine": 404, "own-routine": 404, "routine-image": 200,
                     "routine-new": 404, "plan-edit": 404},
    "other_clinic_therapist": {"today": 404, "practice": 404, "practice-log": 404,
                               "library": 200, "routine": 200, "own-routine": 404,
                               "routine-image": 200, "routine-new": 200, "plan-edit": 404},
}  # fmt: skip
CASES = [(who, page, status) for who, pages in LADDER.items() for page, status in pages.items()]


@pytest.mark.parametrize(("who", "page", "status"), CASES)
def test_access_ladder(request, setup, who, page, status):
    user = request.getfixturevalue(who)
    client = login(getattr(user, "user", user))
    method, url = urls(setup["patient"])[page]
    response = getattr(client, method)(url)
    assert response.status_code == status, (who, page)


@pytest.mark.parametrize("page", list(LADDER["patient"]))
def test_anonymous_visitors_are_sent_to_log_in(setup, anon, page):
    method, url = urls(setup["patient"])[page]
    response = getattr(anon, method)(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_unassigned_therapist_is_denied_and_the_denial_is_audited(
    setup, as_other_therapist, other_therapist
):
    url = reverse("selfcare:plan-edit", args=[setup["patient"].public_id])
    assert as_other_therapist.get(url).status_code == 404
    assert as_other_therapist.post(url, {}).status_code == 404
    denied = AuditEvent.objects.filter(actor=other_therapist, outcome="denied")
    assert set(denied.values_list("action", flat=True)) == {"view_home_plan", "change_home_plan"}


def test_viewing_and_changing_a_plan_and_the_practice_log_are_audited(
    setup, as_patient, as_therapist, patient, therapist
):
    as_patient.get(reverse("selfcare:today"))
    as_patient.get(reverse("selfcare:practice", args=[SLUG]))
    as_therapist.get(reverse("selfcare:plan-edit", args=[patient.public_id]))
    events = AuditEvent.objects.filter(patient_public_id=patient.public_id, outcome="allowed")
    assert {(e.actor_id, e.action) for e in events} >= {
        (patient.user_id, "view_home_plan"),
        (patient.user_id, "view_practice"),
        (therapist.pk, "view_home_plan"),
    }


def test_a_patient_whose_gate_is_closed_never_reaches_routines(patient, therapist, as_patient):
    load_library()
    make_plan(patient, therapist, [SLUG])  # a plan, but no screening yet
    page = as_patient.get(reverse("selfcare:today")).content.decode()
    assert "Safety questions first" in page and "Masseter" not in page
    for url in (
        reverse("selfcare:practice", args=[SLUG]),
        reverse("selfcare:library"),
        reverse("selfcare:routine", args=[SLUG]),
    ):
        response = as_patient.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("triage:gate")


def test_a_red_flag_result_pauses_the_plan(setup, as_patient, patient):
    screen(patient, fever=True, stiff_neck=True)
    page = as_patient.get(reverse("selfcare:today")).content.decode()
    assert "Your home plan is paused" in page and "Masseter" not in page
    assert as_patient.get(reverse("selfcare:practice", args=[SLUG])).status_code == 302
