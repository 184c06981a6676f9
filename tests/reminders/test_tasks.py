"""The periodic reminder run lives on the task engine: each run sends what is due and queues the
next minute; a second chain started by mistake ends at its first run."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reminders import services
from reminders.models import ReminderTick
from reminders.tasks import schedule_next, tick

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_ready():
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def test_each_run_queues_the_next_and_a_second_chain_ends(settings, transactional_db):
    settings.TASKS = DB_QUEUE
    first = schedule_next()
    schedule_next()  # started twice, e.g. two deploys at once
    assert DBTaskResult.objects.filter(status="READY").count() == 2

    run_ready()

    assert list(ReminderTick.objects.values_list("minute", flat=True)) == [first]
    waiting = DBTaskResult.objects.filter(status="READY")
    assert waiting.count() == 1  # one chain goes on
    assert waiting.get().run_after > timezone.now()
    results = {str(r.return_value) for r in DBTaskResult.objects.filter(status="SUCCESSFUL")}
    assert "{'duplicate': 1}" in results


def test_a_run_for_a_minute_long_past_queues_the_next_from_now(settings, transactional_db):
    settings.TASKS = DB_QUEUE
    old = (timezone.now() - timezone.timedelta(hours=3)).replace(second=0, microsecond=0)
    tick.enqueue(minute=old.isoformat())

    run_ready()

    nxt = DBTaskResult.objects.get(status="READY")
    assert nxt.run_after > timezone.now()
    assert nxt.run_after - timezone.now() <= timezone.timedelta(minutes=1)


def test_a_run_queues_the_next_before_it_sends_so_a_killed_worker_cannot_stop_the_chain(
    settings, transactional_db, monkeypatch
):
    settings.TASKS = DB_QUEUE
    first = schedule_next()
    queued_while_sending = []

    def send_due(**kwargs):  # a kill -9 here would run no `finally`
        queued_while_sending.extend(
            DBTaskResult.objects.filter(status="READY").values_list("run_after", flat=True)
        )
        raise SystemExit("killed")

    monkeypatch.setattr(services, "send_due", send_due)
    run_ready()

    assert queued_while_sending == [first + timedelta(minutes=1)]
    assert list(ReminderTick.objects.values_list("minute", flat=True)) == [first]


@pytest.mark.parametrize("claimed", [True, False], ids=["minute claimed", "minute not claimed"])
def test_start_reminders_restarts_a_chain_whose_worker_was_killed(
    settings, transactional_db, claimed
):
    settings.TASKS = DB_QUEUE
    minute = schedule_next()
    row = DBTaskResult.objects.get()
    row.claim("worker-that-died")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - timedelta(hours=1))
    if claimed:  # killed after its minute and the next run were committed
        ReminderTick.objects.create(minute=minute)
        schedule_next(after=minute)

    call_command("start_reminders", stdout=io.StringIO())
    run_ready()

    assert DBTaskResult.objects.filter(pk=row.pk, status="SUCCESSFUL").exists()
    assert ReminderTick.objects.filter(minute=minute).exists()
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # one chain goes on
