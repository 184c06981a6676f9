"""What the print desk reads: patients by name or date of birth, and the day's visits with each
patient's current home plan. Names, visits and plans only: never diary or screening details."""

from datetime import date, datetime

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Prefetch, Q, Subquery

from clinic.models import Patient
from plans.models import Visit
from selfcare.models import HomePlan, PlanItem

VISITS_PER_PAGE = 20
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")


def parse_date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _with_plan_version(patients):
    latest = HomePlan.objects.filter(patient=OuterRef("pk")).order_by("-version")
    return patients.annotate(plan_version=Subquery(latest.values("version")[:1]))


def find_patients(clinic_id: int, query: str, limit: int = 25):
    query = query.strip()[:100]
    if not query:
        return Patient.objects.none()
    born = parse_date(query)
    match = Q(date_of_birth=born) if born else Q(user__full_name__icontains=query)
    patients = Patient.objects.in_clinic(clinic_id).filter(match).select_related("user")
    return _with_plan_version(patients).order_by("user__full_name", "pk")[:limit]


def visits_on(clinic_id: int, day: date):
    visits = (
        Visit.objects.filter(
            plan__patient__clinic_id=clinic_id, date=day, status__in=Visit.UPCOMING
        )
        .select_related("plan__patient__user")
        # What the desk shows, and no more: no session notes, no password hashes.
        .only(
            "public_id",
            "number",
            "date",
            "time",
            "status",
            "plan__sessions",
            "plan__patient__public_id",
            "plan__patient__user__full_name",
            "plan__patient__user__email",
        )  # fmt: skip
        .order_by("time", "plan__patient__user__full_name")
    )
    latest = HomePlan.objects.filter(patient=OuterRef("plan__patient")).order_by("-version")
    return visits.annotate(plan_version=Subquery(latest.values("version")[:1]))


def visits_page(clinic_id: int, day: date, number) -> Page:
    """One page of the day's visits: the desk shows a bounded list however busy the day."""
    return Paginator(visits_on(clinic_id, day), VISITS_PER_PAGE).get_page(number)


def current_plans(patient_ids: list[int]) -> dict[int, HomePlan]:
    """Each patient's current home plan, ready to print, in a fixed number of queries."""
    latest = HomePlan.objects.filter(patient=OuterRef("patient")).order_by("-version")
    plans = (
        HomePlan.objects.filter(patient_id__in=patient_ids)
        .filter(version=Subquery(latest.values("version")[:1]))
        .select_related("patient__user", "patient__clinic", "created_by")
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.select_related("routine")))
    )
    return {plan.patient_id: plan for plan in plans}


def plan_by_id(plan_id: int) -> HomePlan | None:
    """One plan, loaded the way current_plans() loads it (the same PDF cache key)."""
    return (
        HomePlan.objects.filter(pk=plan_id)
        .select_related("patient__user", "patient__clinic", "created_by")
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.select_related("routine")))
        .first()
    )


def plans_for_day(clinic_id: int, day: date) -> list[HomePlan]:
    """The current plan of every patient with a visit that day, in visit order, once each."""
    order = list(dict.fromkeys(visit.plan.patient_id for visit in visits_on(clinic_id, day)))
    plans = current_plans(order)
    return [plans[patient_id] for patient_id in order if patient_id in plans]
