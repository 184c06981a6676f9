"""Bad input never crashes: random, oversized, empty, NUL, unicode and wrong-type values posted
to every route as the roles that may use it (and one that may not), and random path segments
in every route. The answer is always below 500, and a refused form stores nothing."""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .routes import ARGS, site_routes, url_for
from .test_access_table import GET, LOGIN, snapshot
from .world import ROLES, build_world

ROUTES = site_routes()
FUZZ = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

nasty_text = st.one_of(
    st.text(max_size=40),
    st.just(""),
    st.just("\x00"),
    st.just("a\x00b"),
    st.just("x" * 100_000),
    st.just("’“🙂 ä 中文 \u202e"),
    st.just("<script>alert(1)</script>"),
    st.just("-1"),
    st.just("99999999999999999999"),
    st.just("1e309"),
    st.just("NaN"),
    st.just("2026-02-30"),
    st.just("00000000-0000-0000-0000-000000000000"),
)
values = st.one_of(nasty_text, st.lists(nasty_text, max_size=4))


def field_names(client, url: str) -> list[str]:
    """The names of the inputs on the page's forms, plus the usual owner fields."""
    response = client.get(url)
    names = set()
    if response.get("Content-Type", "").startswith("text/html"):
        names = set(re.findall(r'name="([^"]+)"', response.content.decode()))
    names.discard("csrfmiddlewaretoken")
    return sorted(names | {"patient", "owner", "therapist", "token", "day", "note"})


def users_of(name: str) -> list[str]:
    """The roles that reach the route, and one that is refused."""
    allowed = [r for r, code in zip(ROLES, GET[name], strict=True) if code in (200, 302, 405)]
    refused = [r for r, code in zip(ROLES, GET[name], strict=True) if code in (403, 404, LOGIN)]
    return allowed + refused[:1]


@pytest.mark.parametrize(("route", "name"), ROUTES, ids=[n for _, n in ROUTES])
def test_random_posts_never_crash_and_refused_forms_store_nothing(db, route, name):
    world = build_world()
    url = url_for(name, world)
    clients = {role: world.client(role) for role in users_of(name)}
    fields = {role: field_names(client, url) for role, client in clients.items()}

    @FUZZ
    @given(role=st.sampled_from(sorted(clients)), data=st.data())
    def post(role, data):
        names = fields[role]
        body = {n: data.draw(values) for n in data.draw(st.lists(st.sampled_from(names)))}
        before = snapshot()
        response = clients[role].post(url, body)
        assert response.status_code < 500, f"{role} POST {url} {body!r:.300}"
        refused = response.status_code in (400, 403, 404, 405, 413) or (
            response.status_code == 200 and b"errorlist" in response.content
        )
        if refused:
            assert snapshot() == before, f"{role} POST {url} stored data: {body!r:.300}"

    post()


ROUTES_WITH_ARGS = [(r, n) for r, n in ROUTES if n in ARGS]


@pytest.mark.parametrize(("route", "name"), ROUTES_WITH_ARGS, ids=[n for _, n in ROUTES_WITH_ARGS])
def test_random_path_segments_never_crash(db, route, name):
    world = build_world()
    clients = {role: world.client(role) for role in users_of(name)}
    kwargs = ARGS[name](world.args)

    @FUZZ
    @given(role=st.sampled_from(sorted(clients)), key=st.sampled_from(sorted(kwargs)),
           segment=st.text(alphabet=st.characters(blacklist_characters="/\x00?#%"),
                           min_size=1, max_size=300))  # fmt: skip
    def get(role, key, segment):
        try:
            url = reverse(name, kwargs={**kwargs, key: segment})
        except Exception:  # the route's converter refuses it: Django answers 404 by itself
            return
        assert clients[role].get(url).status_code < 500, f"{role} GET {url!r:.300}"

    get()
