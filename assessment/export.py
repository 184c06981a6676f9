"""The assessment's part of the patient's own data download (see plans/export.py)."""

from clinic.models import Patient
from plans.export import local_iso

from .models import Assessment, NoteAddendum, NoteService, PlanOfCare, Spot, VisitNote


def _assessments(patient: Patient) -> list[dict]:
    rows = Assessment.objects.filter(patient=patient).select_related("therapist")
    return [
        {
            "id": str(a.public_id), "kind": a.get_kind_display(), "date": a.assessed_on,
            "therapist": a.therapist.display_name, "flexion": a.flexion,
            "extension": a.extension, "side_bend_left": a.side_bend_left,
            "side_bend_right": a.side_bend_right, "rotation_left": a.rotation_left,
            "rotation_right": a.rotation_right, "reproduces_headache": a.rom_reproduces,
            "jaw_opening_mm": a.jaw_opening_mm, "jaw_deviation": a.get_jaw_deviation_display(),
            "jaw_clicking": a.jaw_clicking, "jaw_pain_chewing": a.jaw_pain_chewing,
            "craniovertebral_angle": a.cva_degrees, "shoulders": a.get_shoulders_display(),
            "notes": a.notes,
        }
        for a in rows.order_by("assessed_on", "id")
    ]  # fmt: skip


def _spots(patient: Patient) -> list[dict]:
    rows = Spot.objects.filter(assessment__patient=patient).select_related("assessment")
    return [
        {
            "assessment": str(s.assessment.public_id), "site": s.get_site_display(),
            "kind": s.get_kind_display(), "tenderness": s.tenderness,
            "reproduces_headache": s.reproduces_headache,
        }
        for s in rows.order_by("assessment__assessed_on", "site")
    ]  # fmt: skip


def _notes(patient: Patient) -> list[dict]:
    rows = VisitNote.objects.filter(patient=patient).select_related("visit", "author")
    return [
        {
            "id": str(n.public_id), "visit_date": n.visit.date, "subjective": n.subjective,
            "objective": n.objective, "assessment": n.assessment, "plan": n.plan,
            "treated": n.treated_sites, "author": n.author.display_name,
            "signed": local_iso(n.signed_at),
        }
        for n in rows.order_by("visit__date", "id")
    ]  # fmt: skip


def _services(patient: Patient) -> list[dict]:
    rows = NoteService.objects.filter(note__patient=patient).select_related("note", "code")
    return [
        {"note": str(s.note.public_id), "code": s.code.code, "service": s.code.label,
         "minutes": s.minutes}
        for s in rows.order_by("note__visit__date", "id")
    ]  # fmt: skip


def _addenda(patient: Patient) -> list[dict]:
    rows = NoteAddendum.objects.filter(note__patient=patient).select_related("note", "author")
    return [
        {"note": str(a.note.public_id), "text": a.text, "author": a.author.display_name,
         "written": local_iso(a.created_at)}
        for a in rows.order_by("created_at", "id")
    ]  # fmt: skip


def _plans_of_care(patient: Patient) -> list[dict]:
    rows = PlanOfCare.objects.filter(care_plan__patient=patient).prefetch_related(
        "diagnoses", "services"
    )
    return [
        {
            "id": str(p.public_id), "diagnoses": [d.code for d in p.diagnoses.all()],
            "services": [s.code for s in p.services.all()], "goals": p.goals,
            "visits_per_week": p.visits_per_week, "weeks": p.weeks,
            "updated": local_iso(p.updated_at),
        }
        for p in rows.order_by("updated_at")
    ]  # fmt: skip


KINDS = {
    "assessments": ("Assessments", ("assessment.Assessment",), _assessments),
    "assessment_spots": ("Tender and trigger points", ("assessment.Spot",), _spots),
    "visit_notes": ("Visit notes", ("assessment.VisitNote",), _notes),
    "visit_note_services": ("Treatment minutes", ("assessment.NoteService",), _services),
    "visit_note_addenda": ("Additions to signed notes", ("assessment.NoteAddendum",), _addenda),
    "plans_of_care": ("Plans of care", ("assessment.PlanOfCare",), _plans_of_care),
}
COLUMNS = {
    "assessments": ("id", "kind", "date", "therapist", "flexion", "extension", "side_bend_left",
                    "side_bend_right", "rotation_left", "rotation_right", "reproduces_headache",
                    "jaw_opening_mm", "jaw_deviation", "jaw_clicking", "jaw_pain_chewing",
                    "craniovertebral_angle", "shoulders", "notes"),
    "assessment_spots": ("assessment", "site", "kind", "tenderness", "reproduces_headache"),
    "visit_notes": ("id", "visit_date", "subjective", "objective", "assessment", "plan",
                    "treated", "author", "signed"),
    "visit_note_services": ("note", "code", "service", "minutes"),
    "visit_note_addenda": ("note", "text", "author", "written"),
    "plans_of_care": ("id", "diagnoses", "services", "goals", "visits_per_week", "weeks",
                      "updated"),
}  # fmt: skip


def register() -> None:
    from plans.export import register_kind

    for kind, (label, sources, extractor) in KINDS.items():
        register_kind(
            kind, label=label, sources=sources, columns=COLUMNS[kind], extractor=extractor
        )
