"""Finding 2: MFA secrets are not readable in the database, and calendar feed tokens are kept
only as hashes.

TOTP secrets and recovery-code seeds go through the MFA adapter's encrypt()/decrypt() hooks
(Fernet, keys from DJANGO_ENCRYPTION_KEYS); a migration converts rows written before, and
`manage.py rotate_encryption_keys` re-encrypts every row with the first key."""

import json
from importlib import import_module

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from cryptography.fernet import Fernet
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from clinic.models import User
from plans.models import CalendarFeed
from tests.factories import PASSWORD, TOTP_SECRET, make_user, totp_code


def raw_data(authenticator_pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [authenticator_pk])
        value = cursor.fetchone()[0]
    return value if isinstance(value, str) else json.dumps(value)


def raw_row(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return repr(cursor.fetchone())


def totp_ok(authenticator: Authenticator, code: str | None = None) -> bool:
    """The current code checks against the stored secret (without using the code up)."""
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.totp.internal.auth import validate_totp_code

    secret = get_adapter().decrypt(authenticator.data["secret"])
    return validate_totp_code(secret, code or totp_code())


def test_the_totp_secret_is_not_in_the_database_row(clinic):
    therapist = make_user(User.Role.THERAPIST, clinic)
    totp = Authenticator.objects.get(user=therapist, type=Authenticator.Type.TOTP)
    stored = raw_data(totp.pk)
    assert TOTP_SECRET not in stored
    assert TOTP_SECRET.lower() not in stored.lower()
    assert totp_ok(totp)


def test_the_recovery_code_seed_is_not_in_the_database_row(clinic):
    therapist = make_user(User.Role.THERAPIST, clinic)
    codes = RecoveryCodes.activate(therapist)
    seed = codes.instance.wrap().instance.data["seed"]
    from allauth.mfa.adapter import get_adapter

    plain = get_adapter().decrypt(seed)
    assert len(plain) == 80 and plain not in raw_data(codes.instance.pk)
    first = codes.generate_codes()[0]
    assert RecoveryCodes(Authenticator.objects.get(pk=codes.instance.pk)).validate_code(first)


def test_a_therapist_still_logs_in_with_password_and_totp(anon, clinic):
    therapist = make_user(User.Role.THERAPIST, clinic)
    response = anon.post(reverse("account_login"), {"login": therapist.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    response = anon.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in anon.session
    response = anon.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert int(anon.session["_auth_user_id"]) == therapist.pk


def test_enrolling_totp_through_the_pages_stores_an_encrypted_secret(anon, clinic):
    therapist = make_user(User.Role.THERAPIST, clinic, totp=False)
    anon.post(reverse("account_login"), {"login": therapist.email, "password": PASSWORD})
    page = anon.get(reverse("mfa_activate_totp"))
    if page.status_code == 302:  # allauth asks for the password again before MFA changes
        anon.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        page = anon.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = anon.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    totp = Authenticator.objects.get(user=therapist, type=Authenticator.Type.TOTP)
    assert secret not in raw_data(totp.pk)
    assert totp_ok(totp, totp_code(secret))


def test_the_migration_encrypts_rows_written_in_clear_and_can_run_twice(clinic):
    therapist = make_user(User.Role.THERAPIST, clinic)
    totp = Authenticator.objects.get(user=therapist)
    Authenticator.objects.filter(pk=totp.pk).update(data={"secret": TOTP_SECRET})
    recovery = Authenticator.objects.create(
        user=therapist,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678"]},
    )
    assert TOTP_SECRET in raw_data(totp.pk)
    migration = import_module("clinic.migrations.0008_encrypt_mfa_secrets")
    migration.encrypt_secrets(django_apps, None)
    migration.encrypt_secrets(django_apps, None)  # idempotent: nothing is encrypted twice
    assert TOTP_SECRET not in raw_data(totp.pk)
    assert "ab" * 40 not in raw_data(recovery.pk) and "12345678" not in raw_data(recovery.pk)
    assert totp_ok(Authenticator.objects.get(pk=totp.pk))
    codes = RecoveryCodes(Authenticator.objects.get(pk=recovery.pk))
    assert codes.generate_codes() == ["12345678"]
    migration.decrypt_secrets(django_apps, None)  # the way back, for a rollback
    assert TOTP_SECRET in raw_data(totp.pk)


def test_key_rotation_re_encrypts_every_row_with_the_new_key(clinic, settings):
    therapist = make_user(User.Role.THERAPIST, clinic)
    old = list(settings.ENCRYPTION_KEYS)
    new = Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [new, *old]
    call_command("rotate_encryption_keys", verbosity=0)
    settings.ENCRYPTION_KEYS = [new]  # the old key is gone
    totp = Authenticator.objects.get(user=therapist)
    assert totp_ok(totp)
    assert TOTP_SECRET not in raw_data(totp.pk)


def test_a_wrong_key_refuses_rather_than_reading_garbage(clinic, settings):
    from clinic import crypto

    therapist = make_user(User.Role.THERAPIST, clinic)
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(crypto.DecryptionFailed):
        totp_ok(Authenticator.objects.get(user=therapist))


# --- Calendar feed tokens ----------------------------------------------------------------


def test_the_calendar_address_is_stored_only_as_a_hash(as_patient, anon, patient):
    page = as_patient.post(reverse("plans:calendar-issue"))
    assert page.status_code == 200
    token = page.context["feed_token"]
    assert token in page.content.decode()
    feed = CalendarFeed.objects.get(patient=patient)
    assert token not in raw_row("plans_calendarfeed", feed.pk)
    assert anon.get(reverse("plans:calendar-feed", args=[token])).status_code == 200
    # The address is shown once; afterwards the page can only offer a new one.
    assert token not in as_patient.get(reverse("plans:calendar")).content.decode()
    assert anon.get(reverse("plans:calendar-feed", args=[feed.token_hash])).status_code == 404


def test_the_migration_hashes_existing_calendar_tokens(patient):
    migration = import_module("plans.migrations.0002_calendar_feed_token_hash")
    assert migration.token_hash("abc") == CalendarFeed.hash_token("abc")
