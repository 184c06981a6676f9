"""The one CSV writer of the app. Every CSV it produces (the audit log export, a patient's data
export) goes through here, so no cell can run as a spreadsheet formula.

Spreadsheet programs treat a cell that starts with =, +, -, @, a tab or a carriage return as a
formula (and formulas can start programs or send data away). Such text cells get a leading
apostrophe, which spreadsheets show as text and do not keep. Real numbers stay numbers."""

import csv
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str | int | float | Decimal:
    """A safe cell for `value`: None is empty, booleans are yes/no, dates ISO 8601, numbers
    as they are, and text that a spreadsheet would run gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, date | datetime | time):
        value = value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class SafeWriter:
    """csv.writer that neutralises every cell it writes."""

    def __init__(self, file, **options):
        options.setdefault("lineterminator", "\r\n")
        self._writer = csv.writer(file, **options)

    def writerow(self, row: Iterable):
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def writer(file, **options) -> SafeWriter:
    return SafeWriter(file, **options)


class _Echo:
    def write(self, value: str) -> str:
        return value


def stream(header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """The lines of a CSV file, one at a time, for a StreamingHttpResponse. Starts with a
    byte-order mark so spreadsheet programs read the file as UTF-8."""
    out = writer(_Echo())
    yield "\ufeff" + out.writerow(header)
    for row in rows:
        yield out.writerow(row)
