"""A clinic admin invites therapists and front-desk colleagues, deactivates and reactivates
them."""

import re

from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from clinic.models import AuditEvent, Invitation, Patient, User
from tests.conftest import login
from tests.factories import make_clinic, make_user


def test_an_admin_invites_a_therapist_who_joins_the_team_not_the_patients(
    as_clinic_admin, clinic, anon
):
    data = {"full_name": "Robin Hale", "email": "Robin@Example.test", "role": "therapist"}
    response = as_clinic_admin.post(reverse("clinic:staff-invite"), data)

    assert response.status_code == 302
    invitation = Invitation.objects.get(email="robin@example.test")
    assert invitation.role == "therapist" and invitation.clinic == clinic
    assert "join its headache care team as a therapist" in mail.outbox[-1].body
    assert AuditEvent.objects.filter(action="invite_staff").exists()
    page = as_clinic_admin.get(reverse("clinic:people")).content.decode()
    assert "Open team invitations" in page and "robin@example.test" in page

    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    password = "a long and unusual passphrase 42"
    anon.post(link, {"full_name": "Robin Hale", "password1": password, "password2": password})
    robin = User.objects.get(email="robin@example.test")
    assert robin.role == "therapist" and robin.clinic == clinic
    assert not Patient.objects.filter(user=robin).exists()


def test_an_invitation_for_an_existing_account_is_a_form_error(as_clinic_admin, therapist):
    data = {"full_name": "Again", "email": therapist.email, "role": "staff"}
    response = as_clinic_admin.post(reverse("clinic:staff-invite"), data)

    assert response.status_code == 400
    assert "already has an account" in response.content.decode()
    assert not Invitation.objects.exists()


def test_deactivating_a_colleague_ends_their_sessions_and_is_audited(as_clinic_admin, staff):
    desk = login(staff)
    assert desk.get(reverse("handouts:desk")).status_code == 200
    key = desk.session.session_key
    UserSession.objects.create(user=staff, session_key=key, ip="127.0.0.1", user_agent="test")

    as_clinic_admin.post(
        reverse("clinic:staff-deactivate"), {"email": staff.email, "confirm": "yes"}
    )

    staff.refresh_from_db()
    assert not staff.is_active
    assert not UserSession.objects.filter(user=staff).exists()
    assert not Session.objects.filter(session_key=key).exists()
    assert desk.get(reverse("handouts:desk")).status_code == 302  # signed out
    event = AuditEvent.objects.get(action="deactivate_staff")
    assert event.object_type == "User" and event.object_id == str(staff.pk)
    page = as_clinic_admin.get(reverse("clinic:people")).content.decode()
    assert "Deactivated" in page


def test_deactivating_asks_first_and_changes_nothing_until_confirmed(as_clinic_admin, therapist):
    response = as_clinic_admin.post(reverse("clinic:staff-deactivate"), {"email": therapist.email})

    page = response.content.decode()
    assert response.status_code == 200
    assert f"Deactivate {therapist.display_name}?" in page
    assert 'name="confirm" value="yes"' in page
    assert "Their patients stay assigned to them" in page
    assert f'href="{reverse("clinic:people")}"' in page  # Cancel
    therapist.refresh_from_db()
    assert therapist.is_active
    assert not AuditEvent.objects.filter(action="deactivate_staff").exists()

    as_clinic_admin.post(
        reverse("clinic:staff-deactivate"), {"email": therapist.email, "confirm": "yes"}
    )
    therapist.refresh_from_db()
    assert not therapist.is_active


def test_admins_and_other_clinics_people_cannot_be_deactivated(as_clinic_admin, clinic_admin):
    elsewhere = make_user(User.Role.THERAPIST, make_clinic(name="Elsewhere"))
    for email in (clinic_admin.email, elsewhere.email, "nobody@example.test"):
        for confirmed in ({}, {"confirm": "yes"}):  # neither asked about nor deactivated
            response = as_clinic_admin.post(
                reverse("clinic:staff-deactivate"), {"email": email, **confirmed}, follow=True
            )
            assert "No therapist or front-desk account" in response.content.decode()
    assert User.objects.filter(is_active=False).count() == 0


def test_a_deactivated_colleague_can_be_reactivated_and_sign_in_again(as_clinic_admin, staff):
    as_clinic_admin.post(
        reverse("clinic:staff-deactivate"), {"email": staff.email, "confirm": "yes"}
    )
    assert "Reactivate" in as_clinic_admin.get(reverse("clinic:people")).content.decode()

    response = as_clinic_admin.post(
        reverse("clinic:staff-reactivate"), {"email": staff.email.upper()}, follow=True
    )

    staff.refresh_from_db()
    assert staff.is_active
    assert f"{staff.display_name} can sign in again." in response.content.decode()
    assert login(staff).get(reverse("handouts:desk")).status_code == 200
    event = AuditEvent.objects.get(action="reactivate_staff")
    assert event.object_type == "User" and event.object_id == str(staff.pk)


def test_only_a_deactivated_colleague_of_this_clinic_can_be_reactivated(
    as_clinic_admin, clinic_admin, staff
):
    elsewhere = make_user(User.Role.THERAPIST, make_clinic(name="Elsewhere"))
    elsewhere.is_active = False
    elsewhere.save()
    answers = {
        staff.email: f"{staff.display_name} can already sign in.",
        elsewhere.email: "No therapist or front-desk account",
        clinic_admin.email: "No therapist or front-desk account",
    }
    for email, message in answers.items():
        response = as_clinic_admin.post(
            reverse("clinic:staff-reactivate"), {"email": email}, follow=True
        )
        assert message in response.content.decode()
    elsewhere.refresh_from_db()
    assert not elsewhere.is_active
    assert not AuditEvent.objects.filter(action="reactivate_staff").exists()


def test_on_a_phone_each_number_of_the_people_page_says_what_it_counts(
    as_clinic_admin, therapist, staff, patient
):
    page = as_clinic_admin.get(reverse("clinic:people")).content.decode()
    count = therapist.assigned_patients.count()
    assert f'<td><span class="cell-label">Patients</span>{count}</td>' in page
    # A colleague without patients has no bare dash on a phone, and each patient's therapists
    # are named as such.
    assert page.count('<td class="narrow-hide">–</td>') == 2  # the admin and the front desk
    assert f'<td><span class="cell-label">Therapists</span>{therapist.display_name}' in page
