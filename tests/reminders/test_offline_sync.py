"""Writes queued on a phone without a network: stored once however often they are sent, bound
to the signed-in patient, and put through the same gate and validation as the online forms."""

import json
import uuid

import pytest
from django.utils import timezone

from plans.models import DiaryEntry
from selfcare.models import PracticeEntry
from tests.selfcare.utils import make_plan, make_routine, screen
from triage.models import Screening

SYNC = "/offline/sync/"


@pytest.fixture
def plan(patient, therapist):
    screen(patient)
    return make_plan(patient, therapist, [make_routine(slug="neck-ease", title="Neck ease")])


def send(client, *items):
    response = client.post(
        SYNC, json.dumps({"items": list(items)}), content_type="application/json"
    )
    return response


def practice(key=None, **overrides):
    item = {
        "key": str(key or uuid.uuid4()),
        "kind": "practice",
        "slug": "neck-ease",
        "day": timezone.localdate().isoformat(),
        "fields": {"pain_after": ["3"], "with_timer": ["True"]},
    }
    return item | overrides


def diary(key=None, **overrides):
    item = {
        "key": str(key or uuid.uuid4()),
        "kind": "diary",
        "day": timezone.localdate().isoformat(),
        "fields": {"headache": ["yes"], "peak": ["4"], "simple_doses": ["1"],
                   "triptan_ergot_doses": ["0"], "opioid_doses": ["0"], "combination_doses": ["0"]},
    }  # fmt: skip
    return item | overrides


def close_gate(patient):
    Screening.objects.filter(patient=patient).update(self_care_allowed=False)


def test_a_queued_practice_log_sent_twice_is_stored_once(plan, patient, as_patient):
    item = practice()
    first = send(as_patient, item).json()["results"]
    again = send(as_patient, item).json()["results"]

    assert (
        first == again == [{"key": item["key"], "status": "saved", "message": "Done: Neck ease."}]
    )
    entry = PracticeEntry.objects.get(patient=patient)
    assert (entry.pain_after, entry.with_timer) == (3, True)


def test_a_queued_diary_entry_sent_twice_is_stored_once_with_its_values(patient, as_patient):
    item = diary()
    send(as_patient, item)
    send(as_patient, item)

    entry = DiaryEntry.objects.get(patient=patient)
    assert (entry.headache, entry.peak, entry.simple_doses) == (True, 4, 1)
    assert entry.revisions.count() == 0


def test_another_patients_key_never_touches_this_patients_rows(
    plan, patient, other_patient, as_patient, as_other_patient, therapist
):
    screen(other_patient)
    make_plan(other_patient, therapist, [make_routine(slug="jaw-ease", title="Jaw ease")])
    key = uuid.uuid4()
    send(as_patient, practice(key))
    answer = send(as_other_patient, practice(key, slug="jaw-ease")).json()["results"][0]

    assert answer["status"] == "saved"
    assert PracticeEntry.objects.filter(patient=patient).count() == 1
    assert PracticeEntry.objects.filter(patient=other_patient).count() == 1


def test_with_the_gate_closed_practice_is_refused_and_the_diary_accepted(plan, patient, as_patient):
    close_gate(patient)
    results = send(as_patient, practice(), diary()).json()["results"]

    assert results[0]["status"] == "refused"
    assert "Neck ease" in results[0]["message"] and "not saved" in results[0]["message"]
    assert results[1]["status"] == "saved"
    assert not PracticeEntry.objects.exists()
    assert DiaryEntry.objects.filter(patient=patient).count() == 1


def test_a_routine_no_longer_in_the_plan_is_refused_with_a_reason(plan, as_patient):
    result = send(as_patient, practice(slug="gone")).json()["results"][0]
    assert result["status"] == "refused"
    assert "no longer in your home plan" in result["message"]


@pytest.mark.parametrize(
    "item",
    [
        {"key": "not-a-uuid", "kind": "practice"},
        {"key": str(uuid.uuid4()), "kind": "shopping", "day": "2026-01-01"},
        {"key": str(uuid.uuid4()), "kind": "diary", "day": "tomorrow"},
        {"key": str(uuid.uuid4()), "kind": "diary", "day": "2999-01-01", "fields": {}},
        {"key": str(uuid.uuid4()), "kind": "diary", "day": "2000-01-01", "fields": {}},
        {"key": str(uuid.uuid4()), "kind": "practice", "slug": "neck-ease", "day": "2000-01-01"},
    ],
)
def test_unreadable_or_out_of_range_items_are_refused_not_stored(plan, as_patient, item):
    response = send(as_patient, item)
    assert response.status_code == 200
    assert response.json()["results"][0]["status"] == "refused"
    assert not PracticeEntry.objects.exists() and not DiaryEntry.objects.exists()


def test_an_invalid_diary_entry_is_refused_with_the_forms_message(as_patient):
    item = diary(fields={"headache": ["yes"]})
    result = send(as_patient, item).json()["results"][0]
    assert result["status"] == "refused"
    assert "was not saved" in result["message"]


@pytest.mark.parametrize("body", [b"", b"[]", b"{", b'{"items": 3}', b"\x00\xff"])
def test_a_body_that_is_not_a_list_of_items_is_a_400(as_patient, patient, body):
    response = as_patient.post(SYNC, body, content_type="application/json")
    assert response.status_code == 400


def test_workforce_cannot_send_entries(as_therapist):
    assert send(as_therapist, diary()).status_code == 404
    assert not DiaryEntry.objects.exists()
