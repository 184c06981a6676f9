"""Session safety: rotation on login, deactivation, security emails, ending other sessions."""

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD


def test_session_key_rotates_on_login(anon, patient):
    anon.get(reverse("account_login"))
    anon.session["probe"] = 1
    anon.session.save()
    before = anon.session.session_key
    anon.post(reverse("account_login"), {"login": patient.user.email, "password": PASSWORD})
    assert int(anon.session["_auth_user_id"]) == patient.user.pk
    assert anon.session.session_key != before


def test_deactivating_a_user_ends_their_sessions(as_therapist, therapist):
    assert as_therapist.get(reverse("plans:dashboard")).status_code == 200
    therapist.is_active = False
    therapist.save()
    response = as_therapist.get(reverse("plans:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_password_change_sends_a_security_notification(patient, mailoutbox):
    client = Client()
    client.post(reverse("account_login"), {"login": patient.user.email, "password": PASSWORD})
    new = "another quiet river 77"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    assert any("password" in m.subject.lower() for m in mailoutbox)


def test_patient_sees_and_ends_their_other_sessions(patient):
    phone, laptop = Client(), Client()
    for client in (phone, laptop):
        client.post(reverse("account_login"), {"login": patient.user.email, "password": PASSWORD})
    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200
    laptop.post(reverse("usersessions_list"), {"action": "sign_out_other"})
    remaining = [
        s
        for s in Session.objects.all()
        if s.get_decoded().get("_auth_user_id") == str(patient.user.pk)
    ]
    assert len(remaining) == 1
    response = phone.get(reverse("selfcare:today"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
