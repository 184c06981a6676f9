"""The audit trail of access to patients' records. Every view, print, export, change and denial
of a patient's record is written here before the data is served; if the write fails, the
exception propagates and the data is not served."""

import ipaddress

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest

from .models import AuditEvent, Patient


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, unless that is one of the configured proxies
    (settings.TRUSTED_PROXIES). Then X-Forwarded-For is read from the right, skipping the
    trusted proxies; the first address that is not one is the client. Everything to its left
    was written by the client and is ignored. Computed once per request."""
    if not hasattr(request, "_client_ip"):
        request._client_ip = _client_ip(request.META)
    return request._client_ip


def peer_is_trusted_proxy(meta: dict) -> bool:
    address = _address(meta.get("REMOTE_ADDR", ""))
    return address is not None and _trusted(address)


def _client_ip(meta: dict) -> str | None:
    address = _address(meta.get("REMOTE_ADDR", ""))
    if address is None:
        return None
    if _trusted(address):
        hops = [h for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        for hop in reversed(hops):
            forwarded = _address(hop)
            if forwarded is None:  # junk: keep the last address a trusted proxy vouched for
                break
            address = forwarded
            if not _trusted(address):
                break
    return str(address)


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(address in network for network in settings.TRUSTED_PROXIES)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address from a header value: plain, [IPv6]:port or IPv4:port."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


# Every action the trail records, with the words people read in the audit and access logs.
ACTION_LABELS = {
    "assign_therapists": "Opened the therapist assignment",
    "open_page": "Opened a page about the patient",
    "calendar_feed": "Calendar fetched the visits",
    "change_assignment": "Changed the therapists",
    "change_home_plan": "Changed the home plan",
    "clear_screening": "Cleared a red-flag result",
    "create_care_plan": "Opened or created the care plan",
    "deactivate_staff": "Deactivated a team member",
    "reactivate_staff": "Reactivated a team member",
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
    object_type: str = "",
    object_id: str = "",
    clinic_id: int | None = None,
) -> AuditEvent:
    """One audit row. The object is `obj` (its class and public id or key), or given as
    `object_type` and `object_id`. The row belongs to the patient's clinic, else to
    `clinic_id`, else to the user's clinic."""
    user = request.user if request.user.is_authenticated else None
    if obj is not None:
        object_type = type(obj).__name__
        object_id = str(getattr(obj, "public_id", getattr(obj, "pk", "")) or "")
    if patient is not None:
        clinic_id = patient.clinic_id
    elif clinic_id is None:
        clinic_id = getattr(user, "clinic_id", None)
    try:
        return _write(
            request, user, action, patient, clinic_id, object_type, object_id[:64], outcome
        )
    except DatabaseError as exc:
        raise AuditUnavailable(action) from exc


def _write(
    request, user, action, patient, clinic_id, object_type, object_id, outcome
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=user,
        actor_email=user.email if user else "",
        role=user.role if user else "anonymous",
        clinic_id=clinic_id,
        patient_public_id=patient.public_id if patient else None,
        action=action,
        object_type=object_type[:40],
        object_id=object_id,
        outcome=outcome,
        request_id=getattr(request, "request_id", ""),
        client_ip=client_ip(request),
    )
