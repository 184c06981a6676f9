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
