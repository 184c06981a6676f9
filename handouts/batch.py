"""A day's print batch: started by the desk, rendered by task workers (handouts/tasks.py),
followed through a small status. The batch itself (which plans, for which clinic) lives in the
shared cache under a random token, so every app server sees it."""

import secrets
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import transaction

from . import desk
from .tasks import MARK_SECONDS, mark_key, render_batch_plan


@dataclass(frozen=True)
class Progress:
    token: str
    day: date
    total: int
    done: int
    failed: int

    @property
    def finished(self) -> bool:
        return self.done + self.failed >= self.total

    def as_json(self) -> dict:
        return {"total": self.total, "done": self.done, "failed": self.failed,
                "finished": self.finished}  # fmt: skip


def _key(token: str) -> str:
    return f"print-batch:{token}"


def start(clinic_id: int, day: date) -> str:
    """Queue one render task per plan of the day; the token names the batch."""
    token = secrets.token_urlsafe(16)
    plan_ids = [plan.pk for plan in desk.plans_for_day(clinic_id, day)]
    cache.set(_key(token), {"clinic": clinic_id, "day": day.isoformat(), "plans": plan_ids},
              MARK_SECONDS)  # fmt: skip
    for plan_id in plan_ids:
        # Queued rows commit with any surrounding transaction, so no worker sees half a batch.
        transaction.on_commit(
            lambda plan_id=plan_id: render_batch_plan.enqueue(token=token, plan_id=plan_id)
        )
    return token


def progress(token: str, clinic_id: int, day: date) -> Progress | None:
    """How far the batch is: None for a token that is unknown, expired, or another clinic's."""
    batch = cache.get(_key(token)) if token else None
    if not batch or batch["clinic"] != clinic_id or batch["day"] != day.isoformat():
        return None
    marks = cache.get_many([mark_key(token, plan_id) for plan_id in batch["plans"]]).values()
    return Progress(token, day, len(batch["plans"]), sum(m == "done" for m in marks),
                    sum(m == "failed" for m in marks))  # fmt: skip
