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
    assert "<td>Opened the screening history</td>" in page and "x@else.test" not in page
    assert patient.name in page
    filtered = as_clinic_admin.get(reverse("clinic:audit-log"), {"outcome": "denied"})
    assert "<td>Opened the screening history</td>" not in filtered.content.decode()
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
    assert therapist.display_name in page and "Opened the screening history" in page


def test_assigned_therapist_sees_the_access_log_and_others_get_404(
    as_therapist, as_other_therapist, patient
):
    url = reverse("clinic:access-log", args=[patient.public_id])
    assert as_therapist.get(url).status_code == 200
    assert as_other_therapist.get(url).status_code == 404
    outsider = login(make_user("therapist", make_clinic()))
    assert outsider.get(url).status_code == 404


def test_audit_log_filters_by_patient_name_and_folds_repeats(
    as_clinic_admin, as_therapist, patient, other_patient
):
    url = reverse("triage:patient-history", args=[patient.public_id])
    for _ in range(3):
        as_therapist.get(url)
    page = as_clinic_admin.get(reverse("clinic:audit-log"), {"patient": patient.name[:4]})
    text = page.content.decode()
    assert text.count("<td>Opened the screening history</td>") == 1 and "3 times since" in text
    other = as_clinic_admin.get(reverse("clinic:audit-log"), {"patient": "nobody-like-this"})
    assert "<td>Opened the screening history</td>" not in other.content.decode()


def test_every_action_the_code_records_has_a_plain_label():
    """Action codes are written as string literals next to audit.record or patient_for."""
    import re
    from pathlib import Path

    from clinic.audit import ACTION_LABELS

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(
        r'action="([a-z_]+)"|action = "([a-z_]+)" if .* else "([a-z_]+)"'
        r'|_for\(request, \w+, "([a-z_]+)"'
    )
    found = set()
    for app in ("clinic", "plans", "selfcare", "triage", "handouts"):
        for path in (root / app).rglob("*.py"):
            for match in pattern.finditer(path.read_text()):
                found |= {g for g in match.groups() if g}
    found.discard("store_true")
    assert len(found) > 25
    assert found <= set(ACTION_LABELS), sorted(found - set(ACTION_LABELS))
