from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Clinic, Invitation, Patient, User
from .tasks import send_email


def patient_join_clinic(*, user: User, clinic: Clinic) -> Patient:
    """A patient account joins a clinic (by code or invitation). Joining twice is a no-op."""
    with transaction.atomic():
        patient, _ = Patient.objects.get_or_create(user=user, defaults={"clinic": clinic})
        if user.clinic_id != patient.clinic_id:
            user.clinic_id = patient.clinic_id
            user.save(update_fields=["clinic"])
    return patient


def invitation_send(*, therapist: User, email: str, full_name: str, base_url: str) -> Invitation:
    """Invite a patient by email. Re-inviting the same address refreshes the open invitation.
    The email carries only the clinic's name and the link: no health information."""
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
            )
        else:
            invitation.created_at = timezone.now()
            invitation.therapist = therapist
            invitation.save(update_fields=["created_at", "therapist"])
    link = base_url + reverse("clinic:accept-invitation", args=[invitation.token])
    context = {"clinic": invitation.clinic, "link": link, "full_name": full_name}
    send_email.enqueue(
        subject=f"Your invitation from {invitation.clinic.name}",
        body=render_to_string("clinic/email/invitation.txt", context),
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
                locked.email, password, full_name=full_name.strip(), clinic_id=locked.clinic_id
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
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
