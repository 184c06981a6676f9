"""A patient's own data, for download as JSON or CSV: diary (and its edit history), care plans,
visits, questionnaires, screenings, quick checks and the practice log. Every query filters on
the one patient; nothing about anyone else is read."""

import io
import json
import zipfile
from datetime import datetime

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from clinic import csvfile
from clinic.models import Patient

from .models import CarePlan, DiaryEntry, DiaryEntryRevision, QuestionnaireResponse, Visit

KIND_LABELS = {
    "patient": "About you",
    "diary": "Headache diary",
    "diary_revisions": "Earlier versions of changed diary entries",
    "care_plans": "Care plans",
    "visits": "Clinic visits",
    "questionnaires": "Questionnaires",
    "screenings": "Safety checks",
    "quick_checks": "Quick checks before practice",
    "practice_log": "Home-practice log",
}
KINDS = tuple(KIND_LABELS)


def _when(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _patient(patient: Patient) -> list[dict]:
    return [
        {
            "id": str(patient.public_id),
            "name": patient.user.full_name,
            "email": patient.user.email,
            "date_of_birth": patient.date_of_birth,
            "clinic": patient.clinic.name,
            "joined": _when(patient.created_at),
        }
    ]


def _diary(patient: Patient) -> list[dict]:
    return [
        {
            "date": e.date,
            **e.values(),
            "created": _when(e.created_at),
            "updated": _when(e.updated_at),
        }
        for e in DiaryEntry.objects.filter(patient=patient).order_by("date")
    ]


def _revisions(patient: Patient) -> list[dict]:
    revisions = DiaryEntryRevision.objects.filter(entry__patient=patient).select_related("entry")
    return [
        {"date": r.entry.date, "changed": _when(r.changed_at), "previous_values": r.previous}
        for r in revisions.order_by("entry__date", "changed_at")
    ]


def _plans(patient: Patient) -> list[dict]:
    return [
        {
            "id": str(p.public_id),
            "start_date": p.start_date,
            "sessions": p.sessions,
            "weeks": p.weeks,
            "preferred_weekdays": p.preferred_weekdays,
            "state": p.state,
            "taper_started_on": p.taper_started_on,
            "discharged_on": p.discharged_on,
            "created": _when(p.created_at),
        }
        for p in CarePlan.objects.filter(patient=patient).order_by("start_date")
    ]


def _visits(patient: Patient) -> list[dict]:
    visits = Visit.objects.filter(plan__patient=patient).select_related("plan")
    return [
        {
            "plan": str(v.plan.public_id),
            "number": v.number,
            "kind": v.kind,
            "date": v.date,
            "time": v.time,
            "original_date": v.original_date,
            "status": v.status,
            "minutes": v.minutes,
            "areas": v.areas,
            "techniques": v.techniques,
            "note": v.note,
        }
        for v in visits.order_by("plan__start_date", "number")
    ]


def _questionnaires(patient: Patient) -> list[dict]:
    return [
        {
            "instrument": r.instrument,
            "timepoint": r.timepoint,
            "answers": r.answers,
            "total": r.total,
            "band": r.band,
            "created": _when(r.created_at),
        }
        for r in QuestionnaireResponse.objects.filter(patient=patient).order_by("created_at")
    ]


def _screenings(patient: Patient) -> list[dict]:
    return [
        {
            "id": str(s.public_id),
            "kind": s.kind,
            "created": _when(s.created_at),
            "answers": s.answers,
            "disposition": s.disposition,
            "reasons": s.reasons,
            "excluded_regions": s.excluded_regions,
            "ruleset_version": s.ruleset_version,
            "self_care_allowed": s.self_care_allowed,
            "cleared": _when(s.cleared_at),
            "clearance_note": s.clearance_note,
        }
        for s in patient.screenings.order_by("created_at")
    ]


def _quick_checks(patient: Patient) -> list[dict]:
    return [
        {"day": c.day, "anything_new": c.anything_new, "answers": c.answers}
        for c in patient.quick_checks.order_by("day")
    ]


def _practice_log(patient: Patient) -> list[dict]:
    try:
        entry = apps.get_model("selfcare", "PracticeEntry")
    except LookupError:
        return []
    rows = entry.objects.filter(patient=patient).select_related("routine").order_by("day", "id")
    return [
        {
            "day": r.day,
            "routine": getattr(r.routine, "title", str(r.routine)),
            "pain_before": getattr(r, "pain_before", None),
            "pain_after": getattr(r, "pain_after", None),
            "with_timer": getattr(r, "with_timer", None),
            "created": _when(getattr(r, "created_at", None)),
        }
        for r in rows
    ]


def patient_data(patient: Patient) -> dict[str, list[dict]]:
    return {
        "patient": _patient(patient),
        "diary": _diary(patient),
        "diary_revisions": _revisions(patient),
        "care_plans": _plans(patient),
        "visits": _visits(patient),
        "questionnaires": _questionnaires(patient),
        "screenings": _screenings(patient),
        "quick_checks": _quick_checks(patient),
        "practice_log": _practice_log(patient),
    }


def as_json(data: dict, *, exported: datetime) -> bytes:
    document = {"exported": _when(exported), **data}
    return json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode()


def _cell(value):
    """Lists and dicts as JSON text; the shared CSV writer formats and neutralises the rest."""
    if isinstance(value, list | dict):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return value


def as_csv(rows: list[dict]) -> bytes:
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row if key not in columns]
    out = io.StringIO()
    writer = csvfile.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    # A byte-order mark so spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode()


def as_zip(data: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind, rows in data.items():
            archive.writestr(f"{kind}.csv", as_csv(rows))
    return buffer.getvalue()
