"""Session safety: rotation on login, deactivation, security emails, ending other sessions."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from clinic.templatetags.clinic_tags import device_name
from tests.factories import PASSWORD

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


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


@pytest.mark.parametrize(
    ("user_agent", "words"),
    [
        (ANDROID_CHROME, "Chrome on Android"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
         "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari on iPhone"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
         "(KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1", "Chrome on iPhone"),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows"),
        ("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
         "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
         "Samsung Internet on Android"),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:133.0) Gecko/20100101 Firefox/133.0",
         "Firefox on Mac"),
        ("curl/8.5.0", "A browser"),
        ("", "A browser"),
    ],
)  # fmt: skip
def test_a_signed_in_device_is_named_in_words(user_agent, words):
    assert device_name(user_agent) == words


def test_the_devices_page_names_each_device_and_marks_this_one(patient):
    phone, laptop = Client(HTTP_USER_AGENT=ANDROID_CHROME), Client(HTTP_USER_AGENT="Firefox/133.0")
    for client in (phone, laptop):
        client.post(reverse("account_login"), {"login": patient.user.email, "password": PASSWORD})
    page = phone.get(reverse("usersessions_list")).content.decode()
    assert 'Chrome on Android</strong> <span class="badge badge-ok">This device</span>' in page
    assert "<strong>Firefox</strong>" in page and "Mozilla/5.0" not in page
    assert "Sign out the other devices" in page
