"""Home pages by role, invitations, people and clinic settings."""

import re

import pytest
from django.urls import reverse

from clinic.models import Clinic, Invitation, Patient, User


@pytest.mark.parametrize(
    ("client_fixture", "target"),
    [
        ("as_therapist", "/therapist/"),
        ("as_staff", "/desk/"),
        ("as_clinic_admin", "/clinic/people/"),
        ("as_patient", "/today/"),
    ],
)
def test_home_page_depends_on_role(request, client_fixture, target):
    response = request.getfixturevalue(client_fixture).get("/")
    assert response.status_code == 302 and response["Location"] == target


def test_patient_without_a_clinic_is_asked_for_the_clinic_code(db, clinic):
    from tests.conftest import login
    from tests.factories import make_user

    client = login(make_user(User.Role.PATIENT))
    response = client.get("/")
    assert response.status_code == 200 and "Join your clinic" in response.content.decode()
    bad = client.post(reverse("clinic:join"), {"clinic_code": "ZZZZZZZZ"})
    assert bad.status_code == 400 and "could not find a clinic" in bad.content.decode()
    assert not Patient.objects.exists()
    client.post(reverse("clinic:join"), {"clinic_code": clinic.join_code})
    assert Patient.objects.get().clinic == clinic


def test_therapist_sees_only_assigned_patients(as_therapist, patient, other_patient):
    page = as_therapist.get(reverse("plans:dashboard")).content.decode()
    assert "Alex Morgan" in page and "Priya Shah" not in page


def test_invitation_email_carries_a_link_and_no_health_information(
    as_therapist, therapist, anon, mailoutbox
):
    response = as_therapist.post(
        reverse("clinic:invite"), {"full_name": "Dana New", "email": "Dana@Example.test"}
    )
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert mail.to == ["dana@example.test"]
    link = re.search(r"https?://testserver(/invitation/\S+/)", mail.body).group(1)
    assert "headache" not in mail.body.lower() or "Headache Clinic" in mail.body

    form = {"full_name": "Dana New", "password1": "quiet river lantern 42"}
    mismatch = anon.post(link, {**form, "password2": "something else entirely"})
    assert mismatch.status_code == 200 and not User.objects.filter(email="dana@example.test")
    response = anon.post(link, {**form, "password2": form["password1"]})
    assert response.status_code == 302
    patient = Patient.objects.get(user__email="dana@example.test")
    assert list(patient.therapists.all()) == [therapist]
    assert patient.user.emailaddress_set.get().verified
    assert Invitation.objects.get().accepted_at is not None
    # The link works once.
    again = anon.post(link, {**form, "password2": form["password1"]})
    assert "can't be used" in again.content.decode()


def test_invite_with_a_bad_email_changes_nothing(as_therapist, mailoutbox):
    response = as_therapist.post(reverse("clinic:invite"), {"full_name": "X", "email": "nope"})
    assert (
        response.status_code == 400 and "Enter a valid email address." in response.content.decode()
    )
    assert not mailoutbox and not Invitation.objects.exists()


def test_open_invitations_are_listed_for_the_therapist_who_sent_them(
    as_therapist, as_other_therapist, mailoutbox
):
    as_therapist.post(reverse("clinic:invite"), {"full_name": "Dana New", "email": "d@e.test"})
    assert "d@e.test" in as_therapist.get(reverse("clinic:invite")).content.decode()
    assert "d@e.test" not in as_other_therapist.get(reverse("clinic:invite")).content.decode()


def test_patients_cannot_invite(as_patient, mailoutbox):
    response = as_patient.post(reverse("clinic:invite"), {"full_name": "X", "email": "x@e.test"})
    assert response.status_code == 404 and not mailoutbox


def test_clinic_admin_assigns_therapists_within_the_clinic(
    as_clinic_admin, patient, therapist, other_therapist, other_clinic_therapist
):
    url = reverse("clinic:assign", args=[patient.public_id])
    as_clinic_admin.post(url, {"therapists": [other_therapist.pk, other_clinic_therapist.pk]})
    assert list(patient.therapists.all()) == [therapist]  # invalid choice: nothing changed
    as_clinic_admin.post(url, {"therapists": [other_therapist.pk]})
    assert list(patient.therapists.all()) == [other_therapist]


def test_clinic_admin_of_another_clinic_gets_404(patient, db):
    from tests.conftest import login
    from tests.factories import make_clinic, make_user

    outsider = login(make_user(User.Role.CLINIC_ADMIN, make_clinic()))
    url = reverse("clinic:assign", args=[patient.public_id])
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, {"therapists": []}).status_code == 404
    assert patient.therapists.count() == 1


def test_the_accent_colour_is_a_valid_colour_picker(as_clinic_admin):
    import re

    page = as_clinic_admin.get(reverse("clinic:settings")).content.decode()
    picker = re.search(r'<input type="color" name="accent_colour"[^>]*>', page).group(0)

    assert "required" not in picker and "maxlength" not in picker  # refused on type=color
    assert 'value="#0f766e"' in picker


