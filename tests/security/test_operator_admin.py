"""Finding 1: clinic admins are not Django superusers; the Django admin is the platform
operator's alone, shows no secrets and no health data, and every change made there is audited.

A clinic admin of one clinic reaches nothing of another clinic by any URL: every page of the
site and every page of the Django admin, by GET and by POST."""

import io
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from clinic.models import AuditEvent, Clinic, User
from plans.models import ClosedDay
from tests.conftest import login
from tests.factories import PASSWORD, TOTP_SECRET, make_clinic, make_user, totp_code

from .routes import ARGS, site_routes, url_for
from .test_access_table import snapshot
from .world import build_world

CANARY = "Canary-note-5d1e-aura-after-cheese"


def make_operator(email: str = "operator@example.test") -> User:
    operator = User.objects.create_superuser(email, PASSWORD, full_name="Pat Operator")
    EmailAddress.objects.create(user=operator, email=email, verified=True, primary=True)
    TOTP.activate(operator, TOTP_SECRET)
    return operator


def log_in_with_totp(user: User) -> Client:
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert int(client.session["_auth_user_id"]) == user.pk
    return client


def admin_urls(objects) -> list[str]:
    """Every admin page of the site as registered now: each model's list and add pages, and
    the change, delete, history (and for users, password) pages of `objects`."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        for obj in objects:
            if isinstance(obj, model):
                for page in ("change", "delete", "history"):
                    urls.append(reverse(f"{prefix}_{page}", args=[obj.pk]))
                if model is User:
                    urls.append(reverse("admin:auth_user_password_change", args=[obj.pk]))
    return urls


def world_objects(world) -> list:
    clinic = world.users["therapist"].clinic
    from django.apps import apps

    objects = [clinic, *world.users.values()]
    for model in apps.get_models():
        if model in admin.site._registry and model not in (User, Clinic):
            objects += list(model.objects.all()[:3])
    return objects


# --- Clinic admins are not Django superusers ------------------------------------------------


def test_the_demo_clinic_admin_is_not_staff_or_superuser(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    admin_user = User.objects.get(email="admin@demo.test")
    assert admin_user.role == User.Role.CLINIC_ADMIN
    assert not admin_user.is_staff and not admin_user.is_superuser
    assert not User.objects.filter(is_superuser=True).exists()


def test_the_database_refuses_a_clinic_admin_who_is_staff_or_superuser(clinic_admin):
    for flags in ({"is_staff": True}, {"is_superuser": True}):
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.filter(pk=clinic_admin.pk).update(**flags)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(
            "x@example.test", role=User.Role.OPERATOR, clinic=clinic_admin.clinic
        )


@pytest.mark.parametrize("fixture", ["as_clinic_admin", "as_therapist", "as_staff", "as_patient"])
def test_the_django_admin_refuses_everyone_but_the_operator(request, fixture, clinic_admin):
    client = request.getfixturevalue(fixture)
    for url in admin_urls([clinic_admin, clinic_admin.clinic]) + ["/django-admin/login/"]:
        response = client.get(url)
        assert response.status_code == 404, f"{fixture} GET {url}: {response.status_code}"
        response = client.post(url, {"name": "Taken over", "is_active": "on"})
        assert response.status_code in (403, 404), f"{fixture} POST {url}"
    assert Clinic.objects.get(pk=clinic_admin.clinic_id).name != "Taken over"


def test_an_anonymous_visitor_is_sent_to_the_apps_login_page(anon, db):
    response = anon.get("/django-admin/")
    assert response.status_code == 302
    response = anon.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_clinic_admin_reaches_nothing_of_another_clinic_by_any_url(db):
    """The demo's clinic admin (who was a superuser) against a second clinic with one of
    everything: every app route with that clinic's ids, and every admin page of its objects."""
    from clinic import demo

    intruder = demo.seed().admin
    world = build_world()
    client = login(intruder)
    # (Names are not unique: the demo's people are called like the world's.)
    private = [u.email for u in world.users.values() if u != world.users["outsider"]]
    private += ["Harbour Headache Clinic", world.users["therapist"].clinic.join_code]
    private += [str(world.args[key]) for key in ("patient", "screening", "care_plan", "visit")]
    # The calendar feed and the invitation page answer whoever holds their secret token: the
    # intruder does not, and they are left out.
    bearer = {"plans:calendar-feed", "clinic:accept-invitation"}
    routes = [(route, name) for route, name in site_routes() if name not in bearer]
    records = {str(world.args[k]) for k in ("patient", "screening", "care_plan", "visit")}
    named = {
        url_for(name, world)
        for _, name in routes
        if name in ARGS and records & {str(v) for v in ARGS[name](world.args).values()}
    }
    named |= set(admin_urls(world_objects(world)))
    urls = [url_for(name, world) for _, name in routes] + admin_urls(world_objects(world))
    clinic = world.users["therapist"].clinic
    payload = {"name": "Taken over", "email": intruder.email, "password1": "x" * 20,
               "password2": "x" * 20, "therapists": [intruder.pk], "is_active": "",
               "patient": world.args["patient"], "clinic": clinic.pk}  # fmt: skip
    for url in urls:
        before, before_theirs = snapshot(), owned_snapshot(clinic)
        response = client.get(url)
        assert response.status_code in (200, 302, 404, 405), f"GET {url}"
        if response.status_code == 200 and not url.startswith("/django-admin/"):
            body = b"".join(response) if response.streaming else response.content
            body = body.decode(errors="replace")
            leaked = [p for p in private if p in body]
            assert not leaked, f"GET {url} shows {leaked}"
        assert response.status_code != 200 or not url.startswith("/django-admin/"), url
        response = client.post(url, payload)
        assert response.status_code < 500, f"POST {url}"
        assert owned_snapshot(clinic) == before_theirs, f"POST {url} changed the other clinic"
        if url in named:  # a URL naming the other clinic's records changes nothing at all
            assert snapshot() == before, f"POST {url} changed data"


