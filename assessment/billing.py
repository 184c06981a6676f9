"""Units for a visit's services under the CMS 8-minute rule (pure).

Source: Medicare Claims Processing Manual (Pub. 100-04), chapter 5, section 20.2. The total
minutes of all timed (15-minute) services in a day set the total number of timed units; fewer
than 8 minutes in total bills none. The units are then assigned as the section's examples show:
each service first gets one unit for every full 15 minutes it took, and any unit left over goes
to the service with the most minutes left over (example 3: 33 min of 97110 and 7 min of 97140 is
2 units of 97110 and 1 of 97140, because 7 remaining minutes beat 3). When services tie, the
manual lets the biller choose either (example 2); this function picks the one listed first, so
the answer is repeatable. Untimed services (evaluations, re-evaluations) count once a visit,
whatever their minutes.
"""

from collections.abc import Iterable
from dataclasses import dataclass

SOURCE = "Medicare Claims Processing Manual, Pub. 100-04, ch. 5, section 20.2"
UNIT_MINUTES = 15
FIRST_UNIT_MINUTES = 8


@dataclass(frozen=True)
class Service:
    code: str
    minutes: int
    timed: bool = True


@dataclass(frozen=True)
class Line:
    code: str
    minutes: int
    units: int
    timed: bool


@dataclass(frozen=True)
class Bill:
    lines: tuple[Line, ...]
    timed_minutes: int
    timed_units: int
    source: str = SOURCE

    def units_for(self, code: str) -> int:
        return sum(line.units for line in self.lines if line.code == code)

    @property
    def billed(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.units)


def total_units(minutes: int) -> int:
    """8-22 minutes is 1 unit, 23-37 is 2, 38-52 is 3, ... (one more for every 15 minutes)."""
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 0:
        raise ValueError(f"Minutes must be a whole number of 0 or more, got {minutes!r}.")
    if minutes < FIRST_UNIT_MINUTES:
        return 0
    return (minutes - FIRST_UNIT_MINUTES) // UNIT_MINUTES + 1


def _merge(services: Iterable[Service]) -> list[Service]:
    """Minutes of the same code add up (a code listed twice is one service)."""
    merged: dict[str, Service] = {}
    for service in services:
        if not service.code:
            raise ValueError("Every service needs a code.")
        if service.minutes < 0:
            raise ValueError(f"{service.code}: minutes cannot be negative.")
        if service.code in merged:
            earlier = merged[service.code]
            if earlier.timed != service.timed:
                raise ValueError(f"{service.code} is listed both as timed and untimed.")
            service = Service(service.code, earlier.minutes + service.minutes, service.timed)
        merged[service.code] = service
    return list(merged.values())


def bill(services: Iterable[Service]) -> Bill:
    merged = _merge(services)
    timed = [s for s in merged if s.timed]
    minutes = sum(s.minutes for s in timed)
    units_total = total_units(minutes)
    units = {s.code: s.minutes // UNIT_MINUTES for s in timed}
    left = units_total - sum(units.values())
    # Leftover units go to the largest remainders; ties keep the order the services came in.
    order = sorted(
        range(len(timed)),
        key=lambda i: (-(timed[i].minutes % UNIT_MINUTES), -timed[i].minutes, i),
    )
    for i in order[: max(left, 0)]:
        if timed[i].minutes % UNIT_MINUTES:
            units[timed[i].code] += 1
    lines = tuple(Line(s.code, s.minutes, units[s.code] if s.timed else 1, s.timed) for s in merged)
    return Bill(lines, minutes, units_total)
