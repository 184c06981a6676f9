"""Sending due reminders through a real (local) push service: the payload is encrypted per
RFC 8291 and says nothing clinical; a dead device is dropped and email takes over; a logged day
or a closed gate means no practice reminder; a slot is sent once, even by two workers at once."""

import ast
import json
import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import mail
from django.utils import timezone

from reminders import services
from reminders.models import Kind, PushDevice, ReminderSend
from reminders.schedule import local_day
from selfcare.models import PlanItem, PracticeEntry
from tests.factories import make_patient
from tests.selfcare.utils import make_plan, make_routine, screen
from triage.models import Screening

from .pushserver import Browser

ZONE = "Europe/Berlin"
ROOT = Path(__file__).resolve().parents[2]
CLINICAL_WORDS = ("headache", "pain", "migraine", "symptom", "medication", "diary of", "red flag")


def due_now(patient, kind=Kind.PRACTICE, now=None):
    """A reminder for every day at the current minute in Berlin, so it is due right now."""
    now = now or timezone.now()
    local = now.astimezone(ZoneInfo(ZONE))
    at = local.time().replace(second=0, microsecond=0)
    choice = services.Choice(
        kind=kind, enabled=True, weekdays=tuple(range(7)), at=at, time_zone=ZONE
    )
    return services.reminder_save(patient=patient, choice=choice)


def ready_patient(therapist, clinic=None):
    patient = make_patient(clinic or therapist.clinic, therapists=[therapist])
    screen(patient)
    make_plan(patient, therapist, [make_routine()])
    return patient


def subscribe(patient, server, path="/push/1"):
    browser = Browser()
    services.device_save(
        patient=patient, endpoint=server.url(path), p256dh=browser.p256dh, auth=browser.auth,
        label="Phone",
    )  # fmt: skip
    return browser


def test_a_due_reminder_reaches_the_device_encrypted_and_says_nothing_clinical(
    push_server, therapist
):
    patient = ready_patient(therapist)
    browser = subscribe(patient, push_server)
    due_now(patient)

    counts = services.send_due()

    assert counts["sent"] == 1
    [(path, headers, body)] = push_server.received
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["authorization"].startswith("vapid t=")
    payload = json.loads(browser.decrypt(body))
    assert payload["url"] == "/today/"
    text = f"{payload['title']} {payload['body']}".lower()
    assert not [word for word in CLINICAL_WORDS if word in text]
    send = ReminderSend.objects.get()
    assert (send.status, send.channel) == ("sent", "push")
    assert PushDevice.objects.get().last_sent_at is not None


def test_a_diary_reminder_opens_the_diary(push_server, therapist):
    patient = ready_patient(therapist)
    browser = subscribe(patient, push_server)
    due_now(patient, Kind.DIARY)
    services.send_due()
    [(_, _, body)] = push_server.received
    assert json.loads(browser.decrypt(body))["url"] == "/diary/"


def test_a_device_that_answers_410_is_dropped_and_email_takes_over(push_server, therapist):
    patient = ready_patient(therapist)
    push_server.status["/gone"] = 410
    subscribe(patient, push_server, "/gone")
    due_now(patient)

    services.send_due()

    assert not PushDevice.objects.exists()
    assert [m.to for m in mail.outbox] == [[patient.user.email]]
    assert "/today/" in mail.outbox[0].body
    send = ReminderSend.objects.get()
    assert (send.status, send.channel) == ("sent", "email")
    assert "removed" in send.detail


def test_a_push_service_error_without_email_is_a_visible_failure(push_server, therapist):
    patient = ready_patient(therapist)
    patient.user.email = ""
    patient.user.save(update_fields=["email"])
    push_server.status["/broken"] = 500
    subscribe(patient, push_server, "/broken")
    due_now(patient)

    services.send_due()

    send = ReminderSend.objects.get()
    assert send.status == "failed"
    assert "did not accept" in send.detail
    assert PushDevice.objects.exists()  # a 500 is not a reason to forget the device


