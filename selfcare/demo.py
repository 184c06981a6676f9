"""Demo self-care: the routine library, two plan templates, a home plan with two weeks of
practice for patient@demo.test and a jaw-and-temples plan for patient2@demo.test (whose
screening rules out the left shoulder). Running it again changes nothing."""

import uuid
from dataclasses import replace
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .library import CONTENT_FILE, parse, validate_library
from .models import HomePlan, PlanTemplate, PracticeEntry, Routine
from .schedule import EVERY_OTHER_DAY
from .services import Dose, library_load, plan_save, template_save

TEMPLATES = {
    "Tension-type starter": [
        # slug, hold seconds, spots per side, sides, frequency, note
        ("upper-trapezius-wall-ball", 60, 2, "both", "daily", "Start with the soft ball."),
        ("suboccipital-release-two-balls", 60, 1, "midline", "daily", ""),
        ("levator-scapulae-wall-ball", 45, 2, "both", EVERY_OTHER_DAY, ""),
        ("seated-posture-reset", 30, 1, "midline", "daily", "Good at your desk, mid-morning."),
    ],
    "Jaw and temples": [
        ("masseter-release", 45, 2, "both", "daily", ""),
        ("temporalis-release", 45, 2, "both", "daily", ""),
        ("jaw-relaxation-drill", 60, 1, "midline", "daily", "Before bed helps most."),
    ],
}
PATIENT2_EXTRA = ("suboccipital-release-two-balls", 45, 1, "midline", EVERY_OTHER_DAY, "")
LOG_DAYS = 14


def _doses(rows) -> list[Dose]:
    routines = {r.slug: r for r in Routine.objects.filter(slug__in=[row[0] for row in rows])}
    return [
        Dose(routines[slug], hold, spots, sides, frequency, note)
        for slug, hold, spots, sides, frequency, note in rows
    ]


def _backdate(plan: HomePlan, days: int) -> None:
    HomePlan.objects.filter(pk=plan.pk).update(created_at=timezone.now() - timedelta(days=days))


def _practice(patient, *, days: int) -> None:
    """A believable log: most due sessions done, a few missed, never on a day not due."""
    today = timezone.localdate()
    plans = list(patient.home_plans.prefetch_related("items").order_by("version"))
    done: set[tuple[int, object]] = set()
    entries = []
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        plan = [p for p in plans if p.starts_on <= day][-1]
        for n, item in enumerate(plan.items.all()):
            yesterday = (item.routine_id, day - timedelta(1))
            due = item.frequency != EVERY_OTHER_DAY or yesterday not in done
            if not due or (back * 3 + n) % 7 == 0:
                continue
            done.add((item.routine_id, day))
            pain = 3 + (back + n) % 3
            entries.append(
                PracticeEntry(
                    patient=patient,
                    routine_id=item.routine_id,
                    plan_item=item,
                    day=day,
                    pain_before=pain,
                    pain_after=max(0, pain - 2),
                    with_timer=n % 2 == 0,
                    token=uuid.uuid4(),
                )
            )
    PracticeEntry.objects.bulk_create(entries)


def seed(people) -> None:
    library = validate_library(parse(CONTENT_FILE.read_bytes()))[0]
    library_load(library, unpublish_missing=True)
    for name, rows in TEMPLATES.items():
        if not PlanTemplate.objects.filter(clinic=people.clinic, name=name).exists():
            template_save(clinic=people.clinic, name=name, doses=_doses(rows), by=people.therapist)

    with transaction.atomic():
        if not people.patient.home_plans.exists():
            starter = _doses(TEMPLATES["Tension-type starter"])
            first, _ = plan_save(patient=people.patient, therapist=people.therapist, doses=starter)
            _backdate(first, LOG_DAYS + 1)
            # A week later the therapist lengthened the shoulder hold: version 2.
            longer = [replace(starter[0], hold_seconds=75), *starter[1:]]
            second, _ = plan_save(patient=people.patient, therapist=people.therapist, doses=longer)
            _backdate(second, 7)
            _practice(people.patient, days=LOG_DAYS)

        if not people.patient2.home_plans.exists():
            doses = _doses([*TEMPLATES["Jaw and temples"], PATIENT2_EXTRA])
            plan, _ = plan_save(patient=people.patient2, therapist=people.therapist, doses=doses)
            _backdate(plan, 4)
            _practice(people.patient2, days=3)
