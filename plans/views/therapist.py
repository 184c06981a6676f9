"""Therapist pages: the caseload dashboard, a patient's care plan, visits and summaries."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clinic import audit
from clinic.access import patient_for, role_required
from clinic.models import AuditEvent, User

from ..attention import RULES
from ..dashboard import ranked_page
from ..forms import CarePlanForm, RescheduleForm, TaperForm, VisitRecordForm
from ..models import CarePlan, DiaryEntry, Visit
from ..reports import patient_outcomes
from ..services import (
    PlanError,
    doctor_summary_context,
    plan_create,
    plan_discharge,
    plan_taper_start,
    visit_record,
    visit_reschedule,
)

therapist_only = role_required(User.Role.THERAPIST)
RECENT_DIARY = 14


@therapist_only
@require_GET
def dashboard(request):
    # NUL cannot go into a PostgreSQL query; nobody searches for it.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    # One event for the caseload list; each patient's own page is audited when opened.
    audit.record(request, action="view_dashboard")
    page = ranked_page(
        request.user, query=query, page_number=request.GET.get("page"), today=timezone.localdate()
    )
    return render(request, "plans/dashboard.html", {"page": page, "query": query, "rules": RULES})


def _plan_form(patient, data=None):
    return CarePlanForm(
        data,
        closed_weekdays=patient.clinic.closed_weekdays or (),
        initial={"start_date": timezone.localdate()},
    )


@therapist_only
@require_GET
def patient(request, public_id):
    patient = patient_for(request, public_id, action="view_care_plan")
    today = timezone.localdate()
    outcomes = patient_outcomes(patient, as_of=today)
    plan = outcomes.progress.plan
    context = {
        "patient": patient,
        "outcomes": outcomes,
        "progress": outcomes.progress,
        "rows": [(v, outcomes.progress.label(v)) for v in outcomes.progress.visits],
        "plan_form": _plan_form(patient) if plan is None or not plan.is_open else None,
        "taper_form": TaperForm() if plan and plan.state == CarePlan.State.ACTIVE else None,
        "diary": DiaryEntry.objects.filter(patient=patient, date__lte=today)[:RECENT_DIARY],
    }
    return render(request, "plans/patient.html", context)


@therapist_only
@require_http_methods(["GET", "POST"])
def plan_new(request, public_id):
    patient = patient_for(request, public_id, action="create_care_plan")
    form = _plan_form(patient, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan, created = plan_create(
                patient=patient,
                therapist=request.user,
                start=d["start_date"],
                sessions=d["sessions"],
                weeks=d["weeks"],
                preferred_weekdays=d["preferred_weekdays"],
                headache_type=d["headache_type"],
                visit_time=d["visit_time"],
                key=d["token"],
            )
        except PlanError as exc:
            form.add_error(None, str(exc))
        else:
            if created:
                messages.success(
                    request,
                    ngettext(
                        "Care plan created with %(n)d session.",
                        "Care plan created with %(n)d sessions.",
                        plan.sessions,
                    )
                    % {"n": plan.sessions},
                )
            return redirect("plans:patient", patient.public_id)
    status = 400 if form.errors else 200
    return render(
        request, "plans/plan_form.html", {"patient": patient, "form": form}, status=status
    )


def _visit_for(request, public_id, action: str) -> Visit:
    visit = Visit.objects.select_related("plan__patient").filter(public_id=public_id).first()
    if visit is None:
        audit.record(request, action=action, outcome=AuditEvent.Outcome.DENIED)
        raise Http404("No such visit.")
    patient = patient_for(request, visit.plan.patient.public_id, action=action)
    visit.plan.patient = patient
    return visit


@therapist_only
@require_http_methods(["GET", "POST"])
def visit(request, public_id):
    visit = _visit_for(request, public_id, "record_visit")
    posted = request.method == "POST"
    form = VisitRecordForm(
        request.POST if posted else None,
        visit=visit,
        now=timezone.localtime(),
        initial={
            "status": visit.status if visit.status in ("attended", "missed", "cancelled") else "",
            "minutes": visit.minutes,
            "areas": visit.areas,
            "techniques": visit.techniques,
            "note": visit.note,
        },
    )
    if posted and form.is_valid():
        try:
            visit_record(
                visit=visit, by=request.user, today=timezone.localdate(), **form.cleaned_data
            )
        except PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"Visit {visit.number} recorded as {visit.get_status_display().lower()}."
            )
            return redirect("plans:patient", visit.plan.patient.public_id)
    context = {
        "visit": visit,
        "patient": visit.plan.patient,
        "form": form,
        "move_form": RescheduleForm(initial={"date": visit.date, "time": visit.time}),
    }
    return render(request, "plans/visit.html", context, status=400 if form.errors else 200)


@therapist_only
@require_POST
def visit_move(request, public_id):
    visit = _visit_for(request, public_id, "reschedule_visit")
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            visit_reschedule(
                visit=visit,
                day=form.cleaned_data["date"],
                at=form.cleaned_data["time"],
                today=timezone.localdate(),
            )
        except PlanError as exc:
            form.add_error("date", str(exc))
        else:
            messages.success(request, f"Visit {visit.number} moved to {visit.date:%-d %B}.")
            return redirect("plans:patient", visit.plan.patient.public_id)
    context = {
        "visit": visit,
        "patient": visit.plan.patient,
        "form": VisitRecordForm(),
        "move_form": form,
    }
    return render(request, "plans/visit.html", context, status=400)


def _plan_for(request, public_id, action: str) -> CarePlan:
    plan = CarePlan.objects.select_related("patient").filter(public_id=public_id).first()
    if plan is None:
        audit.record(request, action=action, outcome=AuditEvent.Outcome.DENIED)
        raise Http404("No such care plan.")
    plan.patient = patient_for(request, plan.patient.public_id, action=action)
    return plan


@therapist_only
@require_POST
def plan_taper(request, public_id):
    plan = _plan_for(request, public_id, "start_taper")
    form = TaperForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Check the taper steps: whole numbers from 1 to 12.")
    else:
        try:
            created = plan_taper_start(plan=plan, today=timezone.localdate(), steps=form.steps())
        except PlanError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                ngettext(
                    "Maintenance started: %(n)d visit booked.",
                    "Maintenance started: %(n)d visits booked.",
                    len(created),
                )
                % {"n": len(created)},
            )
    return redirect("plans:patient", plan.patient.public_id)


@therapist_only
@require_POST
def plan_end(request, public_id):
    plan = _plan_for(request, public_id, "discharge")
    plan_discharge(plan=plan, today=timezone.localdate())
    messages.success(request, "Discharged. Visits still booked were cancelled.")
    return redirect("plans:patient", plan.patient.public_id)


@require_GET
def doctor_summary(request, public_id):
    """The one-page summary for the patient's doctor: the patient and assigned therapists."""
    patient = patient_for(request, public_id, action="view_doctor_summary")
    context = doctor_summary_context(patient, as_of=timezone.localdate())
    back = "plans:progress" if request.user.role == User.Role.PATIENT else "plans:patient"
    args = [] if request.user.role == User.Role.PATIENT else [patient.public_id]
    context.update(preview=True, back_url=reverse(back, args=args))
    return render(request, "print/doctor_summary.html", context)