def test_no_practice_reminder_when_today_is_already_logged(push_server, therapist):
    patient = ready_patient(therapist)
    subscribe(patient, push_server)
    reminder = due_now(patient)
    item = PlanItem.objects.get(plan__patient=patient)
    PracticeEntry.objects.create(
        patient=patient, routine=item.routine, plan_item=item, token=uuid.uuid4(),
        day=local_day(timezone.now(), reminder.time_zone),
    )  # fmt: skip

    services.send_due()

    assert push_server.received == []
    assert ReminderSend.objects.get().status == "skipped"


def test_no_practice_reminder_while_the_gate_is_closed_but_the_diary_one_goes(
    push_server, therapist
):
    patient = ready_patient(therapist)
    subscribe(patient, push_server)
    due_now(patient, Kind.PRACTICE)
    due_now(patient, Kind.DIARY)
    Screening.objects.filter(patient=patient).update(self_care_allowed=False)

    services.send_due()

    sends = {s.kind: s for s in ReminderSend.objects.all()}
    assert sends["practice"].status == "skipped"
    assert "paused" in sends["practice"].detail
    assert sends["diary"].status == "sent"
    assert len(push_server.received) == 1


def test_the_same_slot_is_never_sent_twice(push_server, therapist):
    patient = ready_patient(therapist)
    subscribe(patient, push_server)
    due_now(patient)

    services.send_due()
    services.send_due(now=timezone.now() + timedelta(minutes=3))

    assert len(push_server.received) == 1
    assert ReminderSend.objects.count() == 1


def test_a_reminder_waiting_for_the_patients_acceptance_is_not_sent(
    push_server, therapist, as_therapist
):
    patient = ready_patient(therapist)
    subscribe(patient, push_server)
    as_therapist.post(f"/therapist/patients/{patient.public_id}/reminders/")
    reminder = patient.reminders.get()
    assert reminder.suggested_by == therapist and not reminder.accepted

    services.send_due(now=timezone.now())

    assert push_server.received == []


SETUP = """
from reminders.tasks import send_due_reminders
from tests.factories import make_clinic, make_user
from tests.reminders.test_sending import due_now, ready_patient
from reminders import services
from clinic.models import User

therapist = make_user(User.Role.THERAPIST, make_clinic())
for n in range(6):
    patient = ready_patient(therapist)
    services.device_save(patient=patient, endpoint="{url}" + str(n), p256dh="{p256dh}",
                         auth="{auth}", label="Phone")
    due_now(patient)
"""
RACE = """
import time
from reminders.tasks import send_due_reminders
while time.time() < {start}:
    time.sleep(0.01)
print(send_due_reminders.call())
"""


def test_two_worker_processes_racing_on_the_same_due_reminders_send_each_once(
    push_server, tmp_path
):
    """Two processes on one database (a WAL SQLite file, or the PostgreSQL server when
    DATABASE_URL is set), started at the same instant."""
    browser = Browser()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "DJANGO_TASKS_BACKEND": "immediate",
        "WEBPUSH_VAPID_PRIVATE_KEY": settings.WEBPUSH_VAPID_PRIVATE_KEY,
        "WEBPUSH_ENDPOINT_HOSTS": "127.0.0.1",
        "DJANGO_EMAIL_URL": "consolemail://",
    }

    def manage(*args, **kwargs):
        return subprocess.Popen(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs,
        )  # fmt: skip

    for args in (("migrate", "-v0"), ("shell", "--no-imports", "-c", SETUP.format(
        url=push_server.url("/race/"), p256dh=browser.p256dh, auth=browser.auth))):  # fmt: skip
        out, err = manage(*args).communicate(timeout=300)
        assert not err.strip() or "Traceback" not in err, err
    start = time.time() + 6
    racers = [manage("shell", "--no-imports", "-c", RACE.format(start=start)) for _ in range(2)]
    results = [racer.communicate(timeout=120) for racer in racers]

    assert all("Traceback" not in err for _, err in results), results
    paths = sorted(path for path, _, _ in push_server.received)
    assert paths == [f"/race/{n}" for n in range(6)]
    sent = [ast.literal_eval(out.strip().splitlines()[-1])["sent"] for out, _ in results]
    assert sum(sent) == 6
