from django.core.management import call_command

from assessment.models import Assessment, PlanOfCare, VisitNote
from assessment.reports import bill_for, findings_for, note_for
from clinic.models import Patient
from plans.models import Visit


def test_demo_patient_has_assessments_with_visible_change_and_signed_notes(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    patient = Patient.objects.get(user__email="patient@demo.test")
    kinds = list(Assessment.objects.filter(patient=patient).values_list("kind", flat=True))
    assert kinds == ["initial", "reassessment"]
    findings = findings_for(patient)
    verdicts = {row.label: row.verdict for row in findings.rows}
    assert verdicts["Rotation left"] == "No longer flagged"
    assert verdicts["Mouth opening"] == "No longer flagged"
    assert verdicts["Neck Disability Index"] == "Meaningful improvement"
    assert findings.spots.marked_after < findings.spots.marked_before
    attended = Visit.objects.filter(plan__patient=patient, status="attended")
    assert (
        attended.count()
        == VisitNote.objects.filter(patient=patient, signed_at__isnull=False).count()
        > 0
    )
    first = note_for(attended.order_by("number").first())
    assert bill_for(first).units_for("97161") == 1 and bill_for(first).timed_units == 1
    assert PlanOfCare.objects.filter(care_plan__patient=patient).exists()


def test_demo_pdfs_render_with_the_assessment(db, settings):
    import io

    from django.test import Client
    from pypdf import PdfReader

    from clinic.models import User

    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    patient = Patient.objects.get(user__email="patient@demo.test")
    therapist = Client()
    therapist.force_login(User.objects.get(email="therapist@demo.test"))
    visit = Visit.objects.filter(plan__patient=patient, status="attended").order_by("number")[1]
    for url, expected in [
        (f"/print/doctor-summary/{patient.public_id}.pdf", "Craniovertebral"),
        (f"/print/plan-of-care/{patient.public_id}.pdf", "G44.229"),
        (f"/print/superbill/{visit.public_id}.pdf", "97140"),
    ]:
        response = therapist.get(url)
        assert response.status_code == 200, url
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        assert expected in text.replace("’", "'"), url
