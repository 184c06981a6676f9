"""Bad input never crashes: random, oversized, empty, NUL, unicode and wrong-type values posted
to every route as the roles that may use it (and one that may not), and random path segments
in every route. The answer is always below 500, and a refused form stores nothing.

The clinic admin's forms (settings, people, assignment) get a closer look with values built
around each field, and every field that can reach an email or a response header is fuzzed with
header-breaking characters: the emails that go out keep one-line headers and one recipient."""

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
    st.just("9223372036854775808"),  # one past the largest database integer
    st.just("-9223372036854775809"),
    st.just("1" + "0" * 40),
    st.just("a\r\nBcc: victim@example.test"),
    st.just("\u2028\u2029\x85\x0b"),
    st.just("#zzzzzz"),
    st.just("url(x)"),
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


@pytest.mark.parametrize(("route", "name"), ROUTES, ids=[n for _, n in ROUTES])
def test_random_query_strings_never_crash(db, route, name):
    """Search boxes, filters and page numbers: whatever the query string holds."""
    world = build_world()
    url = url_for(name, world)
    clients = {role: world.client(role) for role in users_of(name)}
    keys = st.sampled_from(
        ["q", "page", "day", "kind", "format", "slug", "therapist", "patient", "actor", "action",
         "outcome", "since", "until", "next", "size"]
    )  # fmt: skip

    for role, client in clients.items():  # every key at once, with each of the classic values
        for value in ("a\x00b", "99999999999999999999", "-1", "1e309", "NaN", "2026-02-30",
                      "\r\nX: y", "x" * 5000, "’“🙂\u202e"):  # fmt: skip
            query = {key: value for key in keys.elements}
            response = client.get(url, query)
            assert response.status_code < 500, f"{role} GET {url} {value!r:.50}"

    @FUZZ
    @given(role=st.sampled_from(sorted(clients)), query=st.dictionaries(keys, values, max_size=4))
    def get(role, query):
        response = clients[role].get(url, query)
        assert response.status_code < 500, f"{role} GET {url} {query!r:.300}"

    get()


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


# --- The clinic admin's forms ---------------------------------------------------------------

oversized = st.one_of(
    st.integers(min_value=2**63 - 2, max_value=2**80).map(str),
    st.integers(max_value=-1, min_value=-(2**80)).map(str),
    st.just("99999999999999999999"),
    st.just("0"),
    st.just("1e400"),
)
breaking = st.text(
    alphabet=st.sampled_from(["a", " ", "\r", "\n", "\x00", "\x0b", "\x85", "\u2028", ":", "@"]),
    min_size=1,
    max_size=30,
)
colour = st.one_of(
    st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True),
    st.from_regex(r"#[0-9a-zA-Z]{0,8}", fullmatch=True),
    st.text(max_size=10),
    st.just("url(x)"),
)
SETTINGS = {"name": "Harbour Headache Clinic", "address": "1 Quay", "phone": "0117 496 0000",
            "emergency_number": "112", "accent_colour": "#0f766e", "page_size": "A4",
            "screening_valid_days": "30"}  # fmt: skip
SETTINGS_VALUES = {
    "name": st.one_of(nasty_text, breaking),
    "address": nasty_text,
    "phone": st.one_of(nasty_text, breaking),
    "emergency_number": st.one_of(nasty_text, oversized),
    "accent_colour": st.one_of(colour, nasty_text),
    "page_size": nasty_text,
    "screening_valid_days": st.one_of(oversized, nasty_text),
}
MORE = settings(FUZZ, max_examples=60)


@pytest.fixture
def admin_world(db):
    world = build_world()
    return world, world.client("clinic_admin")


def test_clinic_settings_form_never_crashes_and_refusals_store_nothing(admin_world):
    from clinic.models import Clinic

    world, client = admin_world
    clinic = world.users["clinic_admin"].clinic

    @MORE
    @given(changes=st.fixed_dictionaries({}, optional=SETTINGS_VALUES))
    def post(changes):
        before = Clinic.objects.filter(pk=clinic.pk).values().get()
        response = client.post(reverse("clinic:settings"), {**SETTINGS, **changes})
        assert response.status_code < 500, f"POST settings {changes!r:.300}"
        after = Clinic.objects.filter(pk=clinic.pk).values().get()
        if response.status_code != 302:
            assert after == before, f"refused but stored: {changes!r:.300}"
        else:
            assert not any(ord(c) < 32 for c in after["name"] + after["phone"])
            Clinic.objects.filter(pk=clinic.pk).update(**before)

    post()


