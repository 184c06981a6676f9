"""The pages that list a clinic's patients stay the same size as the clinic grows: the
therapist's dashboard, the therapist's routine library and the print desk send the same number
of queries and show at most one page of rows whether the caseload is 3 patients or 60."""

import re
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from handouts.desk import VISITS_PER_PAGE
from plans.dashboard import PAGE_SIZE
from plans.models import CarePlan, DiaryEntry, Visit
from tests.factories import make_patient

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 60


def add_patients(clinic, therapist, count: int) -> None:
    today = timezone.localdate()
    for n in range(count):
        patient = make_patient(clinic, therapists=[therapist], full_name=f"Growth Patient {n:03}")
        plan = CarePlan.objects.create(
            patient=patient, therapist=therapist, start_date=today - timedelta(days=14),
            idempotency_key=uuid.uuid4(),
        )  # fmt: skip
        for number, back in enumerate((-1, 0, 1), start=1):
            Visit.objects.create(plan=plan, number=number, date=today + timedelta(days=back))
        DiaryEntry.objects.create(
            patient=patient, date=today - timedelta(days=n % 9), headache=True
        )


def measure(client, url: str, row: str) -> tuple[int, int]:
    client.get(url)  # settles the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(re.findall(row, response.content.decode()))


PAGES = [
    # client fixture, url, what one listed patient looks like in the HTML, most rows allowed
    ("as_therapist", "plans:dashboard", r'<tr[^>]*>\s*<t[dh][^>]*>\s*<a href="/therapist/patients/',
     PAGE_SIZE),
    ("as_therapist", "selfcare:library", r"Growth Patient", 0),
    ("as_staff", "handouts:desk", r"Growth Patient", 2 * VISITS_PER_PAGE),
]  # fmt: skip


@pytest.mark.parametrize("client_name, name, row, most", PAGES)
def test_a_page_sends_the_same_queries_and_at_most_a_page_of_rows_for_a_larger_caseload(
    request, clinic, therapist, client_name, name, row, most
):
    client = request.getfixturevalue(client_name)
    url = reverse(name)
    add_patients(clinic, therapist, SMALL)
    small_queries, small_rows = measure(client, url, row)
    add_patients(clinic, therapist, LARGE - SMALL)
    large_queries, large_rows = measure(client, url, row)

    assert large_queries == small_queries
    assert large_rows <= most
    if most:  # the list is there at both sizes, and full once the caseload is large
        assert small_rows >= SMALL and large_rows == most


def test_the_library_finds_a_patient_to_check_against_by_name_with_a_limit(
    as_therapist, clinic, therapist
):
    add_patients(clinic, therapist, 15)
    url = reverse("selfcare:library")

    many = as_therapist.get(url, {"patient": "growth"}).content.decode()
    one = as_therapist.get(url, {"patient": "Patient 007"})

    assert many.count("Growth Patient") == 10 and "type more of the name" in many
    assert one.context["for_patient"].name == "Growth Patient 007"
    assert (
        "No patient in your caseload matches"
        in as_therapist.get(url, {"patient": "nobody-like-this"}).content.decode()
    )
