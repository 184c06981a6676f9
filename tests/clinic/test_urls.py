"""Default deny: every route needs a login unless it is on the explicit public list."""

import pytest

from tests.security.routes import site_routes

PUBLIC = {
    "healthz",
    "clinic:accept-invitation",
    "plans:calendar-feed",
    # The installable app: the browser fetches these without a session (nothing personal).
    "reminders:manifest",
    "reminders:service-worker",
    "reminders:offline",
}
SAMPLE_ARGS = {
    "uuid": "00000000-0000-4000-8000-000000000000",
    "str": "x",
    "int": "1",
    "slug": "x",
    "path": "x",
}


def concrete(route: str) -> str:
    import re

    def fill(match):
        return SAMPLE_ARGS.get(match.group(1) or "str", "x")

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", fill, route).lstrip("^").rstrip("$")


# allauth's own pages (under accounts/) decide for themselves: login, sign-up, reset.
ROUTES = [(route, name) for route, name in site_routes() if "(?P" not in route]


@pytest.mark.parametrize(("route", "name"), ROUTES)
def test_every_route_needs_a_login_unless_listed_public(anon, db, route, name):
    response = anon.get(concrete(route))
    if name in PUBLIC:
        assert response.status_code in (200, 404)
    else:
        assert response.status_code == 302, f"{route} answered {response.status_code}"
        assert response["Location"].startswith("/accounts/login/")
