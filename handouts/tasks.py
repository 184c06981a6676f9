"""Background rendering of the print desk's batches on the task engine: one task per plan, so
several workers render a day's plans in parallel. Each task renders through plan_pdf() (which
asks the safety gate and returns the paused sheet for a blocked patient) into the shared PDF
cache, and marks its plan done or failed for the desk's progress. A plan whose worker died
mid-render is put back in the queue by clinic.tasks.requeue_stalled(); on its last allowed try
it counts as failed until it renders, so a batch always finishes."""

from django.core.cache import cache
from django_tasks import task

from clinic.tasks import MAX_CLAIMS

from . import desk
from .plan_pdf import plan_pdf

MARK_SECONDS = 24 * 60 * 60


def mark_key(token: str, plan_id: int) -> str:
    return f"print-batch:{token}:{plan_id}"


@task(takes_context=True)
def render_batch_plan(context, *, token: str, plan_id: int) -> str:
    if context.attempt >= MAX_CLAIMS:  # if this worker dies too, the plan stays failed
        cache.set(mark_key(token, plan_id), "failed", MARK_SECONDS)
    plan = desk.plan_by_id(plan_id)
    if plan is None:  # deleted since the batch started: nothing to print for it
        cache.set(mark_key(token, plan_id), "failed", MARK_SECONDS)
        return "failed"
    try:
        plan_pdf(plan)
    except Exception:
        cache.set(mark_key(token, plan_id), "failed", MARK_SECONDS)
        raise
    cache.set(mark_key(token, plan_id), "done", MARK_SECONDS)
    return "done"
