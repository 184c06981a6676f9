"""Writes for self-care (and adherence_for, the figure other apps report). Each write is one short
transaction; images are decoded and resized before it starts (see images.py)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from clinic.models import Clinic, Patient, User

from . import images, queries, schedule
from .allowed import allowance_for
from .library import KEYS, NEVER_PRESSED
from .models import (
    HOLD_MAX,
    HOLD_MIN,
    SPOTS_MAX,
    Frequency,
    HomePlan,
    PlanItem,
    PlanTemplate,
    PlanTemplateItem,
    PracticeEntry,
    Routine,
    Sides,
)

MAX_PLAN_ROUTINES_ADVISED = 4
TOKEN_MAX_AGE = 2 * 24 * 60 * 60


def adherence_for(patient: Patient, *, start: date, end: date) -> tuple[int, int]:
    """(sessions done, sessions due) from `start` to `end` inclusive, by the rules in
    selfcare/schedule.py. Days after today are not due yet, so the range stops at today."""
    end = min(end, timezone.localdate())
    if end < start:
        return 0, 0
    periods = queries.periods_until(patient, until=end)
    done = queries.done_pairs(patient, start=start - timedelta(1), end=end)
    return schedule.adherence(periods, done, start, end)


def adherence_for_patients(
    patients: Sequence[Patient], *, start: date, end: date
) -> dict[int, tuple[int, int]]:
    """adherence_for for many patients at once, in a fixed number of queries."""
    end = min(end, timezone.localdate())
    ids = [patient.pk for patient in patients]
    if end < start:
        return dict.fromkeys(ids, (0, 0))
    periods = queries.periods_for(ids, until=end)
    done = queries.done_pairs_for(ids, start=start - timedelta(1), end=end)
    return {
        pk: schedule.adherence(periods.get(pk, ()), done.get(pk, frozenset()), start, end)
        for pk in ids
    }


class PracticeRefused(Exception):
    """The safety gate does not allow this practice now. The message is for the patient."""


class PlanError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


# --- The library ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unpublished: int = 0


def library_load(routines: Sequence[dict[str, Any]], *, unpublish_missing: bool) -> LoadResult:
    """Upsert validated library routines by slug (see library.validate_library). A routine
    whose values are the same is not saved at all, so loading twice changes nothing. Routines
    a therapist made are never touched."""
    created = updated = unchanged = 0
    slugs = [data["slug"] for data in routines]
    with transaction.atomic():
        existing = {r.slug: r for r in Routine.objects.select_for_update().filter(slug__in=slugs)}
        for data in routines:
            values = {key: data[key] for key in KEYS if key != "slug"}
            routine = existing.get(data["slug"])
            if routine is None:
                Routine.objects.create(slug=data["slug"], **values)
                created += 1
            elif not routine.is_library:
                raise PlanError([f"{routine.slug}: the slug belongs to a clinic's own routine"])
            elif any(getattr(routine, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(routine, key, value)
                routine.save()
                updated += 1
            else:
                unchanged += 1
        unpublished = 0
        if unpublish_missing:
            gone = Routine.objects.library().published().exclude(slug__in=slugs)
            unpublished = gone.update(published=False, updated_at=timezone.now())
    return LoadResult(created, updated, unchanged, unpublished)


def routine_create(
    *, therapist: User, data: dict[str, Any], photo: images.Processed | None = None
) -> Routine:
    """A therapist's own routine, shared with their clinic. `data` comes from RoutineForm."""
    if NEVER_PRESSED in data.get("regions", []):
        raise PlanError(["No routine may press on the front of the neck."])
    name = images.store(photo) if photo else ""
    slug = f"{slugify(data['title'])[:60].strip('-') or 'routine'}-{secrets.token_hex(3)}"
    try:
        with transaction.atomic():
            return Routine.objects.create(
                slug=slug,
                clinic_id=therapist.clinic_id,
                owner=therapist,
                photo=name,
                licence="Clinic's own" if name else "",
                attribution=therapist.display_name,
                **data,
            )
    except BaseException:
        if name:
            images.delete(name)
        raise


# --- Home plans and templates --------------------------------------------------------------


@dataclass(frozen=True)
class Dose:
    routine: Routine
    hold_seconds: int
    spots_per_side: int
    sides: str
    frequency: str
    note: str = ""

    def key(self) -> tuple:
        return (
            self.routine.pk,
            self.hold_seconds,
            self.spots_per_side,
            self.sides,
            self.frequency,
            self.note,
        )


def sides_allowed(routine: Routine) -> list[str]:
    """A midline routine is done in one position; a one-sided routine stays on its side; a
    two-sided routine may be narrowed to one side for a patient."""
    if routine.sides == Sides.MIDLINE:
        return [Sides.MIDLINE]
    if routine.sides in (Sides.LEFT, Sides.RIGHT):
        return [routine.sides]
    return [Sides.BOTH, Sides.LEFT, Sides.RIGHT]


