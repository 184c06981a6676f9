import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.management import CommandError, call_command

from clinic.models import User


def row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_seed_demo_creates_the_demo_accounts_and_a_second_run_changes_nothing(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    emails = set(User.objects.values_list("email", flat=True))
    assert {
        "admin@demo.test",
        "therapist@demo.test",
        "staff@demo.test",
        "patient@demo.test",
        "patient2@demo.test",
    } <= emails
    therapist = User.objects.get(email="therapist@demo.test")
    assert therapist.check_password("demo-pass-2026")
    assert Authenticator.objects.filter(user=therapist, type="totp").exists()
    assert therapist.emailaddress_set.get().verified
    before = row_counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert row_counts() == before


def test_seed_demo_refuses_in_production_without_force(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_the_full_page_benchmark_clinic_fills_the_dashboard_and_desk_pages_once(
    db, settings, client
):
    from django.urls import reverse

    from clinic.demo_scale import FULL_PAGE_DESK, FULL_PAGE_PATIENTS, FULL_PAGE_THERAPIST
    from handouts.desk import VISITS_PER_PAGE
    from plans.dashboard import PAGE_SIZE
    from plans.models import DiaryEntry

    settings.DEBUG = True
    call_command("seed_demo", "--full-page", stdout=open("/dev/null", "w"))
    therapist = User.objects.get(email=FULL_PAGE_THERAPIST)
    assert Authenticator.objects.filter(user=therapist, type="totp").exists()
    caseload = therapist.assigned_patients.all()
    assert caseload.count() == FULL_PAGE_PATIENTS > PAGE_SIZE
    assert {p.clinic_id for p in caseload} == {therapist.clinic_id}
    assert not User.objects.filter(email="therapist@demo.test", clinic=therapist.clinic).exists()
    assert DiaryEntry.objects.filter(patient__in=caseload).count() > 60 * FULL_PAGE_PATIENTS
    client.force_login(therapist)
    session = client.session
    session["mfa_enrolled"] = True
    session.save()
    page = client.get(reverse("plans:dashboard"))
    assert len(page.context["page"].object_list) == PAGE_SIZE
    desk = User.objects.get(email=FULL_PAGE_DESK, clinic=therapist.clinic)
    assert Authenticator.objects.filter(user=desk, type="totp").exists()
    client.force_login(desk)
    session = client.session
    session["mfa_enrolled"] = True
    session.save()
    days = client.get(reverse("handouts:desk")).context["days"]
    assert [(label, len(visits.object_list)) for label, _, visits in days] == [
        ("Today", VISITS_PER_PAGE),
        ("Tomorrow", VISITS_PER_PAGE),
    ]
    before = row_counts()
    call_command("seed_demo", "--full-page", stdout=open("/dev/null", "w"))
    assert row_counts() == before
