"""A small clinic with one of everything, for tests that walk every route as every role."""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from clinic.models import Invitation, User
from plans.clinic_settings import clinic_triggers
from plans.models import CalendarFeed, CarePlan
from plans.services import diary_no_headache, plan_create
from selfcare.models import Routine
from selfcare.services import Dose, plan_save
from tests.factories import make_clinic, make_patient, make_user
from triage.questions import ALL_CLEAR
from triage.services import screening_submit

ROLES = (
    "anonymous",
    "patient",
    "other_patient",
    "therapist",
    "other_therapist",
    "staff",
    "clinic_admin",
    "outsider",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    args: dict = field(default_factory=dict)

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


def routine(slug: str = "upper-trap") -> Routine:
    return Routine.objects.create(
        slug=slug, title="Upper trapezius wall ball", regions=["shoulder_left"],
        tools=["tennis_ball"], position="wall", steps=["Lean in.", "Hold.", "Breathe."],
        hold_seconds_min=30, hold_seconds_max=90, hold_seconds_default=60, spots_per_side=2,
        sides="both", frequency="daily", image="selfcare/content/img/upper-trapezius-wall-ball.png",
        image_alt="A person leaning on a ball against a wall.",
    )  # fmt: skip


def build_world() -> World:
    clinic = make_clinic(name="Harbour Headache Clinic")
    therapist = make_user(User.Role.THERAPIST, clinic, full_name="Sam Rivera")
    other_therapist = make_user(User.Role.THERAPIST, clinic, full_name="Kim Other")
    patient = make_patient(clinic, therapists=[therapist], full_name="Alex Morgan")
    other_patient = make_patient(clinic, therapists=[other_therapist], full_name="Priya Shah")
    staff = make_user(User.Role.STAFF, clinic)
    admin = make_user(User.Role.CLINIC_ADMIN, clinic)
    outsider = make_user(User.Role.THERAPIST, make_clinic(name="Elsewhere"))
    for each in (clinic, outsider.clinic):
        clinic_triggers(each)  # each clinic's default diary triggers, created on first use
    today = timezone.localdate()

    screening = screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    lib = routine()
    plan_save(patient=patient, therapist=therapist, doses=[Dose(lib, 60, 2, "both", "daily")])
    care, _ = plan_create(
        patient=patient, therapist=therapist, start=today - timedelta(days=7), sessions=8,
        weeks=4, headache_type="tension_type", key=uuid.uuid4(),
    )  # fmt: skip
    visit = care.visits.order_by("number").first()
    diary_no_headache(patient=patient, day=today, by=patient.user, today=today)
    feed = CalendarFeed.issue(patient)
    invitation = Invitation.objects.create(
        clinic=clinic, therapist=therapist, email="new@example.test"
    )
    users = {
        "patient": patient.user, "other_patient": other_patient.user, "therapist": therapist,
        "other_therapist": other_therapist, "staff": staff, "clinic_admin": admin,
        "outsider": outsider,
    }  # fmt: skip
    args = {
        "patient": patient.public_id,
        "screening": screening.public_id,
        "care_plan": care.public_id,
        "visit": visit.public_id,
        "routine": lib.slug,
        "feed": feed.token,
        "invitation": invitation.token,
        "today": today.isoformat(),
        "tomorrow": (today + timedelta(days=1)).isoformat(),
    }
    assert CarePlan.objects.count() == 1
    return World(users=users, args=args)
