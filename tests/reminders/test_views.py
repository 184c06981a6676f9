"""The patient's reminder page: choices saved in their own time zone, the last reminders and any
failure shown, devices added only for known push services; a therapist's suggestion waits for
the patient."""

import json
import re

import pytest
from django.utils import timezone

from reminders.models import PushDevice, ReminderSchedule, ReminderSend
from tests.selfcare.utils import make_plan, make_routine

PAGE = "/reminders/"


def choose(client, kind="practice", **overrides):
    data = {
        "kind": kind,
        f"{kind}-enabled": "on",
        f"{kind}-weekdays": ["0", "2", "4"],
        f"{kind}-at": "19:30",
        f"{kind}-time_zone": "America/New_York",
        f"{kind}-quiet_from": "",
        f"{kind}-quiet_until": "",
    }
    data.update({f"{kind}-{k}": v for k, v in overrides.items()})
    return client.post(PAGE, data)


def test_anonymous_is_sent_to_log_in_and_workforce_gets_404(anon, as_therapist):
    assert anon.get(PAGE).status_code == 302
    assert as_therapist.get(PAGE).status_code == 404


def test_each_remind_me_box_sits_inside_its_label_before_the_words(as_patient):
    page = as_patient.get(PAGE).content.decode()
    for kind in ("practice", "diary"):
        box = rf'<input type="checkbox" name="{kind}-enabled"[^>]*id="id_{kind}-enabled">'
        label = rf'<label class="check" for="id_{kind}-enabled">{box}<span>Remind me</span></label>'
        assert re.search(label, page), kind


def test_a_patient_saves_a_reminder_in_their_own_time_zone(as_patient, patient):
    response = choose(as_patient)
    assert response.status_code == 302
    reminder = ReminderSchedule.objects.get(patient=patient)
    assert (reminder.kind, reminder.weekdays, reminder.time_zone) == (
        "practice",
        [0, 2, 4],
        "America/New_York",
    )
    assert reminder.at.strftime("%H:%M") == "19:30" and reminder.accepted


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice"),
        ({"weekdays": []}, "Choose at least one day"),
        ({"quiet_from": "18:00", "quiet_until": "08:00"}, "inside your quiet hours"),
        ({"quiet_from": "22:00"}, "Give both ends"),
        ({"at": "25:99"}, "Enter a valid time"),
    ],
)
def test_bad_choices_get_a_clear_message_and_save_nothing(as_patient, overrides, message):
    response = choose(as_patient, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReminderSchedule.objects.exists()


def test_the_page_shows_when_the_last_reminder_went_out_and_what_failed(as_patient, patient):
    now = timezone.now()
    ReminderSend.objects.create(patient=patient, kind="diary", slot=now, status="sent",
                                channel="push")  # fmt: skip
    ReminderSend.objects.create(
        patient=patient, kind="practice", slot=now - timezone.timedelta(days=1), status="failed",
        detail="Phone: The notification service did not accept the reminder.",
    )  # fmt: skip
    page = as_patient.get(PAGE).content.decode()
    assert "Sent" in page
    assert "Could not be delivered" in page and "did not accept the reminder" in page


def test_another_patients_reminders_are_not_shown(as_other_patient, patient):
    ReminderSend.objects.create(patient=patient, kind="diary", slot=timezone.now(),
                                detail="only-for-the-first-patient")  # fmt: skip
    assert "only-for-the-first-patient" not in as_other_patient.get(PAGE).content.decode()


def add_device(client, endpoint, **keys):
    body = {"endpoint": endpoint, "keys": {"p256dh": "BKx" * 20, "auth": "abc123", **keys}}
    return client.post("/reminders/devices/", json.dumps(body), content_type="application/json")


def test_a_device_of_a_known_push_service_is_added(as_patient, patient):
    response = add_device(as_patient, "https://fcm.googleapis.com/fcm/send/abc")
    assert response.status_code == 200
    assert PushDevice.objects.get().patient == patient


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://fcm.googleapis.com/fcm/send/abc",
        "https://internal.example.org/admin",
        "https://fcm.googleapis.com.evil.test/x",
        "file:///etc/passwd",
        "",
    ],
)
def test_other_addresses_are_refused_so_the_server_never_calls_them(as_patient, endpoint):
    response = add_device(as_patient, endpoint)
    assert response.status_code == 400
    assert "not supported" in response.json()["error"]
    assert not PushDevice.objects.exists()


@pytest.mark.parametrize("body", [b"", b"[1]", b"{", b'{"endpoint": 5, "keys": "x"}'])
def test_a_broken_subscription_body_is_a_400(as_patient, body):
    response = as_patient.post("/reminders/devices/", body, content_type="application/json")
    assert response.status_code == 400


def test_a_patient_turns_a_device_off(as_patient, patient):
    PushDevice.objects.create(patient=patient, endpoint="https://fcm.googleapis.com/x",
                              p256dh="k", auth="a")  # fmt: skip
    as_patient.post("/reminders/devices/remove/", {"endpoint": "https://fcm.googleapis.com/x"})
    assert not PushDevice.objects.exists()


def test_a_suggestion_follows_the_plan_and_waits_for_the_patient(
    as_therapist, as_patient, therapist, patient
):
    make_plan(patient, therapist, [make_routine(frequency="every_other_day")],
              frequency="every_other_day")  # fmt: skip
    response = as_therapist.post(f"/therapist/patients/{patient.public_id}/reminders/")
    assert response.status_code == 302
    reminder = ReminderSchedule.objects.get(patient=patient)
    assert reminder.weekdays == [0, 2, 4, 6] and not reminder.accepted
    assert "suggests a practice reminder" in as_patient.get(PAGE).content.decode()

    choose(as_patient, weekdays=["0", "2", "4", "6"], at="18:00")
    reminder.refresh_from_db()
    assert reminder.accepted


def test_an_unassigned_therapist_cannot_suggest(as_other_therapist, patient):
    response = as_other_therapist.post(f"/therapist/patients/{patient.public_id}/reminders/")
    assert response.status_code == 404
    assert not ReminderSchedule.objects.exists()
