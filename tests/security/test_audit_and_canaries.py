"""The record is not served when its audit entry cannot be written, and health data never
reaches logs or emails."""

import logging

from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plans.models import DiaryEntry
from tests.plans.helpers import diary_post, make_plan

CANARY = "Canary-7f3e-migraine-after-wine"


def test_a_failed_audit_write_means_the_record_is_not_served(as_therapist, patient, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr("clinic.audit._write", broken)
    client = Client(raise_request_exception=False)
    client.cookies = as_therapist.cookies
    response = client.get(reverse("plans:patient", args=[patient.public_id]))
    assert response.status_code == 503
    assert patient.name not in response.content.decode()


def test_health_data_never_reaches_logs_or_emails(
    as_patient, as_therapist, patient, therapist, caplog, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    caplog.set_level(logging.DEBUG)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        as_patient.post(
            reverse("plans:diary-entry", args=[today.isoformat()]), diary_post(note=CANARY)
        )
        # Bad input is logged as a warning with its path only, never the values.
        as_patient.post(reverse("plans:diary-entry", args=[today.isoformat()]),
                        diary_post(peak="99", note=CANARY))  # fmt: skip
        care = make_plan(patient, therapist)
        visit = care.visits.order_by("number").first()
        as_therapist.post(
            reverse("plans:visit", args=[visit.public_id]),
            {"status": "attended", "minutes": "40", "note": CANARY},
        )
        as_patient.post(
            reverse("triage:stop"),
            {"session_symptoms": ["dizziness"], "session_symptoms_resolved": "yes"},
        )
    assert DiaryEntry.objects.get(patient=patient).note == CANARY
    assert mailoutbox, "the stop button should have emailed the therapist"
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert CANARY not in logged
    for mail in mailoutbox:
        assert CANARY not in mail.body and CANARY not in mail.subject
        assert "dizz" not in mail.body.lower()