def dose_problems(dose: Dose, *, clinic_id: int | None, excluded: queries.Exclusion) -> list[str]:
    routine, problems = dose.routine, []
    title = routine.title
    if not routine.published or routine.clinic_id not in (None, clinic_id):
        problems.append(f"{title}: not in your clinic's library.")
    if reason := excluded.reason(routine):
        problems.append(f"{title}: not allowed for this patient ({reason}).")
    if NEVER_PRESSED in routine.regions:
        problems.append(f"{title}: presses on the front of the neck.")
    low, high = max(routine.hold_seconds_min, HOLD_MIN), min(routine.hold_seconds_max, HOLD_MAX)
    if not low <= dose.hold_seconds <= high:
        problems.append(f"{title}: hold for {low} to {high} seconds.")
    if not 1 <= dose.spots_per_side <= SPOTS_MAX:
        problems.append(f"{title}: 1 to {SPOTS_MAX} spots per side.")
    if dose.sides not in sides_allowed(routine):
        problems.append(f"{title}: this routine cannot be done on that side.")
    if dose.frequency not in Frequency.values:
        problems.append(f"{title}: choose how often.")
    return problems


def plan_save(*, patient: Patient, therapist: User, doses: Sequence[Dose]) -> tuple[HomePlan, bool]:
    """Save the plan as a new version if it differs from the current one. Refuses routines in
    the regions the patient's latest screening excludes. Returns (current plan, created)."""
    excluded = queries.exclusion_for(patient)
    problems = []
    for dose in doses:
        problems += dose_problems(dose, clinic_id=patient.clinic_id, excluded=excluded)
    if len({dose.routine.pk for dose in doses}) != len(doses):
        problems.append("Each routine can be in the plan once.")
    if problems:
        raise PlanError(problems)
    with transaction.atomic():
        # Lock the patient row: two saves at once get consecutive version numbers.
        Patient.objects.select_for_update().filter(pk=patient.pk).first()
        current = (
            HomePlan.objects.filter(patient=patient)
            .prefetch_related("items")
            .order_by("-version")
            .first()
        )
        unchanged = [item.dose() for item in current.items.all()] if current else None
        if unchanged == [dose.key() for dose in doses]:
            return current, False
        plan = HomePlan.objects.create(
            patient=patient, version=(current.version + 1) if current else 1, created_by=therapist
        )
        PlanItem.objects.bulk_create(
            PlanItem(plan=plan, order=n, **_dose_fields(dose)) for n, dose in enumerate(doses)
        )
    return plan, True


def template_save(*, clinic: Clinic, name: str, doses: Sequence[Dose], by: User | None) -> bool:
    """Save (or replace) a clinic's named plan template. Returns True when it was new."""
    with transaction.atomic():
        template, created = PlanTemplate.objects.get_or_create(
            clinic=clinic, name=name.strip(), defaults={"created_by": by}
        )
        template.items.all().delete()
        PlanTemplateItem.objects.bulk_create(
            PlanTemplateItem(template=template, order=n, **_dose_fields(dose))
            for n, dose in enumerate(doses)
        )
    return created


def _dose_fields(dose: Dose) -> dict[str, Any]:
    return {
        "routine": dose.routine,
        "hold_seconds": dose.hold_seconds,
        "spots_per_side": dose.spots_per_side,
        "sides": dose.sides,
        "frequency": dose.frequency,
        "note": dose.note,
    }


# --- Practice log --------------------------------------------------------------------------


def _token_salt(patient: Patient) -> str:
    return f"selfcare.practice.{patient.pk}"


def practice_token(patient: Patient) -> str:
    """A fresh idempotency token for one practice form, bound to the patient."""
    return signing.dumps(uuid.uuid4().hex, salt=_token_salt(patient))


def read_practice_token(patient: Patient, raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(signing.loads(raw, salt=_token_salt(patient), max_age=TOKEN_MAX_AGE))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def practice_log(
    *,
    patient: Patient,
    item: PlanItem,
    day: date,
    token: uuid.UUID,
    pain_before: int | None = None,
    pain_after: int | None = None,
    with_timer: bool = False,
    partial: bool = False,
) -> tuple[PracticeEntry, bool]:
    """Store that the routine was done on `day`, or `partial`ly (stopped early). A repeated
    token (double tap, retry) returns the stored entry; a second log of the routine the same
    day adds pain scores it lacked, and a complete log turns a partial one into done.
    Refused (PracticeRefused) unless the patient may practise this routine right now: a form
    fetched before a stop button, or a write queued offline, meets the gate here."""
    offer = allowance_for(patient).practise(item.routine)
    if not offer.allowed:
        raise PracticeRefused(
            f"“{item.routine.title}” was not saved: {offer.reason[0].lower()}{offer.reason[1:]}"
        )
    fields = {"pain_before": pain_before, "pain_after": pain_after}
    try:
        with transaction.atomic():
            entry = PracticeEntry.objects.create(
                patient=patient,
                routine_id=item.routine_id,
                plan_item=item,
                day=day,
                token=token,
                with_timer=with_timer,
                partial=partial,
                **fields,
            )
            return entry, True
    except IntegrityError:
        pass
    with transaction.atomic():
        entry = (
            PracticeEntry.objects.select_for_update().filter(patient=patient, token=token).first()
        )
        if entry is not None:
            return entry, False
        entry = PracticeEntry.objects.select_for_update().get(
            patient=patient, routine_id=item.routine_id, day=day
        )
        missing = {k: v for k, v in fields.items() if v is not None and getattr(entry, k) is None}
        if entry.partial and not partial:
            missing["partial"] = False
        if missing:
            for key, value in missing.items():
                setattr(entry, key, value)
            entry.save(update_fields=list(missing))
    return entry, False
