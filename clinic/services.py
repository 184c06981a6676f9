import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Clinic, Invitation, Patient, User
from .validators import header_safe

logger = logging.getLogger(__name__)


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
    The email carries only the clinic's name and the link: no health information.

    An invitation exists only if its email went out: when sending fails, a new invitation is
    removed again (a refreshed one gets its old state back) and InvitationError says so. The
    email is sent outside any transaction, so a slow mail server holds no database lock."""
    with transaction.atomic():
        invitation = Invitation.objects.filter(
            clinic_id=therapist.clinic_id, email=email, accepted_at__isnull=True
        ).first()
        previous = None
        if invitation is None:
            invitation = Invitation.objects.create(
                clinic_id=therapist.clinic_id,
                therapist=therapist,
                email=email,
                full_name=full_name,
            )
        else:
            previous = (invitation.created_at, invitation.therapist_id)
            invitation.created_at = timezone.now()
            invitation.therapist = therapist
            invitation.save(update_fields=["created_at", "therapist"])
    link = base_url + reverse("clinic:accept-invitation", args=[invitation.token])
    context = {"clinic": invitation.clinic, "link": link, "full_name": full_name}
    try:
        send_mail(
            # Names are checked at input; this keeps older or imported data out of the header.
            subject=header_safe(f"Your invitation from {invitation.clinic.name}"),
            message=render_to_string("clinic/email/invitation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[email],
        )
    except Exception as exc:  # SMTP, network and backend errors alike: nothing was sent.
        logger.warning("Invitation email not sent (%s); the invitation was withdrawn.", type(exc))
        if previous is None:
            Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).delete()
        else:
            Invitation.objects.filter(pk=invitation.pk).update(
                created_at=previous[0], therapist_id=previous[1]
            )
        raise InvitationError(
            "We could not send the invitation email, so no invitation was made. "
            "Please try again in a few minutes."
        ) from exc
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
