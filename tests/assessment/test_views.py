import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessment.bodychart import Spot
from assessment.models import Assessment, NoteAddendum, PlanOfCare, VisitNote
from clinic.models import AuditEvent
from plans.tokens import new_token
from tests.assessment.helpers import (
    attended_visit,
    care_plan_for,
    make_assessment,
    signed_note,
)

pytestmark = pytest.mark.django_db


def spot_post(**extra):
    today = timezone.localdate()
    data = {
        "kind": "initial",
        "assessed_on": today.isoformat(),
        "token": new_token(),
        "jaw_deviation": "none",
        "shoulders": "level",
    }
    data.update(extra)
    return data


def test_assessment_access_ladder(anon, as_patient, as_other_therapist, as_therapist, patient):
    url = reverse("assessment:new", args=[patient.public_id])
    assert anon.get(url).status_code == 302
    assert as_patient.get(url).status_code == 404
    assert as_other_therapist.get(url).status_code == 404
    response = as_therapist.get(url)
    assert response.status_code == 200
    assert b"Left upper trapezius" in response.content or b"upper trapezius" in response.content
    assert AuditEvent.objects.filter(
        action="view_assessment", patient_public_id=patient.public_id
    ).exists()


def test_therapist_records_spots_rom_jaw_and_posture(as_therapist, patient):
    url = reverse("assessment:new", args=[patient.public_id])
    data = spot_post(**{
        "upper_trapezius_left__on": "on", "upper_trapezius_left__tenderness": "7",
        "upper_trapezius_left__kind": "trigger", "upper_trapezius_left__reproduces": "on",
        "masseter_right__on": "on", "masseter_right__tenderness": "4",
        "masseter_right__kind": "tender",
        "flexion": "35", "rotation_left": "70", "rom_reproduces": ["rotation_left"],
        "jaw_opening_mm": "36", "jaw_deviation": "left", "jaw_clicking": "on",
        "cva_degrees": "46", "shoulders": "rounded",
    })  # fmt: skip
    response = as_therapist.post(url, data)
    assert response.status_code == 302
    saved = Assessment.objects.get(patient=patient)
    assert (saved.flexion, saved.jaw_opening_mm, saved.cva_degrees) == (35, 36, 46)
    assert saved.rom_reproduces == ["rotation_left"] and saved.jaw_clicking
    spots = {s.site: (s.tenderness, s.kind, s.reproduces_headache) for s in saved.spots.all()}
    assert spots == {
        "upper_trapezius_left": (7, "trigger", True),
        "masseter_right": (4, "tender", False),
    }
    # The same form posted twice (a double click) stores one assessment.
    as_therapist.post(url, data)
    assert Assessment.objects.filter(patient=patient).count() == 1


def test_a_marked_spot_without_tenderness_is_a_clear_error(as_therapist, patient):
    url = reverse("assessment:new", args=[patient.public_id])
    response = as_therapist.post(
        url, spot_post(**{"masseter_left__on": "on", "masseter_left__kind": "tender"})
    )
    assert response.status_code == 400
    assert "Give a tenderness from 0 to 10" in response.content.decode()
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"flexion": "900"},
        {"flexion": "x"},
        {"masseter_left__tenderness": "11", "masseter_left__on": "on"},
        {"kind": "nope"},
    ],
)
def test_bad_input_is_a_form_error_not_a_crash(as_therapist, patient, bad):
    response = as_therapist.post(
        reverse("assessment:new", args=[patient.public_id]), spot_post(**bad)
    )
    assert response.status_code == 400
    assert not Assessment.objects.exists()


def test_editing_another_therapists_patients_assessment_is_a_404(
    as_other_therapist, patient, therapist
):
    assessment = make_assessment(patient, therapist)
    url = reverse("assessment:edit", args=[assessment.public_id])
    assert as_other_therapist.get(url).status_code == 404
    assert as_other_therapist.post(url, spot_post(flexion="10")).status_code == 404
    assessment.refresh_from_db()
    assert assessment.flexion is None


