"""A patient's own data, for download as JSON or CSV: everything the app holds about them, from
the diary (and its edit history), care plans and visits to home plans with their routines and
notes, the practice log, questionnaires, safety checks and who opened the record. Every query
filters on the one patient; nothing about anyone else is read."""

import io
import json
import zipfile
from datetime import datetime

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from clinic import csvfile
from clinic.audit import action_label
from clinic.models import AuditEvent, Patient

from .models import (
    CalendarFeed,
    CarePlan,
    DiaryEntry,
    DiaryEntryRevision,
    QuestionnaireResponse,
    Visit,
)

KIND_LABELS = {
    "patient": "About you",
    "diary": "Headache diary",
    "diary_revisions": "Earlier versions of changed diary entries",
    "care_plans": "Care plans",
    "visits": "Clinic visits",
    "home_plans": "Home plans",
    "home_plan_items": "Routines and notes in your home plans",
    "practice_log": "Home-practice log",
    "questionnaires": "Questionnaires",
    "screenings": "Safety checks",
    "screening_draft": "Safety questions not yet sent",
    "quick_checks": "Quick checks before practice",
    "calendar_feed": "Calendar address",
    "access_log": "Who opened your record",
}
KINDS = list(KIND_LABELS)  # apps above this one add theirs with register_kind()
# The tables each kind is read from (tests compare this with every model that refers to a
# patient, so a new table of patient data cannot be left out of the download unnoticed).
SOURCES = {
    "patient": ("clinic.Patient",),
    "diary": ("plans.DiaryEntry",),
    "diary_revisions": ("plans.DiaryEntryRevision",),
    "care_plans": ("plans.CarePlan",),
    "visits": ("plans.Visit",),
    "home_plans": ("selfcare.HomePlan",),
    "home_plan_items": ("selfcare.PlanItem",),
    "practice_log": ("selfcare.PracticeEntry",),
    "questionnaires": ("plans.QuestionnaireResponse",),
    "screenings": ("triage.Screening",),
    "screening_draft": ("triage.ScreeningDraft",),
    "quick_checks": ("triage.QuickCheck",),
    "calendar_feed": ("plans.CalendarFeed",),
    "access_log": ("clinic.AuditEvent",),
}
# The columns of each kind, so that a CSV of a kind with no rows still has its header.
COLUMNS = {
    "patient": ("id", "name", "email", "date_of_birth", "clinic", "therapists", "joined"),
    "diary": ("date", *DiaryEntry.VALUE_FIELDS, "created", "updated"),
    "diary_revisions": ("date", "changed", "previous_values"),
    "care_plans": ("id", "start_date", "sessions", "weeks", "preferred_weekdays", "state",
                   "taper_started_on", "discharged_on", "created"),
    "visits": ("plan", "number", "kind", "date", "time", "original_date", "status", "minutes",
               "areas", "techniques", "note"),
    "home_plans": ("id", "version", "created", "created_by"),
    "home_plan_items": ("plan", "plan_version", "order", "routine", "hold_seconds",
                        "spots_per_side", "sides", "frequency", "note"),
    "practice_log": ("day", "routine", "pain_before", "pain_after", "with_timer", "created"),
    "questionnaires": ("instrument", "timepoint", "answers", "total", "band", "created"),
    "screenings": ("id", "kind", "created", "answers", "disposition", "reasons",
                   "excluded_regions", "ruleset_version", "self_care_allowed", "cleared",
                   "clearance_note"),
    "screening_draft": ("answers", "updated"),
    "quick_checks": ("day", "anything_new", "answers"),
    "calendar_feed": ("created",),
    "access_log": ("when", "who", "role", "action", "outcome"),
}  # fmt: skip
# Spreadsheet programs run cells that start with these as formulas.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def local_iso(value: datetime | None) -> str | None:
    """A stored time as the clinic's local time in ISO format, for every kind of the download."""
    return timezone.localtime(value).isoformat() if value else None


def _patient(patient: Patient) -> list[dict]:
    return [
        {
            "id": str(patient.public_id),
            "name": patient.user.full_name,
            "email": patient.user.email,
            "date_of_birth": patient.date_of_birth,
            "clinic": patient.clinic.name,
            "therapists": [t.display_name for t in patient.therapists.order_by("full_name")],
            "joined": local_iso(patient.created_at),
        }
    ]


def _diary(patient: Patient) -> list[dict]:
    return [
        {
            "date": e.date,
            **e.values(),
            "created": local_iso(e.created_at),
            "updated": local_iso(e.updated_at),
        }
        for e in DiaryEntry.objects.filter(patient=patient).order_by("date")
    ]