def owned_snapshot(clinic: Clinic) -> dict[str, list]:
    """Every row that belongs to `clinic`: the clinic, its people, and every record that
    hangs off them (by clinic, patient, plan or diary entry)."""
    from django.apps import apps

    paths = ["clinic", "patient__clinic", "plan__patient__clinic", "entry__patient__clinic",
             "user__clinic"]  # fmt: skip
    rows = {"clinic.Clinic": sorted(map(repr, Clinic.objects.filter(pk=clinic.pk).values_list()))}
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        for path in paths:
            if path.split("__")[0] in names:
                query = model.objects.filter(**{path: clinic}).values_list()
                rows[model._meta.label] = sorted(map(repr, query))
                break
    return rows


# --- The platform operator -------------------------------------------------------------------


def test_create_operator_makes_an_operator_who_must_set_up_totp_first(db):
    out = io.StringIO()
    call_command("create_operator", "Ops@Example.test", "--no-input", stdout=out)
    password = re.search(r"Password \(shown only now\): (\S+)", out.getvalue()).group(1)
    operator = User.objects.get(email="ops@example.test")
    assert (operator.role, operator.clinic, operator.is_staff, operator.is_superuser) == (
        User.Role.OPERATOR,
        None,
        True,
        True,
    )
    client = Client()
    client.post(reverse("account_login"), {"login": operator.email, "password": password})
    response = client.get("/django-admin/")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert not Authenticator.objects.filter(user=operator).exists()


def test_create_operator_refuses_an_address_of_a_clinic_account(clinic_admin):
    with pytest.raises(CommandError, match="exists already"):
        call_command("create_operator", clinic_admin.email, "--no-input", stdout=io.StringIO())
    clinic_admin.refresh_from_db()
    assert clinic_admin.role == User.Role.CLINIC_ADMIN and not clinic_admin.is_superuser


