"""Every paged list in a real browser: "Next" shows the next rows, "Previous" the first again."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clinic.models import AuditEvent
from plans.models import DiaryEntry
from tests.e2e.session import log_in
from tests.factories import make_patient
from tests.security.routes import url_for
from tests.security.world import build_world
from triage.questions import ALL_CLEAR
from triage.services import screening_submit

# route → (who looks at it, the selector of one row of the paged list)
PAGED = {
    "plans:diary": ("patient", "#older-title ~ .day-list .day-row"),
    "plans:dashboard": ("therapist", "table.dashboard tbody tr"),
    "clinic:audit-log": ("clinic_admin", "table.compact-table tbody tr"),
    "clinic:access-log": ("therapist", ".access-list li"),
    "clinic:people": ("clinic_admin", "section[aria-labelledby=patients-title] tbody tr"),
    "triage:patient-history": ("therapist", "article.screening-card h2"),
}  # fmt: skip


def a_busy_clinic():
    """The world, with more of everything than one page holds."""
    world = build_world()
    therapist = world.users["therapist"]
    patient = therapist.assigned_patients.get()
    today = timezone.localdate()
    DiaryEntry.objects.bulk_create(
        DiaryEntry(patient=patient, date=today - timedelta(days=d), headache=False)
        for d in range(8, 8 + 40)
    )
    for n in range(30):
        make_patient(therapist.clinic, therapists=[therapist], full_name=f"Zoe Paging {n:02d}")
    for _ in range(22):
        screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    AuditEvent.objects.bulk_create(
        AuditEvent(
            at=timezone.now() - timedelta(days=1, minutes=n),
            actor=therapist,
            actor_email=therapist.email,
            role=therapist.role,
            clinic_id=therapist.clinic_id,
            patient_public_id=patient.public_id,
            action="view_patient",
        )
        for n in range(120)
    )
    return world


def follow(page, name):
    """Click a paging link and wait until the new page has loaded, not only started loading."""
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name=name).click()


def rows(page, selector) -> list[str]:
    texts = page.locator(selector).all_inner_texts()
    assert texts, f"no rows matched {selector}"
    return texts


@pytest.mark.parametrize("name", sorted(PAGED))
def test_paging_forward_and_back_shows_different_rows(page, visitor, live_server, name):
    world = a_busy_clinic()
    role, selector = PAGED[name]
    log_in(page, live_server, world.users[role])
    assert page.goto(url_for(name, world)).status == 200
    first = rows(page, selector)
    assert page.get_by_text("Page 1 of").is_visible()

    follow(page, "Next")
    assert "page=2" in page.url and "??" not in page.url, page.url
    expect(page.get_by_text("Page 2 of")).to_be_visible()
    second = rows(page, selector)
    assert second != first
    visitor.check(name.replace(":", "-") + "-page-2")

    follow(page, "Previous")
    assert "page=1" in page.url, page.url
    expect(page.get_by_text("Page 1 of")).to_be_visible()
    back = rows(page, selector)
    # the logs gain a row for each look at them, so page 1 may have shifted by a row or two
    assert back != second and len(set(back) & set(first)) >= len(set(first)) - 2