def test_note_is_signed_then_locked_against_edits_by_url(as_therapist, patient, therapist):
    visit = attended_visit(patient, therapist)
    url = reverse("assessment:note", args=[visit.public_id])
    assert as_therapist.get(url).status_code == 200
    response = as_therapist.post(
        url,
        {
            "subjective": "Neck stiff",
            "minutes_97140": "24",
            "minutes_97110": "23",
            "treated_sites": ["upper_trapezius_left"],
            "sign": "1",
        },
    )
    assert response.status_code == 302
    note = VisitNote.objects.get(visit=visit)
    assert note.is_signed and note.signed_by == therapist
    # Posting to the same URL again changes nothing.
    response = as_therapist.post(url, {"subjective": "Rewritten", "minutes_97140": "60"})
    assert response.status_code == 409
    note.refresh_from_db()
    assert note.subjective == "Neck stiff"
    assert {s.code.code: s.minutes for s in note.services.all()} == {"97140": 24, "97110": 23}
    assert AuditEvent.objects.filter(action="change_visit_note", outcome="denied").exists()
    page = as_therapist.get(url).content.decode()
    assert "Rewritten" not in page and "Neck stiff" in page


def test_addenda_keep_author_and_time_and_never_change_the_note(as_therapist, patient, therapist):
    visit = attended_visit(patient, therapist)
    note = signed_note(visit, therapist)
    url = reverse("assessment:addendum", args=[note.public_id])
    token = new_token()
    assert (
        as_therapist.post(url, {"text": "Patient phoned: less pain.", "token": token}).status_code
        == 302
    )
    as_therapist.post(url, {"text": "Patient phoned: less pain.", "token": token})
    added = NoteAddendum.objects.get(note=note)
    assert added.author == therapist and added.created_at
    note.refresh_from_db()
    assert note.subjective == "Better this week."
    assert (
        "Patient phoned: less pain."
        in as_therapist.get(reverse("assessment:note", args=[visit.public_id])).content.decode()
    )


def test_a_draft_note_can_change_and_an_empty_note_cannot_be_signed(
    as_therapist, patient, therapist
):
    visit = attended_visit(patient, therapist)
    url = reverse("assessment:note", args=[visit.public_id])
    assert as_therapist.post(url, {"sign": "1"}).status_code == 400
    assert not VisitNote.objects.get(visit=visit).is_signed
    as_therapist.post(url, {"objective": "ROM better"})
    assert VisitNote.objects.get(visit=visit).objective == "ROM better"


def test_note_of_another_therapists_patient_is_a_404(as_other_therapist, patient, therapist):
    visit = attended_visit(patient, therapist)
    url = reverse("assessment:note", args=[visit.public_id])
    assert as_other_therapist.get(url).status_code == 404
    assert as_other_therapist.post(url, {"subjective": "x"}).status_code == 404
    assert not VisitNote.objects.exists()


