"""The therapist's caseload, ordered by who needs attention, in a fixed number of queries.

The database ranks the whole caseload: the facts the attention rules need (open red flags,
visits) are annotated per patient and the diary's day counts come from one grouped pass
(plans/ranking.py), each rule of attention.py becomes its weight in SQL, and the list is ordered
and cut to one page there. Only the 25 patients on the page come back to Python, with their facts
and day counts, where attention.concerns() words their concerns and the fuller figures (session
x of N, change since baseline, adherence) are worked out in bulk. So the work in Python and the
rows sent stay the same however large the caseload.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Lower, NullIf, StrIndex, Substr

from clinic.models import Patient, User
from triage.models import QuickCheck, Screening, quick_check_topics

from . import adherence as adherence_source
from .attention import (
    OVERUSE_DAYS,
    RECENT_DAYS,
    Concern,
    Facts,
    concerns,
    trend_rises,
)
from .diary_days import DiaryDay
from .models import CarePlan, DiaryEntry, Visit
from .outcomes import Adherence, MedicationDays, WindowChange, outcomes_report, overuse_warnings
from .ranking import RankedCaseload
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


def _searched(therapist: User, query: str):
    patients = Patient.objects.for_therapist(therapist)
    if query:
        patients = patients.filter(
            Q(user__full_name__icontains=query) | Q(user__email__icontains=query)
        )
    return patients


def caseload(therapist: User, *, query: str, today: date):
    patients = _searched(therapist, query).select_related("user")
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


def ranked(therapist: User, *, query: str, today: date) -> RankedCaseload:
    name = Coalesce(
        NullIf("user__full_name", Value("")),
        Substr("user__email", 1, StrIndex("user__email", Value("@")) - 1),
    )
    facts = caseload(therapist, query=query, today=today).annotate(sort_name=Lower(name))
    return RankedCaseload(
        facts,
        count=_searched(therapist, query).count,
        today=today,
        # The page's patients, still only from this therapist's caseload.
        load=lambda ids: _searched(therapist, "").select_related("user").filter(pk__in=ids),
    )


def _facts(p: Patient) -> Facts:
    counts = {k: getattr(p, k) for k in (*MEDICATION_FIELDS, "recent_headache",
              "recent_recorded", "before_headache", "before_recorded")}  # fmt: skip
    medication = MedicationDays(**{k: counts[k] for k in MEDICATION_FIELDS})
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
    page = Paginator(ranked(therapist, query=query, today=today), PAGE_SIZE).get_page(page_number)
    entries = [(p, concerns(_facts(p), today)) for p in page.object_list]
    page.object_list = _details(entries, today)
    return page


def _details(entries: list[tuple[Patient, tuple[Concern, ...]]], today: date) -> list[Row]:
    """Session x of N, change since baseline and adherence for the patients on one page."""
    patients = [p for p, _ in entries]
    ids = [p.pk for p in patients]
    plans: dict[int, CarePlan] = {}
    # Session x of N reads six columns of each visit, not the session notes.
    visits = Visit.objects.order_by("number").only("plan_id", "number", "kind", "date", "time",
                                                   "status")  # fmt: skip
    for plan in (
        CarePlan.objects.filter(patient_id__in=ids)
        .prefetch_related(Prefetch("visits", queryset=visits))
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
        diaries[patient_id].append(DiaryDay.bare(day, headache))
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
