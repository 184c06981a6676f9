"""The therapist's caseload, ordered by who needs attention, in a fixed number of queries.

Ranking needs a few facts about every patient in the caseload (open red flags, visits, the
last 28 days of diary); those come from one annotated query and one diary query. The fuller
figures (session x of N, change since baseline, adherence) are worked out only for the 25
patients on the page, again in bulk.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, IntegerField, JSONField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from clinic.models import Patient, User
from triage.models import QuickCheck, Screening, quick_check_topics

from . import adherence as adherence_source
from .attention import (
    OVERUSE_DAYS,
    RECENT_DAYS,
    Concern,
    Facts,
    concerns,
    overuse_period,
    rank_key,
    trend_periods,
    trend_rises,
)
from .models import CarePlan, DiaryEntry, Visit
from .outcomes import (
    Adherence,
    DiaryDay,
    MedicationDays,
    WindowChange,
    outcomes_report,
    overuse_warnings,
)
from .reports import PlanProgress, age_on

PAGE_SIZE = 25


@dataclass(frozen=True)
class Row:
    patient: Patient
    concerns: tuple[Concern, ...]
    last_diary: date | None
    progress: PlanProgress | None = None
    change: WindowChange | None = None
    adherence: Adherence | None = None


def _count(queryset, outer: str):
    grouped = (
        queryset.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(grouped, output_field=IntegerField()), 0)


def caseload(therapist: User, *, query: str, today: date):
    patients = Patient.objects.for_therapist(therapist).select_related("user")
    if query:
        patients = patients.filter(
            Q(user__full_name__icontains=query) | Q(user__email__icontains=query)
        )
    flags = Screening.objects.open_red_flags()
    open_plan_visits = Visit.objects.exclude(plan__state=CarePlan.State.DISCHARGED)
    last_diary = DiaryEntry.objects.filter(patient=OuterRef("pk")).order_by("-date")
    new_checks = QuickCheck.objects.something_new_open().filter(patient=OuterRef("pk"))
    return patients.annotate(
        something_new=Exists(new_checks),
        something_new_answers=Subquery(
            new_checks.order_by("-created_at").values("answers")[:1], output_field=JSONField()
        ),
        open_flags=_count(flags, "patient"),
        stop_events=_count(flags.filter(kind=Screening.Kind.SESSION_STOP), "patient"),
        missed=_count(
            Visit.objects.filter(
                status=Visit.Status.MISSED, date__gte=today - timedelta(days=RECENT_DAYS)
            ),
            "plan__patient",
        ),
        unrecorded=_count(
            open_plan_visits.filter(status__in=Visit.UPCOMING, date__lt=today), "plan__patient"
        ),
        open_plans=_count(CarePlan.objects.exclude(state=CarePlan.State.DISCHARGED), "patient"),
        last_diary=Subquery(last_diary.values("date")[:1]),
    )


def _recent_counts(patient_ids: list[int], today: date) -> dict[int, dict[str, int]]:
    """Per patient, the day counts the attention rules need, counted by the database: headache
    and recorded days in the two trend periods, and medication days by class in the last 30."""

    def days(*conditions, **filters):
        return Count("pk", filter=Q(*conditions, **filters))

    # The same periods as the rules in attention.py use on diary days.
    recent_period, before_period = trend_periods(today)
    recent, before = Q(date__range=recent_period), Q(date__range=before_period)
    overuse_start, _ = overuse_period(today)
    month = Q(date__range=(overuse_start, today))
    took = {c: Q(**{f"{field}__gt": 0}) for c, field in DiaryEntry.DOSE_FIELDS.items()}
    rows = (
        DiaryEntry.objects.filter(
            patient_id__in=patient_ids, date__range=(min(before_period[0], overuse_start), today)
        )
        .values("patient_id")
        .annotate(
            recent_recorded=days(recent),
            recent_headache=days(recent, headache=True),
            before_recorded=days(before),
            before_headache=days(before, headache=True),
            any_class=days(
                month, took["simple"] | took["triptan_ergot"] | took["opioid"] | took["combination"]
            ),  # fmt: skip
            **{c: days(month, q) for c, q in took.items()},
        )
    )
    return {row.pop("patient_id"): row for row in rows}


def _facts(p: Patient, counts: dict[str, int] | None) -> Facts:
    counts = counts or {}
    medication = MedicationDays(**{k: counts.get(k, 0) for k in MEDICATION_FIELDS})
    return Facts(
        stop_events=p.stop_events,
        open_red_flags=p.open_flags,
        something_new=quick_check_topics(p.something_new_answers) if p.something_new else None,
        overuse=overuse_warnings(medication, window_days=OVERUSE_DAYS),
        worsening=trend_rises(
            counts.get("recent_headache", 0),
            counts.get("recent_recorded", 0),
            counts.get("before_headache", 0),
            counts.get("before_recorded", 0),
        ),  # fmt: skip
        missed_visits=p.missed,
        unrecorded_visits=p.unrecorded,
        last_diary=p.last_diary,
        has_open_plan=bool(p.open_plans),
    )


MEDICATION_FIELDS = ("simple", "triptan_ergot", "opioid", "combination", "any_class")


def ranked_page(therapist: User, *, query: str, page_number, today: date) -> Page:
    people = list(caseload(therapist, query=query, today=today))
    counts = _recent_counts([p.pk for p in people], today)
    ranked = []
    for p in people:
        found = concerns(_facts(p, counts.get(p.pk)), today)
        ranked.append((rank_key(found, p.user.display_name), p, found))
    ranked.sort(key=lambda item: item[0])
    page = Paginator([(p, found) for _, p, found in ranked], PAGE_SIZE).get_page(page_number)
    page.object_list = _details(list(page.object_list), today)
    return page


def _details(entries: list[tuple[Patient, tuple[Concern, ...]]], today: date) -> list[Row]:
    """Session x of N, change since baseline and adherence for the patients on one page."""
    patients = [p for p, _ in entries]
    ids = [p.pk for p in patients]
    plans: dict[int, CarePlan] = {}
    for plan in (
        CarePlan.objects.filter(patient_id__in=ids)
        .prefetch_related(Prefetch("visits", queryset=Visit.objects.order_by("number")))
        .order_by("patient_id", "-start_date", "-id")
    ):
        current = plans.get(plan.patient_id)
        if current is None or (not current.is_open and plan.is_open):
            plans[plan.patient_id] = plan
    # The change since baseline counts headache days and recorded days only: two columns.
    diaries: dict[int, list] = defaultdict(list)
    for patient_id, day, headache in DiaryEntry.objects.filter(
        patient_id__in=ids, date__lte=today
    ).values_list("patient_id", "date", "headache"):
        diaries[patient_id].append(DiaryDay(day, headache))
    adherence = adherence_source.adherence_for_patients(
        patients, start=today - timedelta(days=RECENT_DAYS - 1), end=today
    )
    rows = []
    for patient, found in entries:
        plan = plans.get(patient.pk)
        progress = PlanProgress(plan, tuple(plan.visits.all()), today) if plan else None
        report = outcomes_report(
            diaries.get(patient.pk, ()),
            as_of=today,
            first_session=progress.first_session if progress else None,
            age=age_on(patient.date_of_birth, today),
        )
        # Only a window with 21+ recorded days is compared; a newer, thinner one is too early.
        change = report.compared.change if report.compared else None
        rows.append(
            Row(
                patient=patient,
                concerns=found,
                last_diary=patient.last_diary,
                progress=progress,
                change=change,
                adherence=adherence.get(patient.pk),
            )
        )
    return rows
