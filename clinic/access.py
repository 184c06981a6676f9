"""Every decision about who may see which patient is made here.

Another patient's object, or a patient outside a therapist's caseload, is a 404 (never a 403),
so a URL does not reveal whether a record exists. Denials are audited."""

from functools import wraps
from uuid import UUID

from django.http import Http404, HttpRequest

from . import audit
from .models import AuditEvent, Patient, User

CLINICAL = "clinical"  # diary, screenings, plans, outcomes: the patient and assigned therapists
PRINT = "print"  # the home plan handout: also the clinic's front desk
PEOPLE = "people"  # names and assignments: also the clinic admin

_ALLOWED_ROLES = {
    CLINICAL: {User.Role.PATIENT, User.Role.THERAPIST},
    PRINT: {User.Role.PATIENT, User.Role.THERAPIST, User.Role.STAFF},
    PEOPLE: {User.Role.PATIENT, User.Role.THERAPIST, User.Role.CLINIC_ADMIN},
}


def may_access(user: User, patient: Patient, purpose: str = CLINICAL) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role not in _ALLOWED_ROLES[purpose]:
        return False
    if user.role == User.Role.PATIENT:
        return patient.user_id == user.pk
    if user.clinic_id is None or user.clinic_id != patient.clinic_id:
        return False
    if user.role == User.Role.THERAPIST:
        return patient.therapists.filter(pk=user.pk).exists()
    return True


def patient_for(
    request: HttpRequest, public_id: UUID | str, *, purpose: str = CLINICAL, action: str = "view"
) -> Patient:
    """The patient with this public id if the request's user may access it for `purpose`,
    audited; otherwise the denial is audited and the answer is a 404."""
    patient = Patient.objects.select_related("user", "clinic").filter(public_id=public_id).first()
    if patient is None or not may_access(request.user, patient, purpose):
        audit.record(
            request,
            action=action,
            patient=patient if patient and _same_clinic(request.user, patient) else None,
            outcome=AuditEvent.Outcome.DENIED,
        )
        raise Http404("No such patient.")
    audit.record(request, action=action, patient=patient)
    return patient


def own_patient(request: HttpRequest) -> Patient | None:
    """The logged-in patient's own record, or None (not a patient, or not yet in a clinic)."""
    user = request.user
    if not user.is_authenticated or user.role != User.Role.PATIENT:
        return None
    return Patient.objects.select_related("clinic").filter(user=user).first()


def _same_clinic(user: User, patient: Patient) -> bool:
    return getattr(user, "clinic_id", None) == patient.clinic_id


def role_required(*roles: str):
    """Pages for some kinds of user. Everyone else gets the same 404 as for a record that is
    not theirs, so a URL never tells anyone what lies behind it."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in roles or (
                request.user.is_workforce and request.user.clinic_id is None
            ):
                raise Http404("No such page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