def test_the_operator_needs_a_totp_session_for_the_admin(db):
    operator = make_operator()
    password_only = Client()
    password_only.force_login(operator)  # a session that never passed a TOTP code
    response = password_only.get("/django-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    client = log_in_with_totp(operator)
    assert client.get("/django-admin/").status_code == 200
    assert client.get("/").headers["Location"] == reverse("admin:index")


def test_the_operator_opens_no_clinical_page(db):
    world = build_world()
    operator = make_operator()
    client = log_in_with_totp(operator)
    for url in (
        reverse("plans:patient", args=[world.args["patient"]]),
        reverse("handouts:plan-pdf", args=[world.args["patient"]]),
        reverse("clinic:people"),
        reverse("clinic:audit-log"),
        reverse("triage:result", args=[world.args["screening"]]),
    ):
        assert client.get(url).status_code == 404, url
    denied = AuditEvent.objects.filter(actor=operator, outcome="denied")
    assert denied.count() == 5 and not denied.exclude(patient_public_id=None).exists()


# Models that hold health data or secrets: none of them may be in the admin.
FORBIDDEN = {
    "clinic.patient", "clinic.invitation", "clinic.auditevent", "triage.screening",
    "triage.screeningdraft", "triage.quickcheck", "plans.careplan", "plans.visit",
    "plans.diaryentry", "plans.diaryentryrevision", "plans.questionnaireresponse",
    "plans.calendarfeed", "selfcare.homeplan", "selfcare.planitem", "selfcare.practiceentry",
    "mfa.authenticator", "usersessions.usersession", "sessions.session",
    "account.emailconfirmation", "account.emailaddress", "auth.group", "admin.logentry",
}  # fmt: skip


def test_the_admin_holds_only_clinics_workforce_and_clinic_settings():
    from clinic.admin_site import ALLOWED

    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ALLOWED)
    assert not registered & FORBIDDEN


def test_no_admin_page_shows_a_secret_or_health_data(db):
    from plans.models import DiaryEntry

    world = build_world()
    DiaryEntry.objects.filter(patient__user=world.users["patient"]).update(note=CANARY)
    operator = make_operator()
    client = log_in_with_totp(operator)
    patients = [world.users["patient"], world.users["other_patient"]]
    private = [CANARY, TOTP_SECRET, "gAAAAA", *(p.email for p in patients)]
    private += [p.full_name for p in patients]
    private += [str(world.args["patient"]), world.args["feed"]]
    patient_pages = {f"/django-admin/clinic/user/{p.pk}/" for p in patients}
    for url in admin_urls(world_objects(world)):
        response = client.get(url)
        if url.startswith(tuple(patient_pages)):  # not in the admin's list of accounts
            assert response.status_code in (302, 403, 404), url
        elif url.endswith("/delete/") and ("/clinic/user/" in url or "/clinic/clinic/" in url):
            assert response.status_code == 403, url  # deactivated, never deleted
        else:
            assert response.status_code == 200, url
        body = response.content.decode()
        leaked = [p for p in private if p in body]
        assert not leaked, f"{url} shows {leaked}"
    patient_user = world.users["patient"]
    url = reverse("admin:clinic_user_change", args=[patient_user.pk])
    assert client.get(url).status_code in (302, 404)  # patients are not in the admin


