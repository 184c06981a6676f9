"""Route x gate-state: for each state of the safety gate, every route of the site (taken from the
URL resolver, so a route added tomorrow is walked too) is fetched and posted to as the patient,
and fetched as the therapist and the front desk; nothing of the home plan that the patient may
not be given leaks: no routine steps in any page or PDF, no routine picture, no stored practice.

Each routine's steps carry a canary word; finding it in a response means the routine was handed
out. A control state (all clear) proves the detector sees the routines where they belong."""

import io
import json
import uuid
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from plans.models import Visit
from selfcare.models import PracticeEntry, Routine
from selfcare.services import Dose, plan_save, practice_token
from triage.models import QuickCheck, Screening
from triage.questions import ALL_CLEAR
from triage.services import screening_submit, session_stop_submit

from .routes import ARGS, site_routes, url_for
from .world import build_world

pytestmark = pytest.mark.django_db

SHOULDER = "QXCANARYSHOULDER"  # steps of the plan routine that presses on the left shoulder
BACK = "QXCANARYBACK"  # steps of a plan routine that presses on the upper back
NECK = "QXCANARYNECK"  # steps of a plan routine that presses on nothing but moves the neck
CANARIES = (SHOULDER, BACK, NECK)


def _set_up():
    world = build_world()
    patient = world.users["patient"].patient
    therapist = world.users["therapist"]
    shoulder = Routine.objects.get(slug=world.args["routine"])
    shoulder.steps = [f"Lean in {SHOULDER} gently.", "Hold."]
    shoulder.save()
    back = Routine.objects.create(
        slug="rhomboid-ball", title="Between the shoulder blades", regions=["upper_back"],
        tools=["tennis_ball", "soft_foam_ball"], position="wall",
        steps=[f"Roll {BACK} slowly.", "Hold."], hold_seconds_min=30, hold_seconds_max=90,
        hold_seconds_default=60, spots_per_side=2, sides="both", frequency="daily",
    )  # fmt: skip
    neck = Routine.objects.create(
        slug="chin-tuck-drill", title="Chin tucks", regions=[], tools=["none"],
        contraindications=["neck_movement"], position="seated", steps=[f"Tuck {NECK} slowly."],
        hold_seconds_min=30, hold_seconds_max=90, hold_seconds_default=30, spots_per_side=1,
        sides="midline", frequency="daily",
    )  # fmt: skip
    doses = [Dose(r, 60, 2, "both", "daily") for r in (shoulder, back)]
    plan_save(
        patient=patient, therapist=therapist, doses=[*doses, Dose(neck, 30, 1, "midline", "daily")]
    )
    care = patient.care_plans.get()
    tomorrow = timezone.localdate() + timedelta(days=1)
    Visit.objects.create(plan=care, number=99, date=tomorrow)
    return world, patient


def _screened(patient, days_ago: int = 0, **answers) -> Screening:
    screening = screening_submit(patient=patient, answers={**ALL_CLEAR, **answers})
    when = timezone.now() - timedelta(days=days_ago)
    Screening.objects.filter(pk=screening.pk).update(created_at=when)
    return screening


def _state_no_screening(patient):
    Screening.objects.filter(patient=patient).delete()


def _state_unfinished(patient):
    from triage.services import step_answers_save

    Screening.objects.filter(patient=patient).delete()
    step_answers_save(patient=patient, answers={"age": 40, "pregnancy": "no"})


def _state_expired(patient):
    Screening.objects.filter(patient=patient).delete()
    _screened(patient, days_ago=31)


def _state_needs_quick_check(patient):
    Screening.objects.filter(patient=patient).delete()
    _screened(patient, days_ago=2)


def _state_something_new(patient):
    """Yesterday's quick check said "something new"; today's says nothing new. The first is
    remembered until a full screening is done."""
    Screening.objects.filter(patient=patient).delete()
    _screened(patient, days_ago=3)
    today = timezone.localdate()
    QuickCheck.objects.create(
        patient=patient, day=today - timedelta(days=1), answers={"new": True}, anything_new=True
    )
    QuickCheck.objects.create(
        patient=patient, day=today, answers={"new": False}, anything_new=False
    )


def _state_open_red_flag(patient):
    """The in-session stop button said "see a doctor"; nobody has cleared it."""
    session_stop_submit(patient=patient, symptoms=["dizziness"], resolved=True)


def _state_region_excluded(patient):
    Screening.objects.filter(patient=patient).delete()
    _screened(patient, recent_fracture_regions=["shoulder_left"])


def _state_neck_fracture(patient):
    """Pressure on the neck is excluded, and so are neck movements that press on nothing."""
    Screening.objects.filter(patient=patient).delete()
    _screened(patient, recent_fracture_regions=["neck_back"])


def _state_blood_thinner(patient):
    """Only routines that can be done with the soft ball are offered."""
    Screening.objects.filter(patient=patient).delete()
    _screened(patient, anticoagulant=True)


def _state_all_clear(patient):
    Screening.objects.filter(patient=patient).delete()
    _screened(patient)


# state -> (set-up, canaries the patient may be given in it)
STATES = {
    "no screening": (_state_no_screening, ()),
    "unfinished screening": (_state_unfinished, ()),
    "expired screening": (_state_expired, ()),
    # Nothing on the patient's pages, and the patient's own print asks for the quick check
    # first; the plan printed by the therapist or the desk carries the same check on paper
    # (see selfcare/allowed.py and the test below).
    "needs the quick check": (_state_needs_quick_check, ()),
    "quick check said something new": (_state_something_new, ()),
    "open red flag": (_state_open_red_flag, ()),
    "region excluded": (_state_region_excluded, (BACK, NECK)),
    "neck fracture": (_state_neck_fracture, (SHOULDER, BACK)),
    "blood thinner": (_state_blood_thinner, (BACK, NECK)),
}