def _revisions(patient: Patient) -> list[dict]:
    revisions = DiaryEntryRevision.objects.filter(entry__patient=patient).select_related("entry")
    return [
        {"date": r.entry.date, "changed": local_iso(r.changed_at), "previous_values": r.previous}
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
            "created": local_iso(p.created_at),
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
            "created": local_iso(r.created_at),
        }
        for r in QuestionnaireResponse.objects.filter(patient=patient).order_by("created_at")
    ]


def _screenings(patient: Patient) -> list[dict]:
    return [
        {
            "id": str(s.public_id),
            "kind": s.kind,
            "created": local_iso(s.created_at),
            "answers": s.answers,
            "disposition": s.disposition,
            "reasons": s.reasons,
            "excluded_regions": s.excluded_regions,
            "ruleset_version": s.ruleset_version,
            "self_care_allowed": s.self_care_allowed,
            "cleared": local_iso(s.cleared_at),
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
    entry = apps.get_model("selfcare", "PracticeEntry")
    rows = entry.objects.filter(patient=patient).select_related("routine").order_by("day", "id")
    return [
        {
            "day": r.day,
            "routine": r.routine.title,
            "pain_before": r.pain_before,
            "pain_after": r.pain_after,
            "with_timer": r.with_timer,
            "created": local_iso(r.created_at),
        }
        for r in rows
    ]


def _home_plans(patient: Patient) -> list[dict]:
    plans = apps.get_model("selfcare", "HomePlan").objects.filter(patient=patient)
    return [
        {
            "id": str(p.public_id),
            "version": p.version,
            "created": local_iso(p.created_at),
            "created_by": p.created_by.display_name if p.created_by else None,
        }
        for p in plans.select_related("created_by").order_by("version")
    ]


def _home_plan_items(patient: Patient) -> list[dict]:
    items = apps.get_model("selfcare", "PlanItem").objects.filter(plan__patient=patient)
    return [
        {
            "plan": str(i.plan.public_id),
            "plan_version": i.plan.version,
            "order": i.order,
            "routine": i.routine.title,
            "hold_seconds": i.hold_seconds,
            "spots_per_side": i.spots_per_side,
            "sides": i.sides,
            "frequency": i.frequency,
            "note": i.note,
        }
        for i in items.select_related("plan", "routine").order_by("plan__version", "order", "id")
    ]


def _screening_draft(patient: Patient) -> list[dict]:
    draft = apps.get_model("triage", "ScreeningDraft").objects.filter(patient=patient).first()
    return [{"answers": draft.answers, "updated": local_iso(draft.updated_at)}] if draft else []


def _calendar_feed(patient: Patient) -> list[dict]:
    # The address itself is a password to the feed; the download says only that one exists.
    feed = CalendarFeed.objects.filter(patient=patient).first()
    return [{"created": local_iso(feed.created_at)}] if feed else []


def _access_log(patient: Patient) -> list[dict]:
    events = AuditEvent.objects.filter(patient_public_id=patient.public_id).select_related("actor")
    return [
        {
            "when": local_iso(e.at),
            "who": e.actor.display_name if e.actor else "Someone without access",
            "role": e.role,
            "action": action_label(e.action),
            "outcome": e.outcome,
        }
        for e in events.order_by("at", "id")
    ]


EXTRACTORS = {
    "patient": _patient,
    "diary": _diary,
    "diary_revisions": _revisions,
    "care_plans": _plans,
    "visits": _visits,
    "home_plans": _home_plans,
    "home_plan_items": _home_plan_items,
    "practice_log": _practice_log,
    "questionnaires": _questionnaires,
    "screenings": _screenings,
    "screening_draft": _screening_draft,
    "quick_checks": _quick_checks,
    "calendar_feed": _calendar_feed,
    "access_log": _access_log,
}


def register_kind(kind: str, *, label: str, sources: tuple[str, ...], columns: tuple[str, ...],
                  extractor) -> None:  # fmt: skip
    """Add a kind of patient data kept by an app that builds on this one (the therapist's
    assessment, reminders): called from that app's AppConfig.ready(), so plans imports none of
    them and the download still holds everything."""
    if kind not in KINDS:
        KINDS.append(kind)
    KIND_LABELS[kind], SOURCES[kind], COLUMNS[kind] = label, sources, columns
    EXTRACTORS[kind] = extractor


def patient_data(patient: Patient) -> dict[str, list[dict]]:
    return {kind: EXTRACTORS[kind](patient) for kind in KINDS}


def as_json(data: dict, *, exported: datetime) -> bytes:
    document = {"exported": local_iso(exported), **data}
    return json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode()


def _cell(value):
    """Lists and dicts as JSON text; the shared CSV writer formats and neutralises the rest."""
    if isinstance(value, list | dict):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return value


def as_csv(rows: list[dict], columns: tuple[str, ...]) -> bytes:
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
            archive.writestr(f"{kind}.csv", as_csv(rows, COLUMNS[kind]))
    return buffer.getvalue()
