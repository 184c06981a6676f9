"""The access ladder decided in clinic/access.py, and the audit trail it leaves."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.http import Http404
from django.test import RequestFactory

from clinic import access
from clinic.models import AuditEvent


def request_as(user):
    request = RequestFactory().get("/")
    request.user = user
    request.request_id = "req-1"
    return request


@pytest.mark.parametrize(
    ("who", "purpose", "allowed"),
    [
        ("patient", access.CLINICAL, True),
        ("other_patient", access.CLINICAL, False),
        ("therapist", access.CLINICAL, True),
        ("other_therapist", access.CLINICAL, False),
        ("staff", access.CLINICAL, False),
        ("clinic_admin", access.CLINICAL, False),
        ("other_clinic_therapist", access.CLINICAL, False),
        ("staff", access.PRINT, True),
        ("other_therapist", access.PRINT, False),
        ("clinic_admin", access.PRINT, False),
        ("clinic_admin", access.PEOPLE, True),
        ("staff", access.PEOPLE, False),
    ],
)
def test_access_ladder(request, patient, who, purpose, allowed):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    assert access.may_access(user, patient, purpose) is allowed
    if allowed:
        assert access.patient_for(request_as(user), patient.public_id, purpose=purpose) == patient
    else:
        with pytest.raises(Http404):
            access.patient_for(request_as(user), patient.public_id, purpose=purpose)


def test_denied_access_is_audited_without_revealing_other_clinics(
    patient, other_patient, other_clinic_therapist
):
    with pytest.raises(Http404):
        access.patient_for(request_as(other_patient.user), patient.public_id)
    with pytest.raises(Http404):
        access.patient_for(request_as(other_clinic_therapist), patient.public_id)
    denied = list(AuditEvent.objects.filter(outcome="denied").order_by("id"))
    assert [e.actor_email for e in denied] == [
        other_patient.user.email,
        other_clinic_therapist.email,
    ]
    assert denied[0].patient_public_id == patient.public_id
    assert denied[1].patient_public_id is None  # another clinic learns nothing


def test_allowed_access_is_audited_with_actor_role_and_request(patient, therapist):
    access.patient_for(request_as(therapist), patient.public_id, action="view_plan")
    event = AuditEvent.objects.get()
    assert (event.actor_id, event.role, event.action, event.outcome) == (
        therapist.pk,
        "therapist",
        "view_plan",
        "allowed",
    )
    assert event.patient_public_id == patient.public_id and event.request_id == "req-1"


def test_the_database_refuses_to_change_or_delete_audit_events(db):
    event = AuditEvent.objects.create(action="view", actor_email="a@example.test")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="edited")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM clinic_auditevent")
    assert AuditEvent.objects.get(pk=event.pk).action == "view"
