"""What of a patient's home plan they may be given right now.

This is the one answer that every path asks before handing a patient a routine: the today page,
the timer, the practice-log write, routine pictures, the library, the printed plan (for the
patient, the therapist and the front desk), print batches, offline sync and reminders. It joins
three things: the safety gate's state (triage/gate.py), the regions the latest full screening
excluded, and the routine-level contraindications that the screening's answers imply
(selfcare/contraindications.py). Views never decide this themselves.

Practising needs an open gate (which includes today's quick check). Printing needs a valid
screening and nothing waiting for a therapist, but not today's quick check: a printed plan is a
standing document used over weeks, and it carries the same "anything new since your last
check?" question on paper. Anything else prints the "home practice is paused" sheet instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from clinic.models import Patient
from triage.gate import NEEDS_QUICK_CHECK, OK, Gate, self_care_gate
from triage.questions import REGION_LABELS

from . import contraindications, queries
from .contraindications import Offer

# A screening stands and nothing waits for a therapist; only today's quick check may be missing.
STANDING = frozenset({OK, NEEDS_QUICK_CHECK})
NOT_NOW = Offer(False, "Home practice is paused until your safety check is up to date.", (), None)

T = TypeVar("T")


@dataclass(frozen=True)
class Allowance:
    gate: Gate
    excluded_regions: tuple[str, ...] = ()
    limits: frozenset[str] = frozenset()

    @property
    def may_practise(self) -> bool:
        return self.gate.open

    @property
    def may_print(self) -> bool:
        return self.gate.state in STANDING

    @property
    def may_remind(self) -> bool:
        """A practice reminder opens Today, which asks for today's quick check first."""
        return self.gate.state in STANDING

    def offer(self, routine) -> Offer:
        """Whether (and how: which tools, what hold cap) this routine may be offered, judged
        by the screening alone. Callers add the gate: see may_practise and may_print."""
        blocked = [r for r in routine.regions if r in self.excluded_regions]
        if blocked:
            names = ", ".join(REGION_LABELS.get(r, r) for r in blocked)
            return Offer(False, f"Paused by your safety check: {names}.", (), None)
        return contraindications.offer(routine, self.limits)

    def practise(self, routine) -> Offer:
        return self.offer(routine) if self.may_practise else NOT_NOW

    def printable(self, routine) -> Offer:
        return self.offer(routine) if self.may_print else NOT_NOW

    def keep(self, items: Iterable[T], *, routine=lambda item: item.routine) -> list[T]:
        """The items whose routine may be offered under this screening."""
        return [item for item in items if self.offer(routine(item)).allowed]

    @property
    def print_key(self) -> str:
        """Everything of this allowance that changes a printed plan, for the PDF cache key."""
        if not self.may_print:
            return "paused"
        return "|".join((",".join(sorted(self.excluded_regions)), ",".join(sorted(self.limits))))


def allowance_for(patient: Patient) -> Allowance:
    gate = self_care_gate(patient)
    if gate.state not in STANDING or gate.screening is None:
        return Allowance(gate)
    # The screenings in force: the latest full one and any result since (queries.exclusion_for).
    exclusion = queries.exclusion_for(patient, latest=gate.screening)
    return Allowance(gate, excluded_regions=exclusion.regions, limits=exclusion.limits)


def hold_seconds(item, offer: Offer) -> int:
    """The item's hold, within the offer's cap (lighter, shorter holds with a blood thinner)."""
    if offer.hold_seconds_max is None:
        return item.hold_seconds
    return min(item.hold_seconds, offer.hold_seconds_max)
