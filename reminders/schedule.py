"""When a reminder is due: pure functions of the patient's choices and the time now. A slot is
the moment a reminder was chosen for, in UTC; it names the reminder so it is sent once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# A reminder later than this (a worker that was down) is not sent at all: a practice reminder
# at midnight helps nobody.
GRACE = timedelta(hours=2)
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)
EVERY_OTHER_DAY = (0, 2, 4, 6)


@dataclass(frozen=True)
class Choice:
    weekdays: tuple[int, ...]
    at: time
    time_zone: str
    quiet_from: time | None = None
    quiet_until: time | None = None


def valid_time_zone(name: str) -> bool:
    if name not in _zones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


_ZONES: frozenset[str] = frozenset()


def _zones() -> frozenset[str]:
    global _ZONES
    if not _ZONES:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def in_quiet_hours(at: time, start: time | None, end: time | None) -> bool:
    """Quiet hours may run over midnight (22:00 to 07:00)."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= at < end
    return at >= start or at < end


def due_slot(choice: Choice, now: datetime) -> datetime | None:
    """The slot (UTC) due at `now`, if any: on a chosen weekday, at or after the chosen time in
    the patient's zone, within GRACE, and not inside quiet hours."""
    if in_quiet_hours(choice.at, choice.quiet_from, choice.quiet_until):
        return None
    zone = ZoneInfo(choice.time_zone)
    today = now.astimezone(zone).date()
    for day in (today, today - timedelta(days=1)):
        if day.weekday() not in choice.weekdays:
            continue
        slot = datetime.combine(day, choice.at, tzinfo=zone).astimezone(UTC)
        if slot <= now < slot + GRACE:
            return slot
    return None


def local_day(slot: datetime, time_zone: str) -> date:
    return slot.astimezone(ZoneInfo(time_zone)).date()


def suggested_weekdays(frequencies: Iterable[str]) -> tuple[int, ...]:
    """Days that match a home plan: every day if any routine is daily, else every other day."""
    found = set(frequencies)
    if not found or "daily" in found:
        return EVERY_DAY
    return EVERY_OTHER_DAY