def test_every_change_in_the_admin_is_audited_on_the_clinics_trail(db):
    clinic = make_clinic(name="Harbour Headache Clinic")
    clinic_admin = make_user(User.Role.CLINIC_ADMIN, clinic)
    therapist = make_user(User.Role.THERAPIST, clinic)
    closed = ClosedDay.objects.create(clinic=clinic, date="2030-12-25", reason="Holiday")
    operator = make_operator()
    client = log_in_with_totp(operator)

    response = client.post(
        reverse("admin:clinic_clinic_change", args=[clinic.pk]),
        {"name": "Harbour Clinic", "address": "", "phone": "0117 496 0000",
         "emergency_number": "112"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        reverse("admin:clinic_user_add"),
        {"email": "new.therapist@example.test", "full_name": "Noor New", "role": "therapist",
         "clinic": clinic.pk, "usable_password": "true", "password1": "a long new password 9",
         "password2": "a long new password 9"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    new = User.objects.get(email="new.therapist@example.test")
    assert not new.is_staff and not new.is_superuser and new.clinic == clinic
    response = client.post(
        reverse("admin:auth_user_password_change", args=[therapist.pk]),
        {"password1": "another long password 7", "password2": "another long password 7"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("admin:plans_closedday_delete", args=[closed.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    events = AuditEvent.objects.filter(actor=operator).exclude(outcome="denied")
    found = {(e.action, e.object_type, e.object_id, e.clinic_id) for e in events}
    assert found == {
        ("admin_change", "clinic.Clinic", str(clinic.pk), clinic.pk),
        ("admin_add", "clinic.User", str(new.pk), clinic.pk),
        ("admin_change", "clinic.User", str(therapist.pk), clinic.pk),
        ("admin_delete", "plans.ClosedDay", str(closed.pk), clinic.pk),
    }
    assert all(e.role == "operator" for e in events)
    response = client.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": "operators new pass 31",
         "new_password2": "operators new pass 31"},
    )  # fmt: skip
    assert response.status_code == 302
    own = AuditEvent.objects.filter(actor=operator, object_id=str(operator.pk)).get()
    assert (own.action, own.object_type, own.clinic_id) == ("admin_change", "clinic.User", None)
    # The clinic's own admin sees the operator's changes on the clinic's audit page.
    page = login(clinic_admin).get(reverse("clinic:audit-log")).content.decode()
    assert page.count(operator.display_name) == 4


def test_the_admin_cannot_make_a_superuser_or_move_a_patient(db):
    clinic = make_clinic()
    therapist = make_user(User.Role.THERAPIST, clinic)
    operator = make_operator()
    client = log_in_with_totp(operator)
    response = client.post(
        reverse("admin:clinic_user_change", args=[therapist.pk]),
        {"email": therapist.email, "full_name": "T", "role": "operator", "clinic": clinic.pk,
         "is_active": "on", "is_staff": "on", "is_superuser": "on"},
    )  # fmt: skip
    assert response.status_code == 200  # the form refuses the role
    therapist.refresh_from_db()
    assert therapist.role == User.Role.THERAPIST
    assert not therapist.is_staff and not therapist.is_superuser


def test_the_migration_takes_django_admin_rights_from_clinic_accounts(transactional_db):
    """Existing clinic admins lose is_staff and is_superuser; a clinic-less superuser (made by
    createsuperuser before there were operators) becomes an operator."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("clinic", "0008_encrypt_mfa_secrets")], [("clinic", "0009_platform_operator")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldUser, OldClinic = old.get_model("clinic", "User"), old.get_model("clinic", "Clinic")
    clinic = OldClinic.objects.create(name="Old Clinic", emergency_number="112")
    rows = {
        "admin": dict(role="clinic_admin", clinic=clinic, is_staff=True, is_superuser=True),
        "therapist": dict(role="therapist", clinic=clinic, is_staff=True),
        "root": dict(role="clinic_admin", clinic=None, is_staff=True, is_superuser=True),
        "patient": dict(role="patient", clinic=clinic),
    }
    for name, fields in rows.items():
        OldUser.objects.create(email=f"{name}@example.test", password="!", **fields)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    users = {u.email.split("@")[0]: u for u in User.objects.all()}
    assert (users["admin"].role, users["admin"].is_staff, users["admin"].is_superuser) == (
        "clinic_admin", False, False,
    )  # fmt: skip
    assert not users["therapist"].is_staff
    assert (users["root"].role, users["root"].is_superuser) == ("operator", True)
    assert users["patient"].role == "patient"
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
