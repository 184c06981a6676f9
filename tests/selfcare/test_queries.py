"""Each page runs the same number of queries with one plan item or routine as with many."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from selfcare.models import HomePlan, PracticeEntry, Routine
from tests.factories import make_patient

from .utils import make_plan, make_routine, screen

MAX_QUERIES = 30


def queries_for(client, url) -> int:
    client.get(url)  # warm up: session and two-factor checks happen on the first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(patient, therapist, clinic, *, routines: int, days: int, patients: int):
    """A bigger world: more routines in the plan and library, more practice, more versions,
    more patients on the therapist's list (half of them with an excluded region)."""
    made = [make_routine(regions=["upper_back"]) for _ in range(routines)]
    made += [make_routine(clinic=clinic, owner=therapist) for _ in range(2)]
    first = make_plan(patient, therapist, ["first", *made])
    HomePlan.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days))
    plan = make_plan(patient, therapist, ["first", *made], hold_seconds=45)
    for back in range(days):
        for item in plan.items.all():
            PracticeEntry.objects.create(
                patient=patient, routine=item.routine, plan_item=item, token=uuid.uuid4(),
                day=timezone.localdate() - timedelta(back),
            )  # fmt: skip
    for n in range(patients):
        other = make_patient(clinic, therapists=[therapist])
        screen(other, recent_fracture_regions=["shoulder_left"] if n % 2 else [])


@pytest.fixture
def world(patient, therapist, clinic):
    make_routine(slug="first", regions=["shoulder_left", "shoulder_right"])
    screen(patient)
    make_plan(patient, therapist, ["first"])

    def urls():
        return {
            "today": ("patient", reverse("selfcare:today")),
            "practice": ("patient", reverse("selfcare:practice", args=["first"])),
            "library (patient)": ("patient", reverse("selfcare:library")),
            "routine (patient)": ("patient", reverse("selfcare:routine", args=["first"])),
            "library (therapist)": (
                "therapist",
                reverse("selfcare:library") + f"?for_patient={patient.public_id}",
            ),
            "routine (therapist)": ("therapist", reverse("selfcare:routine", args=["first"])),
            "plan builder": (
                "therapist",
                reverse("selfcare:plan-edit", args=[patient.public_id]) + "?template=1",
            ),
        }

    return urls


PAGES = [
    "today",
    "practice",
    "library (patient)",
    "routine (patient)",
    "library (therapist)",
    "routine (therapist)",
    "plan builder",
]


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_data(
    world, page, patient, therapist, clinic, as_patient, as_therapist,
    django_assert_max_num_queries,
):  # fmt: skip
    who, url = world()[page]
    client = as_patient if who == "patient" else as_therapist
    small = queries_for(client, url)
    grow(patient, therapist, clinic, routines=12, days=30, patients=6)
    assert Routine.objects.count() > 14
    client.get(url)  # the first view of the new plan version records that it was seen, once
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
    assert small <= MAX_QUERIES
