"""The audit trail of access to patients' records. Every view, print, export, change and denial
of a patient's record is written here before the data is served; if the write fails, the
exception propagates and the data is not served."""

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest

from .models import AuditEvent, Patient


def client_ip(request: HttpRequest) -> str | None:
    # Trust exactly TRUSTED_PROXY_COUNT proxies: the address they saw is that many entries from
    # the right of X-Forwarded-For. Anything further left is client-supplied and ignored.
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR") or None


# Every action the trail records, with the words people read in the audit and access logs.
ACTION_LABELS = {
    "assign_therapists": "Opened the therapist assignment",
    "calendar_feed": "Calendar fetched the visits",
    "change_assignment": "Changed the therapists",
    "change_home_plan": "Changed the home plan",
    "clear_screening": "Cleared a red-flag result",
    "create_care_plan": "Opened or created the care plan",
    "deactivate_staff": "Deactivated a team member",
    "discharge": "Discharged the patient",
    "export": "Downloaded all their data",
    "export_audit": "Downloaded the audit log",
    "invite_staff": "Invited a team member",
    "issue_calendar_feed": "Turned on the calendar feed",
    "log_practice": "Logged a practice",
    "print_doctor_summary": "Printed the doctor's summary",
    "print_plan": "Printed the home plan",
    "print_screening_summary": "Printed a screening summary",
    "record_visit": "Opened or recorded a visit",
    "reschedule_visit": "Moved a visit",
    "revoke_calendar_feed": "Turned off the calendar feed",
    "save_diary": "Saved a diary day",
    "start_taper": "Started the taper",
    "submit_questionnaire": "Answered a questionnaire",
    "submit_quick_check": "Answered the daily check",
    "submit_screening": "Answered the safety questions",
    "submit_session_stop": "Stopped a practice feeling unwell",
    "view_access_log": "Looked at who opened the record",
    "view_care_plan": "Opened the patient page",
    "view_dashboard": "Opened the dashboard",
    "view_diary": "Opened the diary",
    "view_doctor_summary": "Opened the doctor's summary",
    "view_exclusions": "Checked the routines to avoid",
    "view_home_plan": "Opened the home plan",
    "view_outcomes": "Opened the progress charts",
    "view_practice": "Opened a guided practice",
    "view_questionnaire": "Opened a questionnaire",
    "view_screening": "Opened a screening result",
    "view_screenings": "Opened the screening history",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action.replace("_", " ").capitalize())


class AuditUnavailable(Exception):
    """The audit trail could not be written, so the record must not be served."""


def record(
    request: HttpRequest,
    *,
    action: str,
    patient: Patient | None = None,
    obj: object | None = None,
    outcome: str = AuditEvent.Outcome.ALLOWED,
) -> AuditEvent:
    user = request.user if request.user.is_authenticated else None
    try:
        return _write(request, user, action, patient, obj, outcome)
    except DatabaseError as exc:
        raise AuditUnavailable(action) from exc


def _write(request, user, action, patient, obj, outcome) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=user,
        actor_email=user.email if user else "",
        role=user.role if user else "anonymous",
        clinic_id=patient.clinic_id if patient else getattr(user, "clinic_id", None),
        patient_public_id=patient.public_id if patient else None,
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "public_id", getattr(obj, "pk", "")) or "") if obj else "",
        outcome=outcome,
        request_id=getattr(request, "request_id", ""),
        client_ip=client_ip(request),
    )
