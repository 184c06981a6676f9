"""The task engine: emails leave through the database queue, a worker sends them, a mail server
that is down is tried again later, and scripts/run starts the web server and a worker together."""

import os
import signal
import smtplib
import socket
import subprocess
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clinic.services import invitation_send
from clinic.tasks import MAX_CLAIMS, RETRY_DELAYS, requeue_stalled, send_email

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db_queue(settings, transactional_db):
    settings.TASKS = DB_QUEUE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def run_worker():
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


class FlakyBackend(locmem.EmailBackend):
    failures_left = 0

    def send_messages(self, messages):
        if FlakyBackend.failures_left:
            FlakyBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")
        return super().send_messages(messages)


def test_an_invitation_waits_in_the_queue_until_a_worker_sends_it(db_queue, therapist):
    invitation_send(
        therapist=therapist, email="dana@example.test", full_name="Dana", base_url="http://x"
    )
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    run_worker()

    assert [m.to for m in mail.outbox] == [["dana@example.test"]]
    assert "/invitation/" in mail.outbox[0].body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_mail_server_that_is_down_is_tried_again_later(db_queue, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures_left = 1
    send_email.enqueue(subject="Hello", body="A link", to=["a@example.test"])

    run_worker()

    assert mail.outbox == []
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after >= timezone.now() + timedelta(seconds=RETRY_DELAYS[0] - 5)

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Hello"]


def test_the_last_attempt_leaves_the_failure_standing(db_queue, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures_left = 1
    send_email.enqueue(subject="Hi", body="b", to=["a@example.test"], attempt=len(RETRY_DELAYS) + 1)

    run_worker()

    assert DBTaskResult.objects.get().status == "FAILED"
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_the_sign_up_confirmation_email_goes_through_the_queue(db_queue, client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.test",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
            "full_name": "New Person",
        },
    )
    assert response.status_code in (200, 302)
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    run_worker()

    assert [m.to for m in mail.outbox] == [["new@example.test"]]


def _left_running(*, claims: int, minutes_ago: float) -> DBTaskResult:
    """A queued email that a worker claimed and then died on (the row a kill -9 leaves)."""
    send_email.enqueue(subject="Left behind", body="A link", to=["a@example.test"])
    row = DBTaskResult.objects.get()
    row.worker_ids = [f"worker-{n}" for n in range(claims - 1)]
    row.claim(f"worker-{claims - 1}")
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return row


def test_work_left_running_by_a_dead_worker_is_queued_again_and_done(db_queue):
    row = _left_running(claims=1, minutes_ago=6)  # stalled after 5 by default
    run_worker()
    assert mail.outbox == []  # the worker never takes a RUNNING row by itself

    assert requeue_stalled() == {"requeued": 1, "failed": 0}
    run_worker()

    assert [m.subject for m in mail.outbox] == ["Left behind"]
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL" and len(row.worker_ids) == 2


def test_work_a_live_worker_is_still_running_is_left_alone(db_queue):
    row = _left_running(claims=1, minutes_ago=1)

    assert requeue_stalled() == {"requeued": 0, "failed": 0}
    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_work_that_stopped_its_worker_every_time_is_failed_not_retried(db_queue):
    row = _left_running(claims=MAX_CLAIMS, minutes_ago=60)

    assert requeue_stalled() == {"requeued": 0, "failed": 1}
    run_worker()

    row.refresh_from_db()
    assert row.status == "FAILED" and "stopped" in row.traceback
    assert mail.outbox == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


@pytest.mark.slow
def test_scripts_run_serves_the_app_with_a_worker_and_stops_both(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "SKIP_SETUP": "1",
        "PORT": str(port),
        "DJANGO_DEBUG": "1",
        "DJANGO_TASKS_BACKEND": "database",
        "DJANGO_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("DATABASE_URL", None)
    script = subprocess.Popen(
        [str(ROOT / "scripts/run")], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert script.poll() is None, "scripts/run exited early"
                assert time.monotonic() < deadline, "the web server never answered"
                time.sleep(1)
        children = _children(script.pid)
        commands = [Path(f"/proc/{pid}/cmdline").read_text() for pid in children]
        assert any("db_worker" in c for c in commands)
        assert any("runserver" in c for c in commands)

        script.send_signal(signal.SIGTERM)
        script.wait(timeout=30)
        time.sleep(0.5)
        assert not [pid for pid in children if _alive(pid)]
    finally:
        if script.poll() is None:
            script.kill()