def test_people_and_assignment_pages_never_crash(admin_world):
    world, client = admin_world
    patient = world.args["patient"]
    ids = st.lists(st.one_of(oversized, nasty_text, st.integers().map(str)), max_size=4)

    @MORE
    @given(therapists=ids, query=st.dictionaries(st.sampled_from(["q", "page", "therapist"]),
                                                 st.one_of(oversized, nasty_text)))  # fmt: skip
    def post(therapists, query):
        response = client.post(reverse("clinic:assign", args=[patient]), {"therapists": therapists})
        assert response.status_code < 500, f"POST assign {therapists!r:.300}"
        response = client.get(reverse("clinic:people"), query)
        assert response.status_code < 500, f"GET people {query!r:.300}"

    post()


# --- Every field that reaches an email or a header ------------------------------------------


def assert_one_line_headers(outbox, recipient: str | None = None) -> None:
    for message in outbox:
        built = message.message()  # raises BadHeaderError if a header would break
        for name, value in built.items():
            assert "\n" not in str(value) and "\r" not in str(value), f"{name}: {value!r}"
        assert built["Bcc"] is None and built["Cc"] is None
        if recipient is not None:
            assert message.recipients() == [recipient]


def test_header_breaking_names_never_break_an_email(db, mailoutbox):
    from django.test import Client

    from clinic.models import Clinic, Invitation, User
    from tests.factories import make_clinic, make_user

    clinic = make_clinic()
    therapist = make_user(User.Role.THERAPIST, clinic)
    admin = make_user(User.Role.CLINIC_ADMIN, clinic)
    as_therapist, as_admin = Client(), Client()
    as_therapist.force_login(therapist)
    as_admin.force_login(admin)

    @MORE
    @given(clinic_name=breaking, full_name=st.one_of(st.just("Alex Morgan"), breaking, nasty_text),
           email=st.one_of(st.just("alex@example.test"), st.emails(), breaking))  # fmt: skip
    def invite(clinic_name, full_name, email):
        mailoutbox.clear()
        response = as_admin.post(reverse("clinic:settings"), {**SETTINGS, "name": clinic_name})
        assert response.status_code < 500
        response = as_therapist.post(
            reverse("clinic:invite"), {"full_name": full_name, "email": email}
        )
        assert response.status_code < 500, f"invite {full_name!r} {email!r}"
        if response.status_code == 302:
            invitation = Invitation.objects.get(email=email.strip().lower())
            assert_one_line_headers(mailoutbox, invitation.email)
            assert len(mailoutbox) == 1
            invitation.delete()
        else:
            assert not mailoutbox
        assert Invitation.objects.count() == 0
        Clinic.objects.filter(pk=clinic.pk).update(name="Harbour")

    invite()


def test_header_breaking_input_at_sign_up_accept_and_reset(db, mailoutbox):
    from django.test import Client

    from clinic.models import Invitation, User
    from tests.factories import make_clinic, make_user

    clinic = make_clinic()
    therapist = make_user(User.Role.THERAPIST, clinic)
    password = "a long enough pass phrase 42"

    @MORE
    @given(full_name=st.one_of(st.just("Alex Morgan"), breaking, nasty_text),
           email=st.one_of(st.just("alex@example.test"), st.emails(), breaking))  # fmt: skip
    def forms(full_name, email):
        mailoutbox.clear()
        anon = Client()
        response = anon.post(reverse("account_signup"), {
            "email": email, "full_name": full_name, "password1": password,
            "password2": password, "clinic_code": "",
        })  # fmt: skip
        assert response.status_code < 500, f"sign-up {full_name!r} {email!r}"
        for user in User.objects.filter(role=User.Role.PATIENT):
            assert not any(ord(c) < 32 for c in user.full_name)
        invitation = Invitation.objects.create(
            clinic=clinic, therapist=therapist, email=f"i{Invitation.objects.count()}@x.test"
        )
        response = Client().post(
            reverse("clinic:accept-invitation", args=[invitation.token]),
            {"full_name": full_name, "password1": password, "password2": password},
        )
        assert response.status_code < 500, f"accept {full_name!r}"
        response = Client().post(reverse("account_reset_password"), {"email": email})
        assert response.status_code < 500, f"reset {email!r}"
        assert_one_line_headers(mailoutbox)

    forms()
