"""Random, huge, empty, NUL and unicode values posted to every self-care form never give a
server error and never store a row."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfcare.models import HomePlan, PracticeEntry, Routine

from .utils import load_library, make_plan, screen

values = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=5).map(lambda s: s * 3000),
    st.sampled_from(["", "\x00", "-1", "0", "11", "999999999999", "1e9", "on", "yes", "None"]),
    st.integers().map(str),
)
FIELDS = ["token", "pain_before", "pain_after", "with_timer", "title", "regions", "tools",
          "position", "steps", "hold_seconds_min", "hold_seconds_max", "hold_seconds_default",
          "spots_per_side", "sides", "frequency", "allow_long", "template_name", "patient",
          "r1-include", "r1-hold_seconds", "r1-spots_per_side", "r1-sides", "r1-note"]  # fmt: skip
forms = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)
OK = {200, 302, 400, 403, 404, 413}


@pytest.fixture
def world(patient, therapist):
    load_library()
    screen(patient)
    make_plan(patient, therapist, ["masseter-release"])
    return patient


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=forms)
def test_random_posts_never_fail_and_store_nothing(world, as_patient, as_therapist, data):
    counts = (HomePlan.objects.count(), PracticeEntry.objects.count(), Routine.objects.count())
    posts = [
        (as_patient, reverse("selfcare:practice-log", args=["masseter-release"])),
        (as_therapist, reverse("selfcare:plan-edit", args=[world.public_id])),
        (as_therapist, reverse("selfcare:routine-new")),
    ]
    for client, url in posts:
        assert client.post(url, data).status_code in OK
    for client in (as_patient, as_therapist):
        assert client.get(reverse("selfcare:library"), data).status_code in OK
    assert (HomePlan.objects.count(), PracticeEntry.objects.count(), Routine.objects.count()) == (
        counts
    )
