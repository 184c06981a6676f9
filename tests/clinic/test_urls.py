"""Default deny: every route needs a login unless it is on the explicit public list."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "healthz",
    "clinic:accept-invitation",
    "plans:calendar-feed",
}
PUBLIC_PREFIXES = ("accounts/",)  # allauth's own pages decide (login, sign-up, reset)
SAMPLE_ARGS = {
    "uuid": "00000000-0000-4000-8000-000000000000",
    "str": "x",
    "int": "1",
    "slug": "x",
    "path": "x",
}


def walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}", p


def concrete(route: str) -> str:
    import re

    def fill(match):
        return SAMPLE_ARGS.get(match.group(1) or "str", "x")

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", fill, route).lstrip("^").rstrip("$")


ROUTES = [
    (route, name)
    for route, name, _ in walk(get_resolver().url_patterns)
    if not route.startswith(PUBLIC_PREFIXES)
    and not route.startswith(("django-admin/", "media/"))
    and "(?P" not in route
]


@pytest.mark.parametrize(("route", "name"), ROUTES)
def test_every_route_needs_a_login_unless_listed_public(anon, db, route, name):
    response = anon.get(concrete(route))
    if name in PUBLIC:
        assert response.status_code in (200, 404)
    else:
        assert response.status_code == 302, f"{route} answered {response.status_code}"
        assert response["Location"].startswith("/accounts/login/")
