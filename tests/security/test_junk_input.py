"""Finding 5: junk is a form error, never a server error.

The clinic settings form with a colour that is not a colour; a therapist id too large for any
database integer on the assignment page; a clinic name with CR/LF, which used to break every
invitation email (and the invitation was saved though no email went out)."""

import smtplib

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from clinic.models import Clinic, Invitation

SETTINGS_FORM = {"name": "Harbour Headache Clinic", "emergency_number": "112",
                 "accent_colour": "#0f766e", "page_size": "A4",
                 "screening_valid_days": 30}  # fmt: skip


def unprotected(client: Client) -> Client:
    """The same session, but a server error is answered (500) rather than raised."""
    fresh = Client(raise_request_exception=False)
    fresh.cookies = client.cookies
    return fresh


@pytest.mark.parametrize(
    "colour", ["#zzzzzz", "#12", "url(x)", "red", "#0f766e;}", "#0f766", "", "#ＦＦＦＦＦＦ"]
)
def test_a_colour_that_is_not_a_colour_is_a_form_error(colour, as_clinic_admin, clinic):
    client = unprotected(as_clinic_admin)
    response = client.post(reverse("clinic:settings"), {**SETTINGS_FORM, "accent_colour": colour})
    assert response.status_code == 200
    assert "errorlist" in response.text
    assert Clinic.objects.get(pk=clinic.pk).accent_colour == "#0f766e"


@pytest.mark.parametrize(
    "name", ["Harbour\r\nBcc: everyone@example.test", "Harbour\nClinic", "Harbour\rX", "A\x00B",
             "Harbour\x0bClinic", "Harbour\u2028Clinic", "Harbour\x85Clinic"],
)  # fmt: skip
def test_a_clinic_name_with_line_breaks_or_controls_is_a_form_error(name, as_clinic_admin, clinic):
    client = unprotected(as_clinic_admin)
    response = client.post(reverse("clinic:settings"), {**SETTINGS_FORM, "name": name})
    assert response.status_code == 200
    assert "errorlist" in response.text
    assert Clinic.objects.get(pk=clinic.pk).name == "Harbour Headache Clinic"


@pytest.mark.parametrize(
    "therapist_id", ["99999999999999999999", "-99999999999999999999", "9223372036854775808",
                     "1e400", "0x10", "١٢", " 1"],
)  # fmt: skip
def test_an_oversized_therapist_id_is_a_form_error(therapist_id, as_clinic_admin, patient):
    client = unprotected(as_clinic_admin)
    url = reverse("clinic:assign", args=[patient.public_id])
    response = client.post(url, {"therapists": [therapist_id]})
    assert response.status_code in (200, 400), response.status_code
    assert "errorlist" in response.text
    assert list(patient.therapists.all()) != []  # unchanged


def test_the_people_page_takes_junk_in_its_query(as_clinic_admin, patient):
    client = unprotected(as_clinic_admin)
    for params in ({"page": "99999999999999999999"}, {"page": "-1"}, {"q": "\u202e\x7f"},
                   {"therapist": "99999999999999999999"}, {"q": "x" * 10_000}):  # fmt: skip
        assert client.get(reverse("clinic:people"), params).status_code == 200
    # PostgreSQL refuses NUL in any query: it is refused before any view runs.
    assert client.get(reverse("clinic:people"), {"q": "a\x00b"}).status_code == 400


def test_an_invitation_from_a_clinic_with_a_broken_name_still_goes_out_in_one_line(
    as_therapist, therapist, clinic
):
    # A name stored before names were checked (or by a data import) reaches the header
    # sanitised, never as a header break.
    Clinic.objects.filter(pk=clinic.pk).update(name="Harbour\r\nBcc: everyone@example.test")
    client = unprotected(as_therapist)
    response = client.post(
        reverse("clinic:invite"), {"full_name": "Alex Morgan", "email": "alex@example.test"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0].message()
    assert "\n" not in mail.outbox[0].subject and "\r" not in mail.outbox[0].subject
    assert message["Bcc"] is None
    assert mail.outbox[0].recipients() == ["alex@example.test"]
    assert Invitation.objects.filter(email="alex@example.test").exists()


@pytest.mark.parametrize(
    "failure", [smtplib.SMTPException("relay refused"), ConnectionRefusedError(), TimeoutError()]
)
def test_an_invitation_whose_email_fails_is_kept_for_the_worker_to_send_again(
    failure, as_therapist, therapist, monkeypatch
):
    """Emails go through the task engine, which tries a mail server that is down again later
    (tests/clinic/test_task_engine.py); the therapist never sees a 500 and the invitation waits."""

    def broken(*args, **kwargs):
        raise failure

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    client = unprotected(as_therapist)
    response = client.post(
        reverse("clinic:invite"), {"full_name": "Alex Morgan", "email": "alex@example.test"}
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(email="alex@example.test").count() == 1


@pytest.mark.parametrize(
    ("url_name", "field"),
    [("clinic:invite", "full_name"), ("clinic:accept-invitation", "full_name")],
)
def test_names_that_reach_emails_refuse_line_breaks(url_name, field, as_therapist, therapist):
    invitation = Invitation.objects.create(
        clinic=therapist.clinic, therapist=therapist, email="new@example.test"
    )
    if url_name == "clinic:invite":
        client, url = unprotected(as_therapist), reverse(url_name)
        data = {"full_name": "Alex\r\nBcc: x@example.test", "email": "alex@example.test"}
    else:
        client = Client(raise_request_exception=False)
        url = reverse(url_name, args=[invitation.token])
        data = {"full_name": "Alex\nMorgan", "password1": "a long enough pass 42",
                "password2": "a long enough pass 42"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code in (200, 400)
    assert "errorlist" in response.text
    assert not mail.outbox
