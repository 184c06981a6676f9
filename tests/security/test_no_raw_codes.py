"""No internal code in front of people: every HTML page each role can open, in the small test
world and in the demo clinic, is read as a person would read it (the visible text, not
attributes, URLs or email addresses), and a snake_case word such as "see_doctor_today" fails."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.utils import timezone

from clinic.models import Invitation, Patient, User
from plans.models import CalendarFeed, CarePlan, Visit
from selfcare.models import Routine
from triage.models import Screening
from triage.questions import ALL_CLEAR
from triage.services import screening_submit, session_stop_submit

from .routes import site_routes, url_for
from .test_access_table import GET
from .world import ROLES, World, build_world

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|(?<!\w)/[\w./?=&%-]*")
INVISIBLE = {"script", "style", "template", "noscript"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in INVISIBLE:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in INVISIBLE and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def raw_codes(html: str) -> list[str]:
    return SNAKE.findall(NOT_WORDS.sub(" ", visible_text(html)))


def test_the_reader_finds_codes_in_text_but_not_in_markup_urls_or_addresses():
    html = (
        '<p class="badge_x" data-code="self_care_ok">See a doctor today '
        '<a href="/x/?page_size=2">next</a> ana_b@example.test</p>'
        "<script>var some_var = 1;</script><td>see_doctor_today</td>"
    )
    assert raw_codes(html) == ["see_doctor_today"]


def pages(world: World):
    """(role, url) of every HTML page a role may open, by the access table; the logs come last
    so that they hold what the other pages wrote."""
    logs = ("clinic:audit-log", "clinic:access-log", "clinic:my-access-log")
    names = sorted((name for _, name in site_routes()), key=lambda name: name in logs)
    for name in names:
        for role, expected in zip(ROLES, GET[name], strict=True):
            if expected == 200:
                yield role, url_for(name, world)


def with_red_flags(world: World) -> World:
    """A practice stopped with numbness (see a doctor today) and areas to avoid."""
    patient = Patient.objects.get(user=world.users["patient"])
    screening_submit(
        patient=patient, answers={**ALL_CLEAR, "recent_fracture_regions": ["shoulder_left"]}
    )
    session_stop_submit(patient=patient, symptoms=["numbness"], resolved=True)
    assert patient.screenings.open_red_flags().exists()
    return world


def assert_no_codes(world: World) -> None:
    found = {}
    for role, url in pages(world):
        response = world.client(role).get(url)
        if response.status_code != 200:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = b"".join(response).decode() if response.streaming else response.content.decode()
        if codes := raw_codes(html):
            found[f"{role} {url}"] = sorted(set(codes))
    assert not found, "raw codes on pages:\n" + "\n".join(f"{k}: {v}" for k, v in found.items())


def test_no_page_of_the_test_world_shows_a_raw_code(db):
    assert_no_codes(with_red_flags(build_world()))


def demo_world() -> World:
    """The demo clinic, reached through the same route list."""
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))
    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.test")}
    patient = Patient.objects.get(user=users["patient"])
    care = CarePlan.objects.filter(patient=patient).first()
    visit = Visit.objects.filter(plan=care).order_by("number").first()
    feed, _ = CalendarFeed.objects.get_or_create(patient=patient)
    invitation = Invitation.objects.create(
        clinic=patient.clinic, therapist=users["therapist"], email="new@example.test"
    )
    today = timezone.localdate()
    screening = Screening.objects.filter(patient=patient).first()
    args = {
        "patient": patient.public_id,
        "screening": screening.public_id,
        "care_plan": care.public_id,
        "visit": visit.public_id,
        "routine": Routine.objects.published().first().slug,
        "feed": feed.token,
        "invitation": invitation.token,
        "today": today.isoformat(),
        "tomorrow": (today + timedelta(days=1)).isoformat(),
    }
    roles = {
        "patient": users["patient"], "other_patient": users["patient2"],
        "therapist": users["therapist"], "other_therapist": users["therapist"],
        "staff": users["staff"], "clinic_admin": users["admin"], "outsider": users["patient2"],
    }  # fmt: skip
    return World(users=roles, args=args)


@pytest.mark.django_db
def test_no_page_of_the_demo_clinic_shows_a_raw_code(settings):
    settings.DEBUG = True
    assert_no_codes(with_red_flags(demo_world()))
