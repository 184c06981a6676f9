"""Which of a therapist's patients need attention first: pure rules over plain facts.

These are the clinic's own triage rules for its caseload list, not a clinical standard. Each
concern has a weight; patients are ordered by their most serious concern, then by the sum of
their concerns, then by name. The weights put safety first (a stop-button event or a red-flag
result waiting for review), then medication overuse, a worsening trend, missed visits and a
silent diary.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from plans.diary_days import DiaryDay
from plans.outcomes import OveruseWarning, summarise

NO_DIARY_DAYS = 5
TREND_DAYS = 14
TREND_MIN_RECORDED = 7
TREND_MIN_RISE = 2  # headache days per 14 recorded days
RECENT_DAYS = 28
OVERUSE_DAYS = 30  # ICHD-3 counts medication days per month: the last 30 days, rolling

WEIGHTS = {
    "stop_event": 100,
    "red_flag": 90,
    "something_new": 80,
    "overuse": 60,
    "worsening": 50,
    "missed_visit": 40,
    "no_diary": 30,
    "unrecorded_visit": 10,
}
RULES: tuple[tuple[str, str], ...] = (
    ("stop_event", "Stopped during practice, and no therapist has reviewed it yet."),
    ("red_flag", "A screening result that pauses self-care is waiting for review."),
    (
        "something_new",
        "Said in the daily check before practice that something is new, and has not answered "
        "the full safety questions since.",
    ),
    (
        "overuse",
        f"Acute medicines at or above the ICHD-3 8.2 overuse thresholds in the last "
        f"{OVERUSE_DAYS} days.",
    ),
    (
        "worsening",
        f"Worsening: at least {TREND_MIN_RISE} more headache days in the last {TREND_DAYS} days "
        f"than in the {TREND_DAYS} before (per recorded day; each period at least "
        f"{TREND_MIN_RECORDED} days recorded; today not counted).",
    ),
    ("missed_visit", f"A clinic visit missed in the last {RECENT_DAYS} days."),
    (
        "no_diary",
        f"No diary entry on any of the last {NO_DIARY_DAYS} days (today not counted), or none "
        "yet while a care plan is open.",
    ),
    ("unrecorded_visit", "A past visit whose attendance has not been recorded."),
)


@dataclass(frozen=True)
class Facts:
    stop_events: int = 0
    open_red_flags: int = 0
    # What the latest "something new" quick check was about, while no full screening followed.
    something_new: tuple[str, ...] | None = None
    overuse: tuple[OveruseWarning, ...] = ()
    worsening: bool = False
    missed_visits: int = 0
    unrecorded_visits: int = 0
    last_diary: date | None = None
    has_open_plan: bool = False


@dataclass(frozen=True)
class Concern:
    code: str
    label: str
    weight: int


def concerns(facts: Facts, today: date) -> tuple[Concern, ...]:
    found: list[Concern] = []

    def add(code: str, label: str) -> None:
        found.append(Concern(code, label, WEIGHTS[code]))

    if facts.stop_events:
        add("stop_event", "Stopped during practice")
    other_flags = facts.open_red_flags - facts.stop_events
    if other_flags > 0:
        add("red_flag", "Red-flag result to review")
    if facts.something_new is not None:
        about = ", ".join(facts.something_new) or "something"
        add("something_new", f"New since last check: {about}")
    if facts.overuse:
        add("overuse", "Possible medication overuse")
    if facts.worsening:
        add("worsening", "Headaches worsening")
    if facts.missed_visits:
        plural = "s" if facts.missed_visits > 1 else ""
        add("missed_visit", f"{facts.missed_visits} missed visit{plural}")
    if facts.last_diary is None:
        if facts.has_open_plan:
            add("no_diary", "No diary entries yet")
    elif (today - facts.last_diary).days > NO_DIARY_DAYS:
        add("no_diary", f"No diary for {(today - facts.last_diary).days - 1} days")
    if facts.unrecorded_visits:
        add("unrecorded_visit", "Attendance not recorded")
    return tuple(sorted(found, key=lambda c: -c.weight))


def rank_key(found: tuple[Concern, ...], name: str) -> tuple[int, int, str]:
    """Most serious concern first, then the most concerns, then by name."""
    top = max((c.weight for c in found), default=0)
    return (-top, -sum(c.weight for c in found), name.lower())


def trend_periods(today: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """The last 14 days (today not counted) and the 14 before them, inclusive."""
    recent = (today - timedelta(days=TREND_DAYS), today - timedelta(days=1))
    before = (today - timedelta(days=2 * TREND_DAYS), today - timedelta(days=TREND_DAYS + 1))
    return recent, before


def overuse_period(today: date) -> tuple[date, date]:
    """The 30 days up to and including today."""
    return today - timedelta(days=OVERUSE_DAYS - 1), today


def is_worsening(diary: Mapping[date, DiaryDay], today: date) -> bool:
    (recent_start, recent_end), (before_start, before_end) = trend_periods(today)
    recent = summarise(diary, recent_start, recent_end, check_overuse=False)
    before = summarise(diary, before_start, before_end, check_overuse=False)
    return trend_rises(
        recent.headache_days, recent.recorded_days, before.headache_days, before.recorded_days
    )


def trend_rises(recent_headache: int, recent_recorded: int, before_headache: int,
                before_recorded: int) -> bool:  # fmt: skip
    """The worsening rule on day counts (the last 14 days against the 14 before them)."""
    if min(recent_recorded, before_recorded) < TREND_MIN_RECORDED:
        return False
    # Compare headache days per recorded day, scaled to a 14-day period, in exact integers.
    rise = (recent_headache * before_recorded - before_headache * recent_recorded) * TREND_DAYS
    return rise >= TREND_MIN_RISE * recent_recorded * before_recorded


def recent_overuse(diary: Mapping[date, DiaryDay], today: date) -> tuple[OveruseWarning, ...]:
    return summarise(diary, *overuse_period(today)).overuse
