"""The periodic "send due reminders" work, on the task engine.

A self-rescheduling task rather than a loop command of our own: it needs no extra process (any
`db_worker` runs it, so `scripts/run` and a production worker pool need nothing else), it
survives a worker restart because the next run is a row in the queue, and it is spread over
however many workers there are. Each run claims its minute in ReminderTick and queues the next
minute in the same transaction, before it sends anything: a worker killed mid-run leaves the
chain going (the next run sends what is still due; each send claims its slot, so none goes
twice), and a second chain (two `start_reminders` at once) finds the minute taken and ends
there, so chains never multiply. Each run also puts back work that dead workers left running.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from clinic.tasks import requeue_stalled

from . import services
from .models import ReminderTick

INTERVAL = timedelta(minutes=1)
KEEP_TICKS = timedelta(days=1)


def _minute(moment):
    return moment.replace(second=0, microsecond=0)


def schedule_next(after=None):
    """Enqueue the run for the next whole minute (after a gap, the next minute from now)."""
    now = _minute(timezone.now())
    at = max(now, _minute(after or now)) + INTERVAL
    tick.using(run_after=at).enqueue(minute=at.isoformat())
    return at


def _claim_minute(minute) -> bool:
    """Claim this minute and queue the next run, together or not at all."""
    try:
        with transaction.atomic():
            ReminderTick.objects.create(minute=minute)
            schedule_next(after=minute)
    except IntegrityError:
        return False
    ReminderTick.objects.filter(minute__lt=minute - KEEP_TICKS).delete()
    return True


@task()
def tick(*, minute: str) -> dict:
    from datetime import datetime

    if not _claim_minute(datetime.fromisoformat(minute)):
        return {"duplicate": 1}
    return {**services.send_due(), **requeue_stalled()}


@task()
def send_due_reminders() -> dict:
    """One pass, for running by hand or from an outside scheduler."""
    return services.send_due()
