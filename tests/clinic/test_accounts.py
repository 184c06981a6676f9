"""Sign-up, email verification, password policy, rate limits, MFA for the workforce."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from clinic.models import Patient, User
from tests.factories import PASSWORD, make_user, totp_code

GOOD_PASSWORD = "quiet river lantern 42"


def signup(client, **overrides):
    data = {
        "email": "new.patient@example.test",
        "full_name": "New Patient",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        "clinic_code": "",
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def test_sign_up_with_a_clinic_code_joins_that_clinic(anon, clinic):
    response = signup(anon, clinic_code=clinic.join_code.lower())
    assert response.status_code == 302
    user = User.objects.get(email="new.patient@example.test")
    assert user.role == User.Role.PATIENT and user.full_name == "New Patient"
    assert Patient.objects.get(user=user).clinic == clinic


def test_sign_up_with_an_unknown_clinic_code_shows_a_field_error_and_creates_nothing(anon, db):
    response = signup(anon, clinic_code="NOPE1234")
    assert response.status_code == 200
    assert "could not find a clinic" in response.content.decode()
    assert not User.objects.exists()


def test_sign_up_requires_email_verification_before_login(anon, clinic, mailoutbox):
    signup(anon)
    assert len(mailoutbox) == 1
    assert not EmailAddress.objects.get(email="new.patient@example.test").verified
    response = anon.post(
        reverse("account_login"), {"login": "new.patient@example.test", "password": GOOD_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in anon.session

    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", mailoutbox[0].body).group(1)
    confirm_url = reverse("account_confirm_email", args=[key])
    assert anon.get(confirm_url).status_code == 200  # GET only shows the confirm button
    assert not EmailAddress.objects.get(email="new.patient@example.test").verified
    anon.post(confirm_url)
    assert EmailAddress.objects.get(email="new.patient@example.test").verified


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("quiet river lantern 42", True),
        ("abcdefghijkl", True),  # 12 characters, no composition rules
        ("x" * 128, True),
        ("short pass", False),  # under 12
        ("x" * 129, False),  # over 128
        ("password1234", False),  # common
        ("839201748392", False),  # entirely numeric
        ("new.patient.example", False),  # too similar to the email
    ],
)
def test_password_policy(password, accepted, db):
    user = User(email="new.patient@example.test", full_name="New Patient")
    if accepted:
        validate_password(password, user)
    else:
        with pytest.raises(ValidationError):
            validate_password(password, user)


def test_five_failed_logins_lock_the_account_even_with_the_right_password(anon, patient, settings):
    email = patient.user.email
    for _ in range(5):
        response = anon.post(reverse("account_login"), {"login": email, "password": "wrong-" * 3})
        assert "_auth_user_id" not in anon.session
    response = anon.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert "_auth_user_id" not in anon.session
    assert response.status_code in (200, 429)
    if response.status_code == 200:
        assert "Too many failed login attempts" in response.content.decode()


def test_rate_limits_use_a_cache_shared_between_workers(settings):
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend.endswith(("DatabaseCache", "RedisCache", "PyMemcacheCache"))


def test_workforce_without_totp_is_sent_to_enrol_before_any_other_page(clinic):
    therapist = make_user(User.Role.THERAPIST, clinic, totp=False)
    from django.test import Client

    client = Client()
    client.force_login(therapist)
    response = client.get(reverse("plans:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).status_code in (200, 302)


def test_patients_do_not_need_totp(as_patient):
    assert as_patient.get(reverse("clinic:home")).status_code in (200, 302)
    response = as_patient.get(reverse("clinic:home"), follow=True)
    assert response.redirect_chain[-1][0] != reverse("mfa_activate_totp")


def test_therapist_logs_in_with_password_then_totp_code(anon, therapist):
    response = anon.post(reverse("account_login"), {"login": therapist.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in anon.session
    response = anon.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert int(anon.session["_auth_user_id"]) == therapist.pk


def test_workforce_cannot_remove_their_totp_but_patients_can(therapist, patient):
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.totp.internal.auth import TOTP

    adapter = get_adapter()
    assert not adapter.can_delete_authenticator(therapist.authenticator_set.get(type="totp"))
    patient_totp = TOTP.activate(patient.user, "JBSWY3DPEHPK3PXP").instance
    assert adapter.can_delete_authenticator(patient_totp)


def test_django_admin_login_goes_through_allauth(anon, db):
    response = anon.get("/django-admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_logout_needs_a_post(as_patient):
    as_patient.get(reverse("account_logout"))
    assert "_auth_user_id" in as_patient.session
    as_patient.post(reverse("account_logout"))
    assert "_auth_user_id" not in as_patient.session
