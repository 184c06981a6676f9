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
