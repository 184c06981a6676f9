"""Session limits and response headers."""

import time

import pytest
from django.urls import reverse


def age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


@pytest.mark.parametrize(
    ("client_fixture", "idle_ok", "idle_too_long"),
    [("as_therapist", 14 * 60, 16 * 60), ("as_patient", 29 * 60, 31 * 60)],
)
def test_idle_logoff(request, client_fixture, idle_ok, idle_too_long):
    client = request.getfixturevalue(client_fixture)
    client.get("/")
    age_session(client, seen_at=idle_ok)
    assert client.get("/", follow=True).redirect_chain[-1][0] != reverse("account_login")
    age_session(client, seen_at=idle_too_long)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session


def test_twelve_hour_absolute_limit_even_when_active(as_patient):
    as_patient.get("/")
    age_session(as_patient, auth_at=12 * 3600 + 1, seen_at=5)
    response = as_patient.get("/")
    assert response["Location"] == reverse("account_login")


def test_last_seen_is_written_at_most_once_a_minute(as_patient):
    as_patient.get("/")
    first = as_patient.session["seen_at"]
    as_patient.get("/")
    assert as_patient.session["seen_at"] == first
    age_session(as_patient, seen_at=61)
    as_patient.get("/")
    assert as_patient.session["seen_at"] > first - 61


def test_pages_for_logged_in_users_are_never_stored_and_carry_security_headers(
    as_patient, settings
):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = as_patient.get("/today/", secure=True)
    assert response["Cache-Control"] == "no-store"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "script-src 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
