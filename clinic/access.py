"""Every decision about who may see which patient is made here.

Another patient's object, or a patient outside a therapist's caseload, is a 404 (never a 403),
so a URL does not reveal whether a record exists. Every decision is one audit row, allowed or
denied. A denied row names the patient whenever the URL names one (the patient, or one of the
patient's records) and the user belongs to the patient's clinic; for a user of another clinic it
names no patient, so one clinic's audit trail never points into another clinic's records. The
answer is the same 404 either way."""

from functools import wraps
from uuid import UUID

from django.apps import apps
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
        deny(request, action=action, patient=patient)
        raise Http404("No such patient.")
    audit.record(request, action=action, patient=patient)
    return patient


def own_patient(request: HttpRequest) -> Patient | None:
    """The logged-in patient's own record, or None (not a patient, or not yet in a clinic)."""
    user = request.user
    if not user.is_authenticated or user.role != User.Role.PATIENT:
        return None
    return Patient.objects.select_related("clinic").filter(user=user).first()


def deny(
    request: HttpRequest, *, action: str, patient: Patient | None = None, **details
) -> AuditEvent:
    """Audit a refusal. The row names `patient` only if the user is in the patient's clinic."""
    named = patient if patient is not None and _same_clinic(request.user, patient) else None
    return audit.record(
        request, action=action, patient=named, outcome=AuditEvent.Outcome.DENIED, **details
    )


def _same_clinic(user: User, patient: Patient) -> bool:
    clinic_id = getattr(user, "clinic_id", None)
    return clinic_id is not None and clinic_id == patient.clinic_id


# Records that URLs name by public_id, and the path from each to its patient.
_PATIENT_RECORDS = [
    ("clinic.Patient", "pk"),
    ("triage.Screening", "patient_id"),
    ("plans.CarePlan", "patient_id"),
    ("plans.Visit", "plan__patient_id"),
    ("plans.QuestionnaireResponse", "patient_id"),
    ("selfcare.HomePlan", "patient_id"),
    # Apps above this one, looked up by name so clinic imports none of them.
    ("assessment.Assessment", "patient_id"),
    ("assessment.VisitNote", "patient_id"),
    ("assessment.PlanOfCare", "care_plan__patient_id"),
]


def patient_named_by(url_kwargs: dict) -> Patient | None:
    """The patient a URL names through its `public_id`: the patient, or one of the patient's
    records. Only used on the way to a refusal, to put the patient on the audit row."""
    public_id = url_kwargs.get("public_id")
    if public_id is None:
        return None
    try:
        public_id = UUID(str(public_id))
    except ValueError:
        return None
    for label, path in _PATIENT_RECORDS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        patient_pk = model.objects.filter(public_id=public_id).values_list(path, flat=True).first()
        if patient_pk is not None:
            return Patient.objects.filter(pk=patient_pk).first()
    return None


def role_required(*roles: str):
    """Pages for some kinds of user. Everyone else gets the same 404 as for a record that is
    not theirs, so a URL never tells anyone what lies behind it. The refusal is one denied
    audit row naming the page, and the patient whenever the URL names one (see deny())."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in roles or (
                request.user.is_workforce and request.user.clinic_id is None
            ):
                match = request.resolver_match
                deny(
                    request,
                    action="open_page",
                    patient=patient_named_by(kwargs),
                    object_type="page",
                    object_id=(match.view_name if match else view.__name__)[:64],
                )
                raise Http404("No such page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