def _text(response) -> str:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind.startswith("application/pdf"):
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if kind.startswith("image/"):
        return "<image>"
    return body.decode("utf-8", "replace")


def _leaks(text: str, allowed) -> set[str]:
    found = {c for c in CANARIES if c in text}
    if text == "<image>":
        found.add("image")
    return found - set(allowed) - ({"image"} if allowed else set())


def _walk(world, role: str, *, pdf_only: bool = False) -> dict[str, str]:
    client = world.client(role)
    out = {}
    for _route, name in site_routes():
        url = url_for(name, world)
        response = client.get(url)
        if response.status_code != 200:
            continue
        if pdf_only and not response.get("Content-Type", "").startswith("application/pdf"):
            continue
        out[url] = _text(response)
    return out


def _posts_store_practice(world, patient) -> list[tuple[str, str]]:
    """POST to every route as the patient, each in a transaction rolled back afterwards, with
    what a practice-log form or an offline sync would send; which of them stored practice?"""
    client = world.client("patient")
    token = practice_token(patient)
    form = {"token": token, "with_timer": "on", "pain_before": "3", "pain_after": "2"}
    stored = []
    for _route, name in site_routes():
        url = url_for(name, world)
        for body in (form, None):
            with transaction.atomic():
                if body is None:
                    sync = {
                        "kind": "practice",
                        "slug": world.args["routine"],
                        "key": str(uuid.uuid4()),
                        "day": timezone.localdate().isoformat(),
                    }
                    payload = json.dumps({"items": [sync]})
                    client.post(url, payload, content_type="application/json")
                else:
                    client.post(url, body)
                if PracticeEntry.objects.filter(patient=patient).exists():
                    stored.append((url, "json" if body is None else "form"))
                transaction.set_rollback(True)
    return stored


@pytest.mark.parametrize("state", STATES, ids=list(STATES))
def test_nothing_of_the_plan_leaks_in_any_gate_state(state, monkeypatch):
    monkeypatch.setattr("handouts.limits.PDF_LIMIT", 10_000)
    world, patient = _set_up()
    set_up, allowed = STATES[state]
    set_up(patient)
    leaks = {}
    printers = () if state == "needs the quick check" else (("therapist", True), ("staff", True))
    for role, pdf_only in (("patient", False), *printers):
        for url, text in _walk(world, role, pdf_only=pdf_only).items():
            if found := _leaks(text, allowed):
                leaks[(role, url)] = found
    assert leaks == {}
    stored = _posts_store_practice(world, patient)
    if SHOULDER in allowed:  # the posted routine may be logged in this state
        stored = []
    assert stored == []


def test_the_walk_sees_the_plan_when_the_gate_is_open(monkeypatch):
    """The control: with an all-clear screening the same walk finds both routines on the
    patient's pages, in the patient's plan PDF and in the desk's batch, and a practice log
    is stored. Without this, the test above could pass by seeing nothing at all."""
    monkeypatch.setattr("handouts.limits.PDF_LIMIT", 10_000)
    world, patient = _set_up()
    _state_all_clear(patient)
    seen = {
        role: " ".join(_walk(world, role, pdf_only=role != "patient").values())
        for role in ("patient", "therapist", "staff")
    }
    for role, text in seen.items():
        assert all(canary in text for canary in CANARIES), role
    # Both a form post (the practice log) and a JSON post (the phone's offline sync) store.
    assert {kind for _url, kind in _posts_store_practice(world, patient)} == {"form", "json"}


def test_every_route_with_arguments_is_walked():
    """A route the walk cannot build a URL for would be skipped silently: every route with
    arguments must have its arguments in tests/security/routes.py."""
    from .routes import has_arguments

    missing = [name for route, name in site_routes() if has_arguments(route) and name not in ARGS]
    assert missing == []


def test_a_plan_printed_for_a_patient_who_has_not_done_todays_quick_check_asks_it_on_paper(
    monkeypatch,
):
    monkeypatch.setattr("handouts.limits.PDF_LIMIT", 10_000)
    world, patient = _set_up()
    _state_needs_quick_check(patient)
    for role in ("therapist", "staff"):
        pdfs = _walk(world, role, pdf_only=True).values()
        plan = next(text for text in pdfs if SHOULDER in text)
        assert "Before each practice day" in plan and "anything new" in plan


@pytest.mark.parametrize("state", ["open red flag", "region excluded"])
def test_the_command_line_print_asks_the_gate_too(state, tmp_path):
    from django.core.management import call_command

    world, patient = _set_up()
    set_up, allowed = STATES[state]
    set_up(patient)
    out = tmp_path / "plan.pdf"
    call_command("render_plan_pdf", patient.user.email, str(out))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert _leaks(text, allowed) == set()


def test_only_the_gated_print_service_renders_a_home_plan():
    """Every printed plan comes from handouts.plan_pdf.plan_pdf, which asks the gate: no other
    module renders the plan template or calls the ungated renderer."""
    from django.conf import settings

    root = settings.BASE_DIR
    offenders = []
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if parts[0] in {".venv", "tests", "bench", "var"} or "migrations" in parts:
            continue
        text = path.read_text()
        if path.relative_to(root).as_posix() == "handouts/plan_pdf.py":
            continue
        if "print/home_plan.html" in text or "render_plan(" in text:
            offenders.append(path.relative_to(root).as_posix())
    assert offenders == []
