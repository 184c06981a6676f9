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
