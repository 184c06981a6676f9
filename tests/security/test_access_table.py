"""One declarative table of who may reach which route, and what everyone else gets.

Columns follow ROLES: anonymous, patient, other patient, assigned therapist, other therapist,
front desk, clinic admin, a therapist of another clinic. LOGIN means a redirect to the login
page. A route without a row fails the test, so every new route must be decided here. The same
walk checks the security headers of every page and that refused POSTs change nothing."""

import pytest
from django.apps import apps

from .routes import site_routes, url_for
from .world import ROLES, build_world

LOGIN = "login"

GET = {
    "healthz": (200, 200, 200, 200, 200, 200, 200, 200),
    "clinic:home": (LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "clinic:join": (LOGIN, 405, 405, 405, 405, 405, 405, 405),
    "clinic:ping": (LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "clinic:accept-invitation": (200, 200, 200, 200, 200, 200, 200, 200),
    "clinic:invite": (LOGIN, 404, 404, 200, 200, 404, 404, 200),
    "clinic:people": (LOGIN, 404, 404, 404, 404, 404, 200, 404),
    "clinic:staff-invite": (LOGIN, 404, 404, 404, 404, 404, 405, 404),
    "clinic:staff-deactivate": (LOGIN, 404, 404, 404, 404, 404, 405, 404),
    "clinic:staff-reactivate": (LOGIN, 404, 404, 404, 404, 404, 405, 404),
    "clinic:assign": (LOGIN, 404, 404, 404, 404, 404, 200, 404),
    "clinic:settings": (LOGIN, 404, 404, 404, 404, 404, 200, 404),
    "clinic:audit-log": (LOGIN, 404, 404, 404, 404, 404, 200, 404),
    "clinic:audit-export": (LOGIN, 404, 404, 404, 404, 404, 200, 404),
    "clinic:my-access-log": (LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "clinic:access-log": (LOGIN, 200, 404, 200, 404, 404, 404, 404),
    "triage:start": (LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "triage:step": (LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "triage:gate": (LOGIN, 302, 200, 404, 404, 404, 404, 404),
    "triage:quick-check": (LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "triage:stop": (LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "triage:result": (LOGIN, 200, 404, 200, 404, 404, 404, 404),
    "triage:summary": (LOGIN, 200, 404, 200, 404, 404, 404, 404),
    "triage:patient-history": (LOGIN, 404, 404, 200, 404, 404, 404, 404),
    "triage:clear": (LOGIN, 404, 404, 405, 405, 404, 404, 405),
    "triage:attention": (LOGIN, 404, 404, 200, 200, 404, 404, 200),
    "selfcare:today": (LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "selfcare:practice": (LOGIN, 200, 302, 404, 404, 404, 404, 404),
    "selfcare:practice-log": (LOGIN, 405, 405, 404, 404, 404, 404, 404),
    "selfcare:library": (LOGIN, 200, 302, 200, 200, 404, 404, 200),
    "selfcare:routine": (LOGIN, 200, 302, 200, 200, 404, 404, 200),
    "selfcare:routine-image": (LOGIN, 200, 404, 200, 200, 200, 200, 200),
    "selfcare:routine-new": (LOGIN, 404, 404, 200, 200, 404, 404, 200),
    "selfcare:plan-edit": (LOGIN, 404, 404, 200, 404, 404, 404, 404),
    "plans:diary": (LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "plans:diary-quick": (LOGIN, 405, 405, 404, 404, 404, 404, 404),
    "plans:diary-entry": (LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "plans:progress": (LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "plans:visits": (LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "plans:questionnaire": (LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "plans:export": (LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "plans:calendar": (LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "plans:calendar-issue": (LOGIN, 405, 405, 404, 404, 404, 404, 404),
    "plans:calendar-revoke": (LOGIN, 405, 405, 404, 404, 404, 404, 404),
    "plans:calendar-feed": (200, 200, 200, 200, 200, 200, 200, 200),
    "plans:dashboard": (LOGIN, 404, 404, 200, 200, 404, 404, 200),
    "plans:patient": (LOGIN, 404, 404, 200, 404, 404, 404, 404),
    "plans:plan-create": (LOGIN, 404, 404, 200, 404, 404, 404, 404),
    "plans:plan-taper": (LOGIN, 404, 404, 405, 405, 404, 404, 405),
    "plans:plan-discharge": (LOGIN, 404, 404, 405, 405, 404, 404, 405),
    "plans:visit": (LOGIN, 404, 404, 200, 404, 404, 404, 404),
    "plans:visit-move": (LOGIN, 404, 404, 405, 405, 404, 404, 405),
    "plans:doctor-summary": (LOGIN, 200, 404, 200, 404, 404, 404, 404),
    "plans:care-settings": (LOGIN, 404, 404, 404, 404, 404, 200, 404),
    "plans:instrument-switch": (LOGIN, 404, 404, 404, 404, 404, 405, 404),
    "plans:closed-day-add": (LOGIN, 404, 404, 404, 404, 404, 405, 404),
    "plans:closed-day-remove": (LOGIN, 404, 404, 404, 404, 404, 405, 404),
    "plans:closed-weekdays": (LOGIN, 404, 404, 404, 404, 404, 405, 404),
    "plans:triggers": (LOGIN, 404, 404, 200, 200, 404, 200, 200),
    "plans:trigger-add": (LOGIN, 404, 404, 405, 405, 404, 405, 405),
    "plans:trigger-edit": (LOGIN, 404, 404, 405, 405, 404, 405, 405),
    "handouts:desk": (LOGIN, 404, 404, 404, 404, 200, 404, 404),
    "handouts:batch": (LOGIN, 404, 404, 404, 404, 200, 404, 404),
    "handouts:batch-pdf": (LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "handouts:batch-status": (LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "handouts:blank-diary": (LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "handouts:routines-pdf": (LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "handouts:plan-pdf": (LOGIN, 200, 404, 200, 404, 200, 404, 404),
    "handouts:screening-pdf": (LOGIN, 200, 404, 200, 404, 404, 404, 404),
    "handouts:doctor-summary-pdf": (LOGIN, 200, 404, 200, 404, 404, 404, 404),
    "assessment:new": (LOGIN, 404, 404, 200, 404, 404, 404, 404),
    "assessment:edit": (LOGIN, 404, 404, 200, 404, 404, 404, 404),
    "assessment:note": (LOGIN, 404, 404, 200, 404, 404, 404, 404),
    "assessment:addendum": (LOGIN, 404, 404, 405, 405, 404, 404, 405),
    "assessment:plan-of-care": (LOGIN, 404, 404, 200, 404, 404, 404, 404),
    "assessment:plan-of-care-pdf": (LOGIN, 200, 404, 200, 404, 404, 404, 404),
    "assessment:superbill-pdf": (LOGIN, 200, 404, 200, 404, 200, 404, 404),
    "assessment:codes": (LOGIN, 404, 404, 404, 404, 404, 200, 404),
    "reminders:manifest": (200, 200, 200, 200, 200, 200, 200, 200),
    "reminders:service-worker": (200, 200, 200, 200, 200, 200, 200, 200),
    "reminders:offline": (200, 200, 200, 200, 200, 200, 200, 200),
    "reminders:sync": (LOGIN, 405, 405, 405, 405, 405, 405, 405),
    "reminders:settings": (LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "reminders:device-add": (LOGIN, 405, 405, 404, 404, 404, 404, 404),
    "reminders:device-remove": (LOGIN, 405, 405, 404, 404, 404, 404, 404),
    "reminders:suggest": (LOGIN, 404, 404, 405, 405, 404, 404, 405),
}

ROUTES = site_routes()
# Tables whose rows a refused request may legitimately add: the audit trail of the refusal and
# the session and cache bookkeeping.
BOOKKEEPING = {"clinic.AuditEvent", "sessions.Session", "usersessions.UserSession"}


def outcome(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return LOGIN
    return response.status_code


def snapshot() -> dict[str, list]:
    """Every row of every table that holds clinic data (logging in touches only last_login)."""
    tables = {}
    for model in apps.get_models():
        if model._meta.label in BOOKKEEPING or model._meta.proxy:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.name != "last_login"]
        tables[model._meta.label] = sorted(map(repr, model.objects.values_list(*fields)))
    return tables


def test_every_route_has_a_row_and_every_row_a_route():
    names = {name for _, name in ROUTES}
    assert names == set(GET), f"missing: {names - set(GET)}, stale: {set(GET) - names}"


@pytest.mark.parametrize(("route", "name"), ROUTES, ids=[n for _, n in ROUTES])
def test_get_answers_each_role_as_the_table_says(db, route, name):
    world = build_world()
    url = url_for(name, world)
    for role, expected in zip(ROLES, GET[name], strict=True):
        response = world.client(role).get(url)
        assert outcome(response) == expected, f"{role} GET {url}"
        assert_security_headers(response, logged_in=role != "anonymous")


@pytest.mark.parametrize(("route", "name"), ROUTES, ids=[n for _, n in ROUTES])
def test_refused_posts_change_nothing(db, route, name):
    world = build_world()
    url = url_for(name, world)
    clients = {role: world.client(role) for role in ROLES}
    for role, expected in zip(ROLES, GET[name], strict=True):
        before = snapshot()
        response = clients[role].post(url, {"patient": world.args["patient"]})
        assert response.status_code < 500, f"{role} POST {url}"
        if expected in (LOGIN, 403, 404):
            assert outcome(response) in (expected, 405), f"{role} POST {url}"
            assert snapshot() == before, f"{role} POST {url} changed data"


def assert_security_headers(response, *, logged_in: bool) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    if response.get("Content-Type", "").startswith("text/html"):
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    if logged_in:
        assert response["Cache-Control"] == "no-store"
