"""Demo care plans, diaries and questionnaires, so every number and chart has something to show.

patient@demo.test: an 8-session course that started about three weeks ago (5 sessions attended),
a baseline month of 11 headache days (some migraine-like), then fewer headaches; HIT-6 at
baseline and after session 4. patient2@demo.test: a new plan with a missed visit, painkillers on
most days and a diary that has gone quiet, so the dashboard has someone to put first.

Deterministic (seeded random numbers, dates counted from today) and idempotent: a second run on
the same day adds no rows.
"""

import random
from datetime import date, datetime, time, timedelta
from uuid import NAMESPACE_URL, uuid5

from django.utils import timezone

from .clinic_settings import clinic_calendar, clinic_triggers, instrument_set
from .instruments import HIT6, Timepoint
from .models import CarePlan, DiaryEntry, QuestionnaireResponse, Visit
from .schedule import CoursePlan, schedule_course
from .services import (
    plan_create,
    questionnaire_submit,
    visit_record,
)

PREFERRED = (1, 3)  # Tuesday and Thursday
VISIT_TIME = time(10, 0)
BASELINE_HEADACHE_DAYS = 11
BASELINE_MIGRAINE_LIKE = 3
LATER_HEADACHE_RATE = 5 / 28
HIT6_BASELINE = ("very_often", "very_often", "sometimes", "sometimes", "sometimes", "sometimes")
HIT6_MID_COURSE = ("sometimes", "sometimes", "rarely", "rarely", "sometimes", "rarely")
AREAS = (["neck_back", "shoulder_left", "shoulder_right"], ["scalp", "neck_back", "upper_back"])
TECHNIQUES = (
    ["myofascial_release", "trigger_point", "home_plan_review"],
    ["myofascial_release", "posture_retraining"],
)


def _key(label: str, patient) -> object:
    return uuid5(NAMESPACE_URL, f"demo:{label}:{patient.public_id}")


def seed(people) -> None:
    clinic = people.clinic
    today = timezone.localdate()
    instrument_set(clinic=clinic, code=HIT6.code, enabled=True)
    triggers = [t.code for t in clinic_triggers(clinic)]
    _main_patient(people, today, triggers)
    _second_patient(people, today, triggers)


def _course_start(clinic, today: date) -> date:
    """A start date about three weeks back with exactly five visits before today."""
    calendar = clinic_calendar(clinic)
    for back in sorted(range(14, 42), key=lambda days: abs(days - 21)):
        start = today - timedelta(days=back)
        visits = schedule_course(CoursePlan(start, 8, 4, PREFERRED), calendar)
        if visits[4].date < today <= visits[5].date:
            return start
    return today - timedelta(days=21)


def _main_patient(people, today: date, triggers: list[str]) -> None:
    patient = people.patient
    plan = CarePlan.objects.filter(patient=patient).first()
    if plan is None:
        plan, _ = plan_create(
            patient=patient,
            therapist=people.therapist,
            start=_course_start(patient.clinic, today),
            sessions=8,
            weeks=4,
            preferred_weekdays=PREFERRED,
            headache_type="tension_type",
            visit_time=VISIT_TIME,
            key=_key("plan", patient),
        )
        for n, visit in enumerate(plan.visits.order_by("number")[:5]):
            if visit.date < today:
                visit_record(
                    visit=visit,
                    by=people.therapist,
                    status=Visit.Status.ATTENDED,
                    today=today,
                    minutes=45,
                    areas=AREAS[n % 2],
                    techniques=TECHNIQUES[n % 2],
                    note="Neck and shoulder tension eased; home routine reviewed.",
                )
    first = plan.visits.order_by("number").first().date
    _diary(patient, first, today, triggers)
    answers = {
        Timepoint.BASELINE.value: HIT6_BASELINE,
        Timepoint.MID_COURSE.value: HIT6_MID_COURSE,
    }
    for timepoint, choices in answers.items():
        response, created = questionnaire_submit(
            patient=patient,
            plan=plan,
            instrument=HIT6,
            timepoint=timepoint,
            answers={item.code: choice for item, choice in zip(HIT6.items, choices, strict=True)},
            key=_key(f"hit6-{timepoint}", patient),
        )
        if created and timepoint == Timepoint.BASELINE.value:
            when = timezone.make_aware(datetime.combine(first, time(9, 30)))
            QuestionnaireResponse.objects.filter(pk=response.pk).update(created_at=when)


