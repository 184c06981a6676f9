"""Plain builders for care-plan tests; every argument has a sensible default."""

import uuid
from datetime import date, timedelta

from django.utils import timezone

from plans.models import DiaryEntry
from plans.services import plan_create, visit_record
from plans.tokens import new_token


def today() -> date:
    return timezone.localdate()


def make_plan(patient, therapist, *, start=None, sessions=8, weeks=4, preferred=(), **extra):
    plan, _ = plan_create(
        patient=patient,
        therapist=therapist,
        start=start or today() - timedelta(days=14),
        sessions=sessions,
        weeks=weeks,
        preferred_weekdays=preferred,
        headache_type=extra.pop("headache_type", "tension_type"),
        visit_time=extra.pop("visit_time", None),
        key=extra.pop("key", uuid.uuid4()),
    )
    return plan


def attend(visit, therapist, *, minutes=45):
    return visit_record(
        visit=visit,
        by=therapist,
        status="attended",
        today=max(today(), visit.date),
        minutes=minutes,
        areas=["neck_back"],
        techniques=["myofascial_release"],
    )


def make_entry(patient, day, **values) -> DiaryEntry:
    values.setdefault("headache", False)
    return DiaryEntry.objects.create(patient=patient, date=day, **values)


def diary_post(**overrides) -> dict:
    """A complete, valid diary form post for a headache day."""
    data = {
        "token": new_token(),
        "headache": "yes",
        "peak": "6",
        "hours": "5",
        "locations": ["one_side", "temples"],
        "character": "pulsating",
        "nausea": "on",
        "simple_doses": "1",
        "triptan_ergot_doses": "0",
        "opioid_doses": "0",
        "combination_doses": "0",
        "note": "After a long day at the screen",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