def test_a_missing_or_malformed_accent_colour_is_refused(as_clinic_admin, clinic):
    data = {"name": "Renamed", "emergency_number": "999", "page_size": "A4",
            "screening_valid_days": 30}  # fmt: skip
    for colour in ("", "teal", "#0f766e0"):
        response = as_clinic_admin.post(
            reverse("clinic:settings"), {**data, "accent_colour": colour}
        )
        assert response.status_code == 200
    assert Clinic.objects.get(pk=clinic.pk).name == "Harbour Headache Clinic"


def test_clinic_settings_refuse_an_accent_colour_too_light_for_white_text(as_clinic_admin, clinic):
    data = {
        "name": "Renamed",
        "emergency_number": "999",
        "accent_colour": "#ffff00",
        "page_size": "A4",
        "screening_valid_days": 30,
    }
    response = as_clinic_admin.post(reverse("clinic:settings"), data)
    assert response.status_code == 200 and "too light" in response.content.decode()
    assert Clinic.objects.get(pk=clinic.pk).name == "Harbour Headache Clinic"
    as_clinic_admin.post(reverse("clinic:settings"), {**data, "accent_colour": "#1e40af"})
    clinic.refresh_from_db()
    assert (clinic.name, clinic.emergency_number, clinic.accent_colour) == (
        "Renamed",
        "999",
        "#1e40af",
    )


def test_every_page_offers_the_emergency_number_as_a_tap_to_call_link(as_patient, anon, clinic):
    clinic.emergency_number = "999"
    clinic.save()
    page = as_patient.get("/today/").content.decode()
    assert 'href="tel:999"' in page
    assert 'href="tel:112"' in anon.get(reverse("account_login")).content.decode()


def test_clinic_logo_is_re_encoded_and_a_bad_file_is_refused(
    as_clinic_admin, clinic, settings, tmp_path
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    data = {"name": "Harbour", "emergency_number": "112", "accent_colour": "#0f766e",
            "page_size": "A4", "screening_valid_days": 30}  # fmt: skip
    fake = SimpleUploadedFile("logo.png", b"<html>not an image</html>", content_type="image/png")
    response = as_clinic_admin.post(reverse("clinic:settings"), {**data, "logo": fake})
    assert response.status_code == 200 and not Clinic.objects.get(pk=clinic.pk).logo
    buffer = io.BytesIO()
    Image.new("RGB", (300, 120), "teal").save(buffer, "PNG")
    good = SimpleUploadedFile("logo.png", buffer.getvalue() + b"PK\x03\x04zip", "image/png")
    as_clinic_admin.post(reverse("clinic:settings"), {**data, "logo": good})
    assert not Clinic.objects.get(pk=clinic.pk).logo  # payload after the picture: refused
    good = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    as_clinic_admin.post(reverse("clinic:settings"), {**data, "logo": good})
    logo = Clinic.objects.get(pk=clinic.pk).logo
    assert logo.name.endswith(".jpg") and "logo.png" not in logo.name
    assert Image.open(logo.path).format == "JPEG"


def test_a_patient_who_joins_by_code_sees_what_happens_next_and_the_admin_is_told(
    db, clinic, patient, as_clinic_admin
):
    from tests.conftest import login
    from tests.factories import make_user
    from triage.questions import ALL_CLEAR
    from triage.services import screening_submit

    people = as_clinic_admin.get(reverse("clinic:people")).content.decode()
    assert "without a therapist" not in people  # every patient has one
    newcomer = make_user(User.Role.PATIENT, full_name="Jo Newcomer")
    client = login(newcomer)
    client.post(reverse("clinic:join"), {"clinic_code": clinic.join_code})
    joined = Patient.objects.get(user=newcomer)
    screening = screening_submit(patient=joined, answers=dict(ALL_CLEAR))

    result = client.get(reverse("triage:result", args=[screening.public_id])).content.decode()
    assert "The clinic will match you with a therapist" in result
    assert "plan is ready" not in result and "Go to today's plan" not in result
    today = client.get(reverse("selfcare:today")).content.decode()
    assert "What happens next" in today and "They have been told that you joined" in today

    people = as_clinic_admin.get(reverse("clinic:people")).content.decode()
    assert "1 new patient without a therapist" in people
    assert reverse("clinic:assign", args=[joined.public_id]) in people
    assert 'Assign a therapist<span class="visually-hidden"> to Jo Newcomer' in people
    # The patient with a therapist reads that the plan comes from them.
    mine = screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    page = login(patient.user).get(reverse("triage:result", args=[mine.public_id]))
    assert "Your home plan from your therapist" in page.content.decode()
    assert "Go to today's plan" in page.content.decode()