def _migraine_like(day: date, rng: random.Random, triggers: list[str]) -> DiaryEntry:
    return DiaryEntry(
        date=day,
        headache=True,
        peak=rng.choice((6, 7, 8)),
        hours=rng.choice((6, 8, 10, 12)),
        locations=["one_side", "temples"],
        character="pulsating",
        nausea=True,
        light=True,
        sound=rng.random() < 0.7,
        worse_with_activity=True,
        triptan_ergot_doses=1,
        triggers=rng.sample(triggers, 2),
    )


def _tension_like(day: date, rng: random.Random, triggers: list[str], peak: int) -> DiaryEntry:
    return DiaryEntry(
        date=day,
        headache=True,
        peak=peak,
        hours=rng.choice((1.5, 2, 3, 4, 5)),
        locations=rng.choice((["both_sides"], ["both_sides", "back_of_head"])),
        character="pressing",
        worse_with_activity=False,
        simple_doses=rng.choice((0, 1, 1, 2)),
        triggers=rng.sample(triggers, rng.choice((0, 1, 2))),
    )


def _diary(patient, first: date, today: date, triggers: list[str]) -> None:
    rng = random.Random(2026)
    entries = []
    baseline = [first - timedelta(days=28 - n) for n in range(28)]
    headache_days = set(rng.sample(range(28), BASELINE_HEADACHE_DAYS))
    migraine_days = set(rng.sample(sorted(headache_days), BASELINE_MIGRAINE_LIKE))
    skipped = rng.choice(sorted(set(range(28)) - headache_days))  # one day not recorded
    for n, day in enumerate(baseline):
        if n == skipped:
            continue
        if n in migraine_days:
            entries.append(_migraine_like(day, rng, triggers))
        elif n in headache_days:
            entries.append(_tension_like(day, rng, triggers, rng.choice((3, 4, 5, 6))))
        else:
            entries.append(DiaryEntry(date=day, headache=False))
    # From the first session to yesterday: fewer and milder headaches; today is left open.
    later = [first + timedelta(days=n) for n in range((today - first).days)]
    for day in later:
        if rng.random() < LATER_HEADACHE_RATE:
            entries.append(_tension_like(day, rng, triggers, rng.choice((2, 3, 3, 4))))
        else:
            entries.append(DiaryEntry(date=day, headache=False))
    for entry in entries:
        entry.patient = patient
    DiaryEntry.objects.bulk_create(entries, ignore_conflicts=True)


def _second_patient(people, today: date, triggers: list[str]) -> None:
    patient = people.patient2
    plan = CarePlan.objects.filter(patient=patient).first()
    if plan is None:
        plan, _ = plan_create(
            patient=patient,
            therapist=people.therapist,
            start=today - timedelta(days=10),
            sessions=8,
            weeks=4,
            preferred_weekdays=(0, 2),
            headache_type="migraine",
            visit_time=time(15, 30),
            key=_key("plan", patient),
        )
        past = [v for v in plan.visits.order_by("number") if v.date < today]
        for n, visit in enumerate(past[:2]):
            visit_record(
                visit=visit,
                by=people.therapist,
                status=Visit.Status.ATTENDED if n == 0 else Visit.Status.MISSED,
                today=today,
                minutes=40 if n == 0 else None,
                areas=AREAS[0] if n == 0 else (),
                techniques=TECHNIQUES[0] if n == 0 else (),
            )
    rng = random.Random(7)
    entries = []
    # 28 days up to a week ago: painkillers on most days, then nothing recorded.
    for back in range(34, 6, -1):
        day = today - timedelta(days=back)
        if rng.random() < 0.6:
            entry = _tension_like(day, rng, triggers, rng.choice((4, 5, 6)))
            entry.simple_doses = rng.choice((1, 2, 2, 3))
        else:
            entry = DiaryEntry(date=day, headache=False, simple_doses=rng.choice((0, 1, 1)))
        entry.patient = patient
        entries.append(entry)
    DiaryEntry.objects.bulk_create(entries, ignore_conflicts=True)
