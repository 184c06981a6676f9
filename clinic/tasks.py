"""Background work on the task engine (django-tasks with its database backend; `db_worker`
runs it). Tasks take plain JSON arguments and retry transient failures with a growing delay.

Every task here is safe to run twice (a plan renders into the cache, a reminder run claims its
minute and each send its slot; an email whose worker died just after handing it to the mail
server may arrive twice, which beats not at all), which is what lets requeue_stalled() put
back work that a killed worker left half done."""

import logging
import smtplib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# Seconds to wait before attempt 2, 3, ...; after the last one the task stays failed.
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 60 * 60)

# Claims (by a worker) a task may have before a stall counts as its failure: a task that kills
# its worker every time must not go round for ever.
MAX_CLAIMS = 3


def requeue_stalled(*, now=None) -> dict[str, int]:
    """Put work left RUNNING by a dead worker back in the queue, or fail it after MAX_CLAIMS.
    The database backend never looks at a RUNNING row again, so without this a print batch
    stays short of finished and a reminder chain stops. Runs with every reminder tick and when
    `start_reminders` starts the chain."""
    # No task of ours runs for more than seconds (a plan PDF, one reminder pass), so a row still
    # RUNNING after settings.TASK_STALLED_SECONDS (5 minutes) belongs to a worker that died:
    # killed by a deploy, the out-of-memory killer, or a lost machine.
    since = (now or timezone.now()) - timedelta(seconds=settings.TASK_STALLED_SECONDS)
    stalled = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=since)
    counts = {"requeued": 0, "failed": 0}
    for row in stalled.only("pk", "worker_ids"):
        if len(row.worker_ids) < MAX_CLAIMS:
            outcome, fields = "requeued", {"status": TaskResultStatus.READY, "started_at": None}
        else:
            outcome, fields = (
                "failed",
                {
                    "status": TaskResultStatus.FAILED,
                    "finished_at": timezone.now(),
                    "exception_class_path": "clinic.tasks.WorkerLost",
                    "traceback": f"Its worker stopped {MAX_CLAIMS} times while running it.",
                },
            )
        # Filtered again: a slow worker that finishes meanwhile keeps its result.
        if stalled.filter(pk=row.pk).update(**fields):
            counts[outcome] += 1
            logger.warning("task %s was left running by a stopped worker: %s", row.pk, outcome)
    return counts


def retry_later(task_obj, *, attempt: int, kwargs: dict[str, Any]) -> bool:
    """Enqueue the next attempt of a task that takes an `attempt` keyword. False when the
    attempts are used up (or the backend cannot defer), so the caller lets the failure stand."""
    if attempt > len(RETRY_DELAYS) or not task_obj.get_backend().supports_defer:
        return False
    run_after = timezone.now() + timedelta(seconds=RETRY_DELAYS[attempt - 1])
    task_obj.using(run_after=run_after).enqueue(**{**kwargs, "attempt": attempt + 1})
    return True


@task()
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str = "",
    html_body: str = "",
    attempt: int = 1,
) -> int:
    """Send one email. A mail server that is down or refuses for now is tried again later."""
    message = EmailMultiAlternatives(subject, body, from_email or None, to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    try:
        return message.send()
    except (smtplib.SMTPException, OSError):
        kwargs = {
            "subject": subject,
            "body": body,
            "to": to,
            "from_email": from_email,
            "html_body": html_body,
        }
        if retry_later(send_email, attempt=attempt, kwargs=kwargs):
            logger.warning("email delivery failed (attempt %d); retry scheduled", attempt)
        raise


def email_send_later(message: EmailMultiAlternatives) -> None:
    """Queue a rendered message. Inside a transaction the queued row commits with it."""
    html_body = ""
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype == "text/html":
            html_body = content
    if message.content_subtype == "html":
        html_body, body = message.body, ""
    else:
        body = message.body
    send_email.enqueue(
        subject=message.subject,
        body=body,
        to=list(message.to),
        from_email=message.from_email or "",
        html_body=html_body,
    )
