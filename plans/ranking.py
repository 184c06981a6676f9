"""The caseload ranked in the database, in the order of attention.rank_key(): most serious
concern first, then the most concerns, then by name.

The facts each rule needs come from dashboard.caseload() (one row per patient, each fact a
subquery) and from the diary, counted for the whole caseload in one grouped pass (diary_counts);
here each rule of attention.concerns() becomes its weight, computed once per row in an outer
query, and only one page of patients comes back, with its facts and day counts. Writing the outer
query in SQL keeps each fact's subquery in the statement once: Django would repeat an
annotation's whole subquery every time a later annotation refers to it."""

import json
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
    overuse_period,
    trend_periods,
)
from .models import DiaryEntry
from .outcomes import OVERUSE_DAYS_OTHER, OVERUSE_THRESHOLDS

FACTS = ("stop_events", "open_flags", "something_new", "something_new_answers", "missed",
         "unrecorded", "open_plans", "last_diary")  # fmt: skip
DIARY_COUNTS = ("recent_recorded", "recent_headache", "before_recorded", "before_headache",
                "any_class", *(c.value for c in OVERUSE_THRESHOLDS))  # fmt: skip


def diary_counts(today: date) -> tuple[str, list]:
    """SQL of the day counts the attention rules need, per patient of the caseload (the `facts`
    of the statement), in one pass over their diary: headache and recorded days in the two
    trend periods, and medication days by class in the last 30 days."""
    column = {f.name: connection.ops.quote_name(f.column) for f in DiaryEntry._meta.fields}
    day = column["date"]
    recent, before = trend_periods(today)
    month = (overuse_period(today)[0], today)
    took = {c: f"{column[field]} > 0" for c, field in DiaryEntry.DOSE_FIELDS.items()}
    between, headache = f"{day} BETWEEN %s AND %s", f"{column['headache']} = %s"
    conditions = {  # name: (SQL, parameters)
        "recent_recorded": (between, [*recent]),
        "recent_headache": (f"{between} AND {headache}", [*recent, True]),
        "before_recorded": (between, [*before]),
        "before_headache": (f"{between} AND {headache}", [*before, True]),
        "any_class": (f"{between} AND ({' OR '.join(took.values())})", [*month]),
        **{c: (f"{between} AND {took[c]}", [*month]) for c in took},
    }
    sums = ", ".join(
        f"SUM(CASE WHEN {sql} THEN 1 ELSE 0 END) AS {name}" for name, (sql, _) in conditions.items()
    )
    patient = column["patient"]
    sql = (
        f"SELECT {patient} AS patient_id, {sums} FROM {DiaryEntry._meta.db_table} "
        f"WHERE {patient} IN (SELECT rank_id FROM facts) AND {between} "
        f"GROUP BY {patient}"
    )
    params = [p for _, (_, values) in conditions.items() for p in values]
    return sql, [*params, min(before[0], month[0]), today]


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


def _python(name: str, value):
    """A fact or count as the ORM would give it (the outer query is plain SQL: SQLite returns a
    date as text, and both databases return JSON as text)."""
    if name == "something_new_answers":
        return json.loads(value) if isinstance(value, str) else value
    if name == "last_diary":
        return date.fromisoformat(value) if isinstance(value, str) else value
    if name == "something_new":
        return bool(value)
    return int(value)


class RankedCaseload:
    """What a Paginator needs: a count, and a slice of patients in rank order, each with its
    facts and diary day counts (the FACTS and DIARY_COUNTS attributes)."""

    def __init__(self, facts, count: Callable[[], int], today: date, load):
        self.facts, self._count, self.today, self.load = facts, count, today, load

    def count(self) -> int:
        return self._count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        counts = self._page(window.start or 0, window.stop - (window.start or 0))
        found = {p.pk: p for p in self.load(list(counts))}
        for pk, row in counts.items():
            if pk in found:
                vars(found[pk]).update(row)
        return [found[pk] for pk in counts if pk in found]

    def _weighed(self) -> tuple[str, str, list]:
        """The statement's WITH clause (the caseload's facts and diary counts) and the SELECT of
        every patient's id, name, facts, diary counts and weight per rule; with their
        parameters."""
        facts = self.facts.annotate(rank_id=F("pk")).values("rank_id", "sort_name", *FACTS)
        inner, params = facts.query.sql_with_params()
        diary, diary_params = diary_counts(self.today)
        counted = ", ".join(f"COALESCE(diary.{name}, 0) AS {name}" for name in DIARY_COUNTS)
        weights = ", ".join(
            f"CASE WHEN {condition} THEN {WEIGHTS[code]} ELSE 0 END AS w_{code}"
            for code, condition in _rules().items()
        )
        silent_before = self.today - timedelta(days=NO_DIARY_DAYS)
        with_clause = f"WITH facts AS ({inner}), diary AS ({diary})"
        select = (
            f"SELECT rank_id, sort_name, {', '.join((*FACTS, *DIARY_COUNTS))}, {weights} FROM "
            f"(SELECT facts.*, {counted} FROM facts "
            f"LEFT JOIN diary ON diary.patient_id = facts.rank_id) counted"
        )
        # Parameters in the order of their placeholders in the statement.
        return with_clause, select, [*params, *diary_params, silent_before]

    def weights(self) -> dict[int, dict[str, int]]:
        """Each patient's weight per rule (for checking the SQL rules against concerns())."""
        with_clause, select, params = self._weighed()
        with connection.cursor() as cursor:
            cursor.execute(f"{with_clause} {select}", params)
            skip = 2 + len(FACTS) + len(DIARY_COUNTS)
            return {row[0]: dict(zip(WEIGHTS, row[skip:], strict=True)) for row in cursor}

    def _page(self, offset: int, limit: int) -> dict[int, dict]:
        """One page of patient ids in rank order, each with its facts and diary day counts."""
        with_clause, select, params = self._weighed()
        names = [f"w_{code}" for code in WEIGHTS]
        columns = (*FACTS, *DIARY_COUNTS)
        top = "GREATEST" if connection.vendor == "postgresql" else "MAX"
        sql = (
            f"{with_clause} SELECT rank_id, {', '.join(columns)} FROM ({select}) weighed "
            f"ORDER BY {top}({', '.join(names)}) DESC, {' + '.join(names)} DESC, sort_name, "
            f"rank_id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, (*params, limit, offset))
            return {
                row[0]: {name: _python(name, v) for name, v in zip(columns, row[1:], strict=True)}
                for row in cursor
            }