def test_superbill_units_follow_the_8_minute_rule_and_carry_no_notes(as_staff, patient, therapist):
    visit = attended_visit(patient, therapist)
    signed_note(visit, therapist, minutes={"97140": 33, "97110": 7, "97161": 30})
    response = as_staff.get(reverse("assessment:superbill-pdf", args=[visit.public_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(
        page.extract_text() for page in PdfReader(__import__("io").BytesIO(response.content)).pages
    )
    assert "97140" in text and "97110" in text and "97161" in text
    assert "Total timed minutes: 40" in text and "timed units: 3" in text
    assert "Better this week" not in text
    assert AuditEvent.objects.filter(action="print_superbill", role="staff").exists()


def test_front_desk_never_sees_findings_or_notes(as_staff, patient, therapist):
    visit = attended_visit(patient, therapist)
    note = signed_note(visit, therapist)
    assessment = make_assessment(patient, therapist)
    for url in (
        reverse("assessment:note", args=[visit.public_id]),
        reverse("assessment:edit", args=[assessment.public_id]),
        reverse("assessment:plan-of-care-pdf", args=[patient.public_id]),
        reverse("assessment:addendum", args=[note.public_id]),
    ):
        assert as_staff.get(url).status_code in (404, 405)


def test_superbill_for_an_unsigned_note_is_a_404(as_therapist, patient, therapist):
    visit = attended_visit(patient, therapist)
    as_therapist.post(reverse("assessment:note", args=[visit.public_id]), {"subjective": "draft"})
    assert (
        as_therapist.get(reverse("assessment:superbill-pdf", args=[visit.public_id])).status_code
        == 404
    )


def test_plan_of_care_uses_the_therapists_chosen_codes_and_prints(as_therapist, patient, therapist):
    care_plan_for(patient, therapist)
    make_assessment(patient, therapist, flexion=30, spots=[Spot("masseter_left", 6)])
    url = reverse("assessment:plan-of-care", args=[patient.public_id])
    page = as_therapist.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    dx = form.fields["diagnoses"].queryset.get(code="G44.86")
    svc = form.fields["services"].queryset.get(code="97140")
    response = as_therapist.post(
        url,
        {
            "diagnoses": [dx.pk],
            "services": [svc.pk],
            "goals": "Fewer headache days",
            "visits_per_week": "2",
            "weeks": "4",
        },
    )
    assert response.status_code == 302
    poc = PlanOfCare.objects.get()
    assert [d.code for d in poc.diagnoses.all()] == ["G44.86"]
    pdf = as_therapist.get(reverse("assessment:plan-of-care-pdf", args=[patient.public_id]))
    assert pdf.status_code == 200
    reader = PdfReader(__import__("io").BytesIO(pdf.content))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "G44.86" in text and "Fewer headache days" in text and "97140" in text
    assert "M54.2" not in text  # a code the therapist did not choose
    assert "Flexion" in text and "2 visits a week for 4 weeks" in text


def test_plan_of_care_refuses_codes_of_another_clinic_and_bad_numbers(
    as_therapist, patient, therapist
):
    care_plan_for(patient, therapist)
    url = reverse("assessment:plan-of-care", args=[patient.public_id])
    response = as_therapist.post(
        url, {"diagnoses": ["999999"], "visits_per_week": "9", "weeks": "0"}
    )
    assert response.status_code == 400
    assert not PlanOfCare.objects.exists()


def test_patient_page_shows_change_and_both_body_charts(as_therapist, patient, therapist):
    make_assessment(
        patient,
        therapist,
        days_ago=20,
        flexion=30,
        jaw_opening_mm=34,
        spots=[Spot("upper_trapezius_left", 8, True), Spot("masseter_left", 6)],
    )
    make_assessment(
        patient,
        therapist,
        kind="reassessment",
        days_ago=1,
        flexion=45,
        jaw_opening_mm=42,
        spots=[Spot("upper_trapezius_left", 3)],
    )
    page = as_therapist.get(reverse("plans:patient", args=[patient.public_id])).content.decode()
    assert "Initial against latest" in page
    assert "No longer flagged" in page and "+15°" in page and "+8 mm" in page
    assert page.count('class="bodychart"') == 2


def test_doctor_summary_shows_the_assessment_change(as_patient, patient, therapist):
    make_assessment(patient, therapist, days_ago=20, cva_degrees=44)
    make_assessment(patient, therapist, kind="reassessment", days_ago=1, cva_degrees=51)
    page = as_patient.get(
        reverse("plans:doctor-summary", args=[patient.public_id])
    ).content.decode()
    assert "Therapist&#x27;s assessment" in page or "Therapist's assessment" in page
    assert "Craniovertebral angle" in page and "No longer flagged" in page


def test_plan_builder_suggests_routines_for_marked_spots_but_not_excluded_ones(
    as_therapist, patient, therapist
):
    from tests.security.world import routine
    from triage.questions import ALL_CLEAR
    from triage.services import screening_submit

    routine("upper-trapezius-wall-ball")
    make_assessment(patient, therapist, spots=[Spot("upper_trapezius_left", 7)])
    screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    page = as_therapist.get(
        reverse("selfcare:plan-edit", args=[patient.public_id])
    ).content.decode()
    assert "Suggested routines" in page and "left side" in page
    screening_submit(
        patient=patient, answers={**dict(ALL_CLEAR), "infection_regions": ["shoulder_left"]}
    )
    page = as_therapist.get(
        reverse("selfcare:plan-edit", args=[patient.public_id])
    ).content.decode()
    assert "Suggested routines" not in page


def test_patient_page_says_when_an_assessment_is_due(as_therapist, patient, therapist):
    care_plan_for(patient, therapist)
    url = reverse("plans:patient", args=[patient.public_id])
    assert "The initial assessment is due" in as_therapist.get(url).content.decode()
    make_assessment(patient, therapist)
    page = as_therapist.get(url).content.decode()
    assert "assessment is due" not in page
