"""A minimal iCalendar (RFC 5545) writer for the visit feed: CRLF line endings, lines folded at
75 octets without splitting a UTF-8 character, TEXT values escaped (backslash, semicolon, comma,
newline), UTC timestamps, and all-day events for visits without a time."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

CRLF = "\r\n"
MAX_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    day: date
    start: datetime | None = None  # timezone-aware; None means an all-day event
    end: datetime | None = None
    status: str = "CONFIRMED"


UID_DOMAIN = "visits.headache-clinic"


def visit_uid(visit) -> str:
    """The same for a visit whatever address the feed is fetched under, so a calendar app that
    subscribed through another host name does not show the visit twice."""
    return f"{visit.public_id}@{UID_DOMAIN}"


def escape_text(value: str) -> str:
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets; continuation lines start with a
    space, which counts towards their 75."""
    chunks, current, size, limit = [], [], 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += width
    chunks.append("".join(current))
    return (CRLF + " ").join(chunks)


def utc_stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("iCalendar times must be timezone-aware.")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(
    events: Iterable[Event], *, name: str, stamp: datetime, prodid: str = "-//Clinic//Visits//EN"
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{utc_stamp(stamp)}"]
        if event.start is None:
            lines.append(f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}")
        else:
            lines.append(f"DTSTART:{utc_stamp(event.start)}")
            if event.end is not None:
                lines.append(f"DTEND:{utc_stamp(event.end)}")
        lines += [f"SUMMARY:{escape_text(event.summary)}", f"STATUS:{event.status}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
