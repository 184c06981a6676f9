"""Every page of the therapist, front desk and clinic admin passes the accessibility check at
phone and desktop sizes, signed in with two-factor authentication enrolled."""

import pytest

from tests.e2e.session import log_in
from tests.security.routes import url_for
from tests.security.world import build_world

PAGES = {
    "therapist": [
        "plans:dashboard", "triage:attention", "clinic:invite", "plans:patient",
        "triage:patient-history", "selfcare:plan-edit", "plans:plan-create", "plans:visit",
        "plans:doctor-summary", "selfcare:routine-new", "selfcare:library", "selfcare:routine",
        "plans:triggers", "clinic:access-log",
    ],
    "staff": ["handouts:desk", "handouts:batch"],
    "clinic_admin": [
        "clinic:people", "clinic:assign", "clinic:settings", "clinic:audit-log",
        "plans:care-settings",
    ],
}  # fmt: skip


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("role", sorted(PAGES))
def test_workforce_pages_pass_the_accessibility_check(page, visitor, live_server, role, viewport):
    world = build_world()
    log_in(page, live_server, world.users[role])
    for name in PAGES[role]:
        response = page.goto(url_for(name, world))
        assert response.status == 200, name
        visitor.check(name.replace(":", "-"))
    # A full navigation bar on a phone still draws "More"'s chevron square, not squeezed.
    chevron = page.locator(".nav-more summary").evaluate(
        "e => { const s = getComputedStyle(e, '::after'); return [s.width, s.height]; }"
    )
    assert chevron[0] == chevron[1], chevron
