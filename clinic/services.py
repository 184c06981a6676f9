from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Clinic, Invitation, Patient, User
from .tasks import send_email
from .validators import header_safe


def patient_join_clinic(*, user: User, clinic: Clinic) -> Patient:
    """A patient account joins a clinic (by code or invitation). Joining twice is a no-op."""
    with transaction.atomic():
        patient, _ = Patient.objects.get_or_create(user=user, defaults={"clinic": clinic})
        if user.clinic_id != patient.clinic_id:
            user.clinic_id = patient.clinic_id
            user.save(update_fields=["clinic"])
    return patient


def invitation_send(
    *,
    therapist: User,
    email: str,
    full_name: str,
    base_url: str,
    role: str = User.Role.PATIENT,
) -> Invitation:
    """Invite a patient (or, sent by a clinic admin as `therapist`, a team member in `role`) by
    email. Re-inviting the same address refreshes the open invitation. The email carries only
    the clinic's name and the link: no health information."""
    with transaction.atomic():
        invitation = Invitation.objects.filter(
            clinic_id=therapist.clinic_id, email=email, accepted_at__isnull=True
        ).first()
        if invitation is None:
            invitation = Invitation.objects.create(
                clinic_id=therapist.clinic_id,
                therapist=therapist,
                email=email,
                full_name=full_name,
                role=role,
            )
        else:
            invitation.created_at = timezone.now()
            invitation.therapist = therapist
            invitation.role = role
            invitation.save(update_fields=["created_at", "therapist", "role"])
    link = base_url + reverse("clinic:accept-invitation", args=[invitation.token])
    context = {"clinic": invitation.clinic, "link": link, "full_name": full_name}
    send_email.enqueue(
        # Names are checked at input; this keeps older or imported data out of the header.
        subject=header_safe(f"Your invitation from {invitation.clinic.name}"),
        body=render_to_string(
            "clinic/email/invitation.txt"
            if role == User.Role.PATIENT
            else "clinic/email/staff_invitation.txt",
            {**context, "role": role},
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
    )
    return invitation


class InvitationError(Exception):
    pass


def invitation_accept(*, invitation: Invitation, full_name: str, password: str) -> User:
    """Create the patient's account from an invitation. The link reached them by email, so the
    address counts as verified."""
    try:
        with transaction.atomic():
            locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
            if not locked.is_usable:
                raise InvitationError("This invitation has already been used or has expired.")
            if User.objects.filter(email__iexact=locked.email).exists():
                raise InvitationError(
                    "An account with this email already exists. Please log in instead."
                )
            user = User.objects.create_user(
                locked.email,
                password,
                full_name=full_name.strip(),
                clinic_id=locked.clinic_id,
                role=locked.role,
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            if locked.role == User.Role.PATIENT:
                patient = Patient.objects.create(user=user, clinic_id=locked.clinic_id)
                patient.therapists.add(locked.therapist_id)
            locked.accepted_at = timezone.now()
            locked.save(update_fields=["accepted_at"])
    except IntegrityError as exc:  # a double submit raced us to the same email
        raise InvitationError("This invitation has already been used.") from exc
    return user


def clinic_assign_therapists(*, patient: Patient, therapists: list[User]) -> None:
    with transaction.atomic():
        patient.therapists.set(therapists)


class StaffError(Exception):
    pass


def colleague(admin: User, email: str) -> User:
    """A therapist or front-desk account of the admin's clinic (never an admin's own kind)."""
    person = User.objects.filter(
        clinic_id=admin.clinic_id,
        email__iexact=email,
        role__in=(User.Role.THERAPIST, User.Role.STAFF),
    ).first()
    if person is None:
        raise StaffError("No therapist or front-desk account of this clinic has that email.")
    return person


def staff_deactivate(*, admin: User, email: str) -> User:
    """Switch off a therapist's or front-desk account of the admin's clinic and end every session
    it has. The account and what it recorded stay, for the audit trail."""
    from allauth.usersessions.models import UserSession

    person = colleague(admin, email)
    with transaction.atomic():
        person.is_active = False
        person.save(update_fields=["is_active"])
    for session in UserSession.objects.filter(user=person):
        session.end()
    return person


def staff_reactivate(*, admin: User, email: str) -> User:
    """Let a deactivated colleague sign in again, with the password and two-factor set-up they
    had; their patients are as the admin left them."""
    person = colleague(admin, email)
    if person.is_active:
        raise StaffError(f"{person.display_name} can already sign in.")
    person.is_active = True
    person.save(update_fields=["is_active"])
    return person
