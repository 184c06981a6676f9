"""What changed in a patient's home plan since the version they last saw. The comparison is
pure; `plan_seen` records that the patient has opened a version."""

from dataclasses import dataclass

from django.db.models import Subquery
from django.utils import timezone

from .models import HomePlan, PlanItem


@dataclass(frozen=True)
class Changed:
    title: str
    before: str
    after: str


@dataclass(frozen=True)
class PlanChanges:
    since_version: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[Changed, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


DOSE_KEYS = ("hold_seconds", "spots_per_side", "sides", "frequency", "note")


def compare(old: list[PlanItem], new: list[PlanItem], *, since_version: int) -> PlanChanges:
    """Routines added, removed, and those whose dose or note changed, by title."""
    from .templatetags.selfcare import dose

    before = {item.routine_id: item for item in old}
    after = {item.routine_id: item for item in new}
    changed = []
    for routine_id, item in after.items():
        was = before.get(routine_id)
        if was is None:
            continue
        if any(getattr(was, key) != getattr(item, key) for key in DOSE_KEYS):
            old_text = dose(was) + (f". “{was.note}”" if was.note else "")
            new_text = dose(item) + (f". “{item.note}”" if item.note else "")
            changed.append(Changed(item.routine.title, old_text, new_text))
    return PlanChanges(
        since_version=since_version,
        added=tuple(after[r].routine.title for r in after if r not in before),
        removed=tuple(before[r].routine.title for r in before if r not in after),
        changed=tuple(changed),
    )


def changes_since_seen(plan: HomePlan) -> PlanChanges | None:
    """The changes in `plan` against the latest earlier version the patient opened, while the
    patient has not seen this version before today. None when there is nothing to tell."""
    if plan.seen_at and timezone.localdate(plan.seen_at) < timezone.localdate():
        return None
    # One query: the items of the latest earlier version the patient opened, with that plan.
    seen = HomePlan.objects.filter(
        patient_id=plan.patient_id, version__lt=plan.version, seen_at__isnull=False
    ).order_by("-version")
    old = list(
        PlanItem.objects.filter(plan__patient_id=plan.patient_id)
        .filter(plan__version=Subquery(seen.values("version")[:1]))
        .select_related("routine", "plan")
    )
    if not old:
        return None
    found = compare(old, list(plan.items.all()), since_version=old[0].plan.version)
    return found or None


def plan_seen(*, plan: HomePlan) -> None:
    """Record the first time the patient opened this version."""
    if plan.seen_at is None:
        HomePlan.objects.filter(pk=plan.pk, seen_at__isnull=True).update(seen_at=timezone.now())
