"""The plain-language lines that open the patient's progress page.

Only figures the outcome report allows are said: counts as counted ("2 headache days in 2
recorded days"), and a before/after comparison only between periods with 21 recorded days.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from plans.outcomes import MIN_RECORDED_DAYS, WINDOW_DAYS, OutcomeReport, WindowSummary

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Headline:
    lead: str
    details: tuple[str, ...] = ()
    too_early: bool = False


def _date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


def _days(count: int, what: str = "day") -> str:
    return f"{count} {what}{'' if count == 1 else 's'}"


def counted(summary: WindowSummary) -> str:
    """What a period holds, without any per-28 scaling: "2 headache days in 2 recorded days"."""
    return (
        f"{_days(summary.headache_days, 'headache day')} in "
        f"{_days(summary.recorded_days, 'recorded day')}"
    )


def _keep_going(summary: WindowSummary, next_start: date) -> str:
    """How many more diary days this period needs, or when the next one starts."""
    left_in_period = WINDOW_DAYS - summary.days
    if summary.days_short <= left_in_period:
        return f"Too early to compare: keep your diary for {_days(summary.days_short, 'more day')}."
    return (
        f"Too early to compare: this four-week period cannot reach the {MIN_RECORDED_DAYS} "
        f"recorded days a comparison needs. The next one starts on {_date(next_start)}."
    )


def _fully_recorded(summary: WindowSummary) -> bool:
    return summary.recorded_days == summary.days == WINDOW_DAYS


def _per_four_weeks(summary: WindowSummary) -> str:
    """The count as it stands when all 28 days are recorded, else scaled and said as "about"."""
    if _fully_recorded(summary):
        return str(summary.headache_days)
    return f"about {round(summary.headache_rate)}"


def progress_headline(report: OutcomeReport) -> Headline:
    baseline = report.baseline
    if baseline is None:
        return Headline(
            "No diary entries yet. Keep your diary each day: after "
            f"{MIN_RECORDED_DAYS} recorded days your progress can be compared.",
            too_early=True,
        )
    before = baseline.summary
    if not before.comparable:
        if report.windows:
            lead = (
                f"Too early to compare: your first four weeks of diary held "
                f"{_days(before.recorded_days, 'recorded day')}, and a comparison needs "
                f"{MIN_RECORDED_DAYS}."
            )
        else:
            lead = _keep_going(before, before.start + timedelta(days=WINDOW_DAYS))
        details = [f"So far: {counted(before)}."]
        if report.current:
            since = report.current.summary
            details.append(f"Since {_date(since.start)}: {counted(since)}.")
        return Headline(lead, tuple(details), too_early=True)

    overlap = (
        ("The “before” period overlaps the start of treatment, so the comparison is less certain.",)
        if baseline.overlaps_treatment
        else ()
    )
    compared, current = report.compared, report.current
    if compared is None:
        if current is None:
            lead = f"Before treatment: {counted(before)}."
            return Headline(lead, ("The first comparison comes after four weeks of treatment.",))
        lead = _keep_going(current.summary, current.summary.start + timedelta(days=WINDOW_DAYS))
        details = (
            f"Since {_date(current.summary.start)}: {counted(current.summary)}.",
            f"Before treatment: {_per_four_weeks(before)} headache days in four weeks.",
        )
        return Headline(lead, details + overlap, too_early=True)

    now, then = compared.summary.headache_rate, before.headache_rate
    direction = "down from" if now < then else "up from" if now > then else "the same as"
    lead = (
        f"The four weeks to {_date(compared.summary.end)}: {_per_four_weeks(compared.summary)} "
        f"headache days, {direction} {_per_four_weeks(before)} before treatment."
    )
    details = []
    if not (_fully_recorded(compared.summary) and _fully_recorded(before)):
        details.append(
            "“About”: counted over the days you recorded and scaled to four weeks; days "
            "without an entry are not counted as days without headache."
        )
    if current is not None and current is not compared:
        details.append(f"Since {_date(current.summary.start)}: {counted(current.summary)} so far.")
    return Headline(lead, tuple(details) + overlap)
