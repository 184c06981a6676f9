"""Reads behind the care-plan, progress and summary pages. Every figure comes from the pure
modules (outcomes, charts, instruments); this module loads rows in a fixed number of queries
and hands them over."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import Case, IntegerField, Value, When
from django.utils.safestring import SafeString, mark_safe

from clinic.models import Patient

from . import adherence as adherence_source
from .charts import (
    Chart,
    adherence_chart,
    headache_days_chart,
    medication_days_chart,
    peak_intensity_chart,
    weekly_summaries,
)
from .clinic_settings import enabled_instruments
from .diary_days import CLASSIFICATION_SOURCE, DiaryDay, MedClass
from .headline import Headline, progress_headline
from .instruments import HIT6, Instrument, Timepoint, mid_course_session
from .models import CarePlan, DiaryEntry, QuestionnaireResponse, Visit
from .outcomes import (
    OVERUSE_SOURCE,
    OVERUSE_THRESHOLDS,
    Adherence,
    OutcomeReport,
    WindowOutcome,
    WindowSummary,
    outcomes_report,
)
from .overuse import OveruseSpan, overuse_spans
from .schedule import VisitKind

# What outcomes read from a diary row: every recorded value except the free-text note.
DIARY_COLUMNS = ("date", *(f for f in DiaryEntry.VALUE_FIELDS if f != "note"))
# Charts show at most this many weeks; adherence bars the last few weeks.
CHART_WEEKS = 16
ADHERENCE_WEEKS = 8
MED_LABELS = {
    MedClass.SIMPLE: "Simple painkillers",
    MedClass.TRIPTAN_ERGOT: "Triptans or ergots",
    MedClass.OPIOID: "Opioids",
    MedClass.COMBINATION: "Combination painkillers",
}
# A diary day covers one calendar day: a longer headache counts as lasting the whole day.
HOURS_IN_A_DAY = 24


def age_on(born: date | None, day: date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def diary_day(row) -> DiaryDay:
    """A stored entry (model instance or values() dict) as the outcomes module's DiaryDay."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    meds = {c: get(f) for c, f in DiaryEntry.DOSE_FIELDS.items() if get(f)}
    if not get("headache"):
        return DiaryDay(get("date"), headache=False, meds=meds, triggers=tuple(get("triggers")))
    hours = get("hours")
    return DiaryDay(
        get("date"),
        headache=True,
        peak=get("peak"),
        hours=None if hours is None else min(float(hours), HOURS_IN_A_DAY),
        locations=frozenset(get("locations") or ()),
        character=get("character") or None,
        nausea=get("nausea"),
        light=get("light"),
        sound=get("sound"),
        worse_with_activity=get("worse_with_activity"),
        meds=meds,
        triggers=tuple(get("triggers") or ()),
    )


def diary_days(patient: Patient, *, until: date) -> list[DiaryDay]:
    rows = DiaryEntry.objects.filter(patient=patient, date__lte=until).values(*DIARY_COLUMNS)
    return [diary_day(row) for row in rows]


# --- Care plan progress ----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanProgress:
    plan: CarePlan | None
    visits: tuple[Visit, ...] = ()
    today: date | None = None

    @property
    def course_visits(self) -> list[Visit]:
        return [v for v in self.visits if v.kind == VisitKind.COURSE]

    @property
    def maintenance_visits(self) -> list[Visit]:
        return [v for v in self.visits if v.kind == VisitKind.MAINTENANCE]

    @property
    def attended(self) -> int:
        return sum(v.status == Visit.Status.ATTENDED for v in self.course_visits)

    @property
    def next_visit(self) -> Visit | None:
        upcoming = [v for v in self.visits if v.is_upcoming and v.date >= self.today]
        return min(upcoming, key=lambda v: (v.date, v.number), default=None)

    @property
    def first_session(self) -> date | None:
        attended = [v.date for v in self.course_visits if v.status == Visit.Status.ATTENDED]
        if attended:
            return min(attended)
        booked = [v.date for v in self.course_visits if v.status != Visit.Status.CANCELLED]
        return min(booked, default=None)

    @property
    def attended_dates(self) -> list[date]:
        return [v.date for v in self.visits if v.status == Visit.Status.ATTENDED]

    @property
    def overdue(self) -> list[Visit]:
        """Past visits whose attendance has not been recorded."""
        return [v for v in self.visits if v.is_upcoming and v.date < self.today]

    def label(self, visit: Visit) -> str:
        if visit.kind == VisitKind.MAINTENANCE:
            number = self.maintenance_visits.index(visit) + 1
            return f"Maintenance visit {number} of {len(self.maintenance_visits)}"
        return f"Session {visit.number} of {self.plan.sessions}"


