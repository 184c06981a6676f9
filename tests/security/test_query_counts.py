"""Every page runs a small, fixed number of queries: the same with 1 row of everything as
with 50 (a paginator may add its one COUNT once a second page exists), and no more than its
ceiling: 15 for the pages people use most (the benchmarked ones), 20 for other pages, 30 for
PDFs (they also pass the shared-cache rate limit and the PDF cache). An N+1 regression fails
here."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clinic.models import Patient, User
from plans.models import DiaryEntry, Visit
from selfcare.models import HomePlan, PracticeEntry
from selfcare.services import Dose, plan_save
from tests.factories import make_patient
from triage.questions import ALL_CLEAR
from triage.services import screening_submit

from .routes import site_routes, url_for
from .test_access_table import GET
from .world import ROLES, build_world

BENCHMARKED = {
    "clinic:ping", "selfcare:today", "plans:diary", "plans:progress", "plans:dashboard",
    "selfcare:library", "handouts:desk",
}  # fmt: skip


def ceiling(name: str) -> int:
    if name in BENCHMARKED:
        return 15
    is_pdf = name.startswith("handouts:") and name != "handouts:desk" or name.endswith("-pdf")
    return 30 if is_pdf else 20


ROWS = 50
PAGES = [
    (name, role)
    for _, name in site_routes()
    for role, code in zip(ROLES, GET[name], strict=True)
    if code == 200 and role in ("patient", "therapist", "staff", "clinic_admin")
]
# The first role that can open each page is enough.
PAGES = list({name: (name, role) for name, role in reversed(PAGES)}.values())


def grow(world) -> None:
    """Fifty of everything a page might list."""
    patient = Patient.objects.get(public_id=world.args["patient"])
    therapist = world.users["therapist"]
    today = timezone.localdate()
    plan = HomePlan.objects.current_for(patient)
    routine = plan.items.first().routine
    for back in range(1, ROWS + 1):
        day = today - timedelta(days=back)
        DiaryEntry.objects.create(patient=patient, date=day, headache=back % 3 == 0,
                                  peak=5 if back % 3 == 0 else None)  # fmt: skip
        PracticeEntry.objects.create(patient=patient, routine=routine, day=day,
                                     token=uuid.uuid4())  # fmt: skip
    for _ in range(ROWS):
        screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    care = patient.care_plans.first()
    for number in range(9, 9 + ROWS):
        Visit.objects.create(plan=care, number=number, date=today + timedelta(days=number))
    for _ in range(ROWS):
        other = make_patient(patient.clinic, therapists=[therapist])
        screening_submit(patient=other, answers={**ALL_CLEAR, "fever": _ % 5 == 0})
        plan_save(patient=other, therapist=therapist, doses=[Dose(routine, 60, 2, "both", "daily")])
        DiaryEntry.objects.create(patient=other, date=today, headache=False)


def count(client, url) -> tuple[int, int]:
    client.get(url)  # the first request settles the session (two-factor flag, last seen)
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    return len(captured), status


@pytest.mark.parametrize(("name", "role"), PAGES, ids=[f"{n}-{r}" for n, r in PAGES])
def test_query_count_is_small_and_flat(db, name, role):
    world = build_world()
    client = world.client(role)
    url = url_for(name, world)
    small, status = count(client, url)
    assert status == 200
    grow(world)
    assert User.objects.count() > ROWS
    large, status = count(client, url)
    assert status == 200
    assert large <= small + 1, f"{url}: {small} queries with 1 row, {large} with {ROWS}"
    assert large <= ceiling(name), f"{url}: {large} queries"
