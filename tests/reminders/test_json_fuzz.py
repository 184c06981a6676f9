"""Random JSON posted to the phone's endpoints (queued writes, push subscriptions) never gives a
5xx, whatever its shape."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfcare.models import Routine
from tests.selfcare.utils import make_plan, make_routine, screen

FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(
        ["practice", "diary", "diary-quick", "2026-02-30", "today", "\x00", "x" * 5000]
    ),
)
anything = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
item = st.fixed_dictionaries(
    {},
    optional={
        "key": st.one_of(st.uuids().map(str), scalars),
        "kind": st.one_of(st.sampled_from(["practice", "diary", "diary-quick"]), scalars),
        "slug": st.one_of(st.just("neck-ease"), scalars),
        "day": st.one_of(st.dates().map(str), scalars),
        "fields": anything,
    },
)
bodies = st.one_of(
    st.fixed_dictionaries({"items": st.lists(st.one_of(item, anything), max_size=5)}), anything
)


@FUZZ
@given(body=bodies)
def test_random_queued_writes_never_crash(as_patient, patient, therapist, body):
    if not Routine.objects.filter(slug="neck-ease").exists():
        screen(patient)
        make_plan(patient, therapist, [make_routine(slug="neck-ease")])
    response = as_patient.post("/offline/sync/", json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 400, 413)


@FUZZ
@given(body=anything)
def test_random_subscriptions_never_crash(as_patient, body):
    response = as_patient.post(
        "/reminders/devices/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code in (200, 400)
