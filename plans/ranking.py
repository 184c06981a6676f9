"""The caseload ranked in the database, in the order of attention.rank_key(): most serious
concern first, then the most concerns, then by name.

The facts each rule needs come from dashboard.caseload() (one row per patient, each fact a
subquery); here each rule of attention.concerns() becomes its weight, computed once per row in
an outer query, and only one page of patient ids comes back. Writing the outer query in SQL
keeps each fact's subquery in the statement once: Django would repeat an annotation's whole
subquery every time a later annotation refers to it."""

from collections.abc import Callable
from datetime import date, timedelta

from django.db import connection
from django.db.models import F

from .attention import (
    NO_DIARY_DAYS,
    TREND_DAYS,
    TREND_MIN_RECORDED,
    TREND_MIN_RISE,
    WEIGHTS,
)
from .outcomes import OVERUSE_DAYS_OTHER, OVERUSE_THRESHOLDS

FACTS = ("stop_events", "open_flags", "something_new", "missed", "unrecorded", "open_plans",
         "last_diary", "recent_recorded", "recent_headache", "before_recorded",
         "before_headache", "any_class", *(c.value for c in OVERUSE_THRESHOLDS))  # fmt: skip


def _rules() -> dict[str, str]:
    """attention.concerns(), rule by rule, as SQL conditions on the facts."""
    over = " OR ".join(f"{c.value} >= {limit}" for c, limit in OVERUSE_THRESHOLDS.items())
    classes = " + ".join(f"(CASE WHEN {c.value} > 0 THEN 1 ELSE 0 END)" for c in OVERUSE_THRESHOLDS)
    rise = (
        f"(recent_headache * before_recorded - before_headache * recent_recorded) * {TREND_DAYS}"
        f" >= {TREND_MIN_RISE} * recent_recorded * before_recorded"
    )
    return {
        "stop_event": "stop_events > 0",
        "red_flag": "open_flags > stop_events",
        "something_new": "something_new",
        "overuse": f"({over}) OR (({classes}) > 1 AND any_class >= {OVERUSE_DAYS_OTHER})",
        "worsening": f"recent_recorded >= {TREND_MIN_RECORDED} AND before_recorded >= "
        f"{TREND_MIN_RECORDED} AND {rise}",
        "missed_visit": "missed > 0",
        "no_diary": "(last_diary IS NULL AND open_plans > 0) OR last_diary < %s",
        "unrecorded_visit": "unrecorded > 0",
    }


class RankedCaseload:
    """What a Paginator needs: a count, and a slice of patients in rank order."""

    def __init__(self, facts, count: Callable[[], int], today: date, load):
        self.facts, self._count, self.today, self.load = facts, count, today, load

    def count(self) -> int:
        return self._count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        ids = self._ids(window.start or 0, window.stop - (window.start or 0))
        found = {p.pk: p for p in self.load(ids)}
        return [found[pk] for pk in ids if pk in found]

    def _weighed(self) -> tuple[str, list]:
        """SQL of every patient's id, name and weight per rule, and its parameters."""
        facts = self.facts.annotate(rank_id=F("pk")).values("rank_id", "sort_name", *FACTS)
        inner, params = facts.query.sql_with_params()
        weights = ", ".join(
            f"CASE WHEN {condition} THEN {WEIGHTS[code]} ELSE 0 END AS w_{code}"
            for code, condition in _rules().items()
        )
        silent_before = self.today - timedelta(days=NO_DIARY_DAYS)
        # The weights come first in the statement, so their parameter comes first too.
        sql = f"SELECT rank_id, sort_name, {weights} FROM ({inner}) facts"
        return sql, [silent_before, *params]

    def weights(self) -> dict[int, dict[str, int]]:
        """Each patient's weight per rule (for checking the SQL rules against concerns())."""
        sql, params = self._weighed()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {row[0]: dict(zip(WEIGHTS, row[2:], strict=True)) for row in cursor.fetchall()}

    def _ids(self, offset: int, limit: int) -> list[int]:
        weighed, params = self._weighed()
        names = [f"w_{code}" for code in WEIGHTS]
        top = "GREATEST" if connection.vendor == "postgresql" else "MAX"
        sql = (
            f"SELECT rank_id FROM ({weighed}) weighed ORDER BY {top}({', '.join(names)}) DESC, "
            f"{' + '.join(names)} DESC, sort_name, rank_id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, (*params, limit, offset))
            return [row[0] for row in cursor.fetchall()]
