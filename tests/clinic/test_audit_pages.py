import csv
import io

from django.urls import reverse

from clinic.models import AuditEvent
from tests.conftest import login
from tests.factories import make_clinic, make_user


def test_clinic_admin_filters_the_audit_log_and_sees_only_their_clinic(
    as_clinic_admin, as_therapist, patient, other_clinic_therapist
):
    as_therapist.get(reverse("triage:patient-history", args=[patient.public_id]))
    AuditEvent.objects.create(
        action="view_plan", clinic_id=other_clinic_therapist.clinic_id, actor_email="x@else.test"
    )
    page = as_clinic_admin.get(reverse("clinic:audit-log")).content.decode()
    assert "view_screenings" in page and "x@else.test" not in page
    filtered = as_clinic_admin.get(reverse("clinic:audit-log"), {"outcome": "denied"})
    assert "view_screenings" not in filtered.content.decode()
    bad = as_clinic_admin.get(reverse("clinic:audit-log"), {"since": "not-a-date"})
    assert bad.status_code == 200


def test_audit_export_is_csv_of_the_clinic_and_is_itself_audited(
    as_clinic_admin, as_therapist, patient
):
    as_therapist.get(reverse("triage:patient-history", args=[patient.public_id]))
    response = as_clinic_admin.get(reverse("clinic:audit-export"))
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # with a byte-order mark
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["at", "actor_email", "role", "action"]
    assert any(r[3] == "view_screenings" and r[4] == str(patient.public_id) for r in rows[1:])
    assert AuditEvent.objects.filter(action="export_audit").exists()


def test_only_clinic_admins_reach_the_audit_log(as_therapist, as_staff, as_patient):
    for client in (as_therapist, as_staff, as_patient):
        assert client.get(reverse("clinic:audit-log")).status_code == 404
        assert client.get(reverse("clinic:audit-export")).status_code == 404


def test_patient_sees_who_opened_their_record(as_patient, as_therapist, patient, therapist):
    as_therapist.get(reverse("triage:patient-history", args=[patient.public_id]))
    page = as_patient.get(reverse("clinic:my-access-log")).content.decode()
    assert therapist.display_name in page and "view screenings" in page


def test_assigned_therapist_sees_the_access_log_and_others_get_404(
    as_therapist, as_other_therapist, patient
):
    url = reverse("clinic:access-log", args=[patient.public_id])
    assert as_therapist.get(url).status_code == 200
    assert as_other_therapist.get(url).status_code == 404
    outsider = login(make_user("therapist", make_clinic()))
    assert outsider.get(url).status_code == 404
