"""The desk's print batch: one task per plan renders into the shared cache, the desk follows
the progress, and the whole PDF then joins the cached plans. The task engine runs each task
as it is queued here (the immediate backend); the cluster test runs real workers."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clinic.tasks import MAX_CLAIMS, requeue_stalled
from handouts import batch as print_batch
from handouts import tasks as batch_tasks
from handouts.plan_pdf import plan_cache_key
from handouts.render import cached_pdf
from selfcare.allowed import allowance_for
from tests.factories import make_clinic, make_user
from tests.selfcare.utils import screen

from .test_plan_pdf import make_plan, make_visit, pdf_text, routines  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def tomorrow_batch(patient, other_patient, therapist, other_therapist, routines):  # noqa: F811
    tomorrow = timezone.localdate() + timedelta(days=1)
    screen(patient)
    screen(other_patient)
    plans = [make_plan(patient, therapist, routines[:2]),
             make_plan(other_patient, other_therapist, routines[2:])]  # fmt: skip
    make_visit(patient, therapist, tomorrow)
    make_visit(other_patient, other_therapist, tomorrow)
    cache.clear()
    return tomorrow, plans


def test_preparing_a_batch_renders_each_plan_into_the_cache_and_reports_it_finished(
    as_staff, tomorrow_batch, django_capture_on_commit_callbacks
):
    tomorrow, plans = tomorrow_batch
    url = reverse("handouts:batch", args=[tomorrow.isoformat()])

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = as_staff.post(url)
    token = response["Location"].split("batch=")[1]
    status = as_staff.get(reverse("handouts:batch-status", args=[tomorrow.isoformat()]),
                          {"batch": token}).json()  # fmt: skip
    page = as_staff.get(response["Location"]).content.decode()

    assert len(queued) == 2
    assert status == {"total": 2, "done": 2, "failed": 0, "finished": True}
    assert "All 2 plans are ready" in page and 'aria-disabled="true"' not in page
    for plan in plans:
        key = plan_cache_key(plan, allowance_for(plan.patient))
        assert cached_pdf(key, lambda: pytest.fail("not rendered by the batch")).startswith(b"%PDF")
    text, pages, _ = pdf_text(
        as_staff.get(reverse("handouts:batch-pdf", args=[tomorrow.isoformat()])).content
    )
    assert "Alex Morgan" in text and "Priya Shah" in text and pages >= 4


def test_a_batch_not_yet_rendered_shows_progress_and_refreshes_itself_without_javascript(
    as_staff, staff, tomorrow_batch
):
    tomorrow, _ = tomorrow_batch
    token = print_batch.start(staff.clinic_id, tomorrow)  # queued, but no commit: not run yet

    page = as_staff.get(reverse("handouts:batch", args=[tomorrow.isoformat()]),
                        {"batch": token}).content.decode()  # fmt: skip

    assert "0 of 2 plans prepared" in page
    assert '<meta http-equiv="refresh" content="3">' in page and 'aria-disabled="true"' in page


def test_a_batch_status_is_only_known_to_its_own_clinic_and_day(as_staff, staff, tomorrow_batch):
    tomorrow, _ = tomorrow_batch
    token = print_batch.start(staff.clinic_id, tomorrow)
    elsewhere = make_user(staff.Role.STAFF, make_clinic(name="Elsewhere"), full_name="Other Desk")
    status = "handouts:batch-status"

    other = Client()
    other.force_login(elsewhere)

    ok = as_staff.get(reverse(status, args=[tomorrow.isoformat()]), {"batch": token})
    assert ok.status_code == 200
    for client, day, batch in (
        (other, tomorrow, token),
        (as_staff, tomorrow + timedelta(days=1), token),
        (as_staff, tomorrow, "no-such-batch"),
        (as_staff, tomorrow, ""),
    ):
        assert (
            client.get(reverse(status, args=[day.isoformat()]), {"batch": batch}).status_code == 404
        )


DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker():
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def test_a_plan_whose_worker_was_killed_is_rendered_again_and_the_batch_finishes(
    settings, transactional_db, staff, tomorrow_batch
):
    settings.TASKS = DB_QUEUE
    tomorrow, _ = tomorrow_batch
    token = print_batch.start(staff.clinic_id, tomorrow)
    killed = DBTaskResult.objects.order_by("enqueued_at").first()
    killed.claim("worker-that-died")  # claimed, then the worker was killed mid-render
    DBTaskResult.objects.filter(pk=killed.pk).update(started_at=timezone.now() - timedelta(hours=1))

    run_worker()
    stuck = print_batch.progress(token, staff.clinic_id, tomorrow)
    requeue_stalled()
    run_worker()
    done = print_batch.progress(token, staff.clinic_id, tomorrow)

    assert (stuck.done, stuck.finished) == (1, False)
    assert (done.done, done.failed, done.finished) == (2, 0, True)


def test_on_its_last_try_a_plan_counts_as_failed_until_it_has_rendered(
    settings, transactional_db, staff, tomorrow_batch, monkeypatch
):
    settings.TASKS = DB_QUEUE
    tomorrow, _ = tomorrow_batch
    token = print_batch.start(staff.clinic_id, tomorrow)
    DBTaskResult.objects.update(worker_ids=[f"died-{n}" for n in range(MAX_CLAIMS - 1)])
    seen = []
    real_render = batch_tasks.plan_pdf

    def render(plan):
        seen.append(print_batch.progress(token, staff.clinic_id, tomorrow).failed)
        return real_render(plan)

    monkeypatch.setattr(batch_tasks, "plan_pdf", render)
    run_worker()
    progress = print_batch.progress(token, staff.clinic_id, tomorrow)

    assert seen == [1, 1]  # had its worker died here, the batch would still have finished
    assert (progress.done, progress.failed, progress.finished) == (2, 0, True)