def plan_progress(patient: Patient, *, today: date) -> PlanProgress:
    """The open care plan (or the latest one) with its visits: two queries."""
    plan = (
        CarePlan.objects.filter(patient=patient)
        .select_related("therapist")
        .annotate(
            closed=Case(
                When(state=CarePlan.State.DISCHARGED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("closed", "-start_date", "-id")
        .first()
    )
    if plan is None:
        return PlanProgress(None, (), today)
    return PlanProgress(plan, tuple(plan.visits.order_by("number")), today)


# --- Outcomes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownChart:
    chart: Chart
    svg: SafeString


@dataclass(frozen=True)
class MedRow:
    label: str
    threshold: int
    baseline_days: int | None
    latest_days: int | None


@dataclass(frozen=True)
class Outcomes:
    as_of: date
    report: OutcomeReport
    progress: PlanProgress
    age: int | None
    hit6_enabled: bool
    hit6_baseline: QuestionnaireResponse | None
    hit6_latest: QuestionnaireResponse | None
    charts: tuple[ShownChart, ...]
    med_rows: tuple[MedRow, ...]
    classification_source: str = CLASSIFICATION_SOURCE
    overuse_source: str = OVERUSE_SOURCE
    responses: tuple[QuestionnaireResponse, ...] = field(default=())
    # Why stored HIT-6 totals could not be compared (a total no set of answers gives).
    hit6_problem: str = ""

    @property
    def baseline(self) -> WindowSummary | None:
        return self.report.baseline.summary if self.report.baseline else None

    @property
    def latest(self) -> WindowOutcome | None:
        """The window shown beside the baseline: the latest one that could be compared, else
        the running one (then shown as too early to compare)."""
        return self.report.compared or self.report.current

    @property
    def current(self) -> WindowOutcome | None:
        """The running window when it is not the one compared (it is too early to compare)."""
        current = self.report.current
        return current if current is not None and current is not self.latest else None

    @property
    def overuse(self) -> tuple[OveruseSpan, ...]:
        return self.report.overuse

    @property
    def headline(self) -> Headline:
        return progress_headline(self.report)

    @property
    def adherence(self) -> Adherence | None:
        return self.report.adherence

    @property
    def hit6_baseline_band(self) -> str:
        return _band(self.hit6_baseline)

    @property
    def hit6_latest_band(self) -> str:
        return _band(self.hit6_latest)


def _band(response: QuestionnaireResponse | None) -> str:
    if response is None:
        return ""
    try:
        return HIT6.band_for(HIT6.check_total(response.total)).label
    except ValueError:
        return "not a total the questionnaire can give"


def _hit6_problem(*responses: QuestionnaireResponse | None) -> str:
    for response in responses:
        if response is not None:
            try:
                HIT6.check_total(response.total)
            except ValueError as error:
                return str(error)
    return ""


def _shown(chart: Chart) -> ShownChart:
    # Built by plans/charts.py, which escapes every piece of text it draws.
    return ShownChart(chart, mark_safe(chart.svg))


def _med_rows(baseline: WindowSummary | None, latest: WindowSummary | None) -> tuple[MedRow, ...]:
    def days(summary, med_class):
        return None if summary is None else summary.medication.for_class(med_class)

    rows = [
        MedRow(MED_LABELS[c], OVERUSE_THRESHOLDS[c], days(baseline, c), days(latest, c))
        for c in MedClass
    ]
    rows.append(
        MedRow(
            "Any acute medicine",
            OVERUSE_THRESHOLDS[MedClass.TRIPTAN_ERGOT],
            None if baseline is None else baseline.medication.any_class,
            None if latest is None else latest.medication.any_class,
        )
    )
    return tuple(rows)


def _hit6_pair(
    responses: Sequence[QuestionnaireResponse],
) -> tuple[QuestionnaireResponse | None, QuestionnaireResponse | None]:
    hit6 = [r for r in responses if r.instrument == HIT6.code]
    baseline = next((r for r in hit6 if r.timepoint == Timepoint.BASELINE), None)
    later = [r for r in hit6 if r is not baseline and r.timepoint != Timepoint.BASELINE]
    return baseline, (later[-1] if later else None)


def chart_set(
    diary: Iterable[DiaryDay],
    *,
    start: date,
    end: date,
    visits: Iterable[date],
    adherence_periods: Sequence[Adherence] | None,
    age: int | None,
    prefix: str = "chart",
) -> tuple[ShownChart, ...]:
    diary = list(diary)
    start = max(start, end - timedelta(weeks=CHART_WEEKS) + timedelta(days=1))
    visits = [v for v in visits if v <= end]
    weeks = weekly_summaries(diary, start, end, age=age)
    charts = [
        headache_days_chart(weeks, prefix=f"{prefix}-headache", visits=visits),
        peak_intensity_chart(diary, start, end, prefix=f"{prefix}-peak", visits=visits),
        medication_days_chart(weeks, prefix=f"{prefix}-meds", visits=visits),
    ]
    if adherence_periods is not None:
        charts.append(adherence_chart(adherence_periods, prefix=f"{prefix}-adherence"))
    return tuple(_shown(c) for c in charts)


def patient_outcomes(patient: Patient, *, as_of: date, charts: bool = True) -> Outcomes:
    progress = plan_progress(patient, today=as_of)
    plan = progress.plan
    diary = diary_days(patient, until=as_of)
    responses = tuple(
        QuestionnaireResponse.objects.filter(patient=patient, plan=plan) if plan else ()
    )
    hit6_baseline, hit6_latest = _hit6_pair(responses)
    hit6_problem = _hit6_problem(hit6_baseline, hit6_latest)
    both = hit6_baseline and hit6_latest and not hit6_problem
    age = age_on(patient.date_of_birth, as_of)
    report = outcomes_report(
        diary,
        as_of=as_of,
        first_session=progress.first_session,
        age=age,
        hit6_baseline=hit6_baseline.total if both else None,
        hit6_latest=hit6_latest.total if both else None,
        headache_type=plan.headache_type if plan else "tension_type",
        adherence=None,
    )
    running = report.current
    period_start = running.summary.start if running else (plan.start_date if plan else None)
    wanted = adherence_source.weekly_periods(as_of, ADHERENCE_WEEKS) if charts and diary else []
    if period_start is not None and period_start <= as_of:
        wanted.append((period_start, as_of))
    found = adherence_source.adherence_periods(patient, wanted)
    adherence = found[-1] if period_start is not None and period_start <= as_of else None
    report = replace(report, adherence=adherence, overuse=overuse_spans(diary))
    shown: tuple[ShownChart, ...] = ()
    if charts and diary:
        start = report.baseline.summary.start if report.baseline else min(d.date for d in diary)
        periods = found[:ADHERENCE_WEEKS]
        shown = chart_set(
            diary,
            start=start,
            end=as_of,
            visits=progress.attended_dates,
            adherence_periods=periods,
            age=age,
        )
    baseline_summary = report.baseline.summary if report.baseline else None
    beside = report.compared or report.current
    return Outcomes(
        as_of=as_of,
        report=report,
        progress=progress,
        age=age,
        hit6_enabled=any(i.code == HIT6.code for i in enabled_instruments(patient.clinic)),
        hit6_baseline=hit6_baseline,
        hit6_latest=hit6_latest,
        charts=shown,
        med_rows=_med_rows(baseline_summary, beside.summary if beside else None),
        responses=responses,
        hit6_problem=hit6_problem,
    )


def due_timepoint(plan: CarePlan, attended_course_visits: int, answered: set[str]) -> str | None:
    """Baseline before the mid-course session, mid-course after it, discharge at the end."""
    mid = mid_course_session(plan.sessions)
    if plan.state == CarePlan.State.DISCHARGED:
        wanted = Timepoint.DISCHARGE
    elif attended_course_visits >= mid:
        wanted = Timepoint.MID_COURSE
    else:
        wanted = Timepoint.BASELINE
    return None if wanted.value in answered else wanted.value


def due_questionnaires(patient: Patient, progress: PlanProgress) -> list[tuple[Instrument, str]]:
    """Questionnaires the clinic has switched on that are due now for the open plan."""
    plan = progress.plan
    if plan is None:
        return []
    instruments = enabled_instruments(patient.clinic)
    if not instruments:
        return []
    answered: dict[str, set[str]] = {i.code: set() for i in instruments}
    for code, timepoint in QuestionnaireResponse.objects.filter(plan=plan).values_list(
        "instrument", "timepoint"
    ):
        answered.setdefault(code, set()).add(timepoint)
    due = []
    for instrument in instruments:
        timepoint = due_timepoint(plan, progress.attended, answered[instrument.code])
        if timepoint is not None:
            due.append((instrument, timepoint))
    return due
