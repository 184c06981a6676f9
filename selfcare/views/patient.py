"""The patient's side: today's plan, the guided timer and the practice log."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from clinic import audit
from clinic.access import own_patient, role_required
from clinic.models import AuditEvent, Patient, User
from triage.forms import StopForm

from .. import changes, queries, services, timer
from ..allowed import allowance_for, hold_seconds
from ..forms import PracticeLogForm
from ..models import PlanItem

patient_only = role_required(User.Role.PATIENT)
MAX_SPEED = 100


@patient_only
@require_GET
def today(request):
    patient = own_patient(request)
    if patient is None:
        return redirect("clinic:home")
    allowance = allowance_for(patient)
    context = {"patient": patient, "gate": allowance.gate}
    if allowance.may_practise:
        audit.record(request, action="view_home_plan", patient=patient)
        summary = queries.today_summary(patient, timezone.localdate())
        rows = allowance.keep(summary.rows, routine=lambda row: row.item.routine)
        context.update(
            summary=summary,
            rows=[(row, services.practice_token(patient)) for row in rows],
            paused=len(summary.rows) - len(rows),
            gentle=allowance.limits,
        )
        if summary.plan:
            context["changes"] = changes.changes_since_seen(summary.plan)
            changes.plan_seen(plan=summary.plan)
    return render(request, "selfcare/today.html", context)


def current_item(patient: Patient, slug: str) -> PlanItem:
    item = queries.current_plan_item(patient, slug)
    if item is None:
        raise Http404("This routine is not in your home plan.")
    return item


def timer_speed(request) -> int:
    """Tests run the clock faster. Only with DEBUG (a ?speed= parameter) or when the
    SELFCARE_TIMER_SPEEDUP setting asks for it; never in a normal production run."""
    speed = getattr(settings, "SELFCARE_TIMER_SPEEDUP", 1)
    if settings.DEBUG and request.GET.get("speed", "").isdigit():
        speed = int(request.GET["speed"])
    return max(1, min(int(speed), MAX_SPEED))


@patient_only
@require_GET
def practice(request, slug: str):
    patient = own_patient(request)
    if patient is None:
        return redirect("clinic:home")
    allowance = allowance_for(patient)
    if not allowance.may_practise:
        return redirect("triage:gate")
    item = current_item(patient, slug)
    routine = item.routine
    offer = allowance.practise(routine)
    if not offer.allowed:
        raise Http404("This routine is paused by your latest safety check.")
    audit.record(request, action="view_practice", patient=patient, obj=item.plan)
    phases = timer.phases(
        hold_seconds=hold_seconds(item, offer),
        spots_per_side=item.spots_per_side,
        sides=item.sides,
        pressure=bool(routine.regions),
    )
    context = {
        "item": item,
        "routine": routine,
        "phases": phases,
        "phase_data": [phase.as_dict() for phase in phases],
        "total_minutes": max(1, round(timer.total_seconds(phases) / 60)),
        "log_form": PracticeLogForm(
            initial={"token": services.practice_token(patient), "with_timer": True}
        ),
        "stop_form": StopForm(auto_id="stop_%s"),
        "speed": timer_speed(request),
    }
    return render(request, "selfcare/practice.html", context)


@patient_only
@require_POST
def practice_log(request, slug: str):
    patient = own_patient(request)
    if patient is None:
        raise Http404("Join a clinic first.")
    item = current_item(patient, slug)
    form = PracticeLogForm(request.POST)
    token = services.read_practice_token(patient, request.POST.get("token", ""))
    if not form.is_valid() or token is None:
        messages.error(request, "That could not be saved. Please try again.")
        return redirect("selfcare:today")
    try:
        entry, created = services.practice_log(
            patient=patient,
            item=item,
            day=timezone.localdate(),
            token=token,
            pain_before=form.cleaned_data["pain_before"],
            pain_after=form.cleaned_data["pain_after"],
            with_timer=form.cleaned_data["with_timer"],
            partial=form.cleaned_data["partial"],
        )
    except services.PracticeRefused as refused:
        audit.record(
            request, action="log_practice", patient=patient, outcome=AuditEvent.Outcome.DENIED
        )
        messages.error(request, str(refused))
        return redirect("selfcare:today")
    audit.record(request, action="log_practice", patient=patient, obj=entry)
    title = item.routine.title
    if entry.partial:
        text = f"Saved as partly done: {title}. You can finish it later today."
    else:
        text = f"Done: {title}." if created else f"{title} is already logged today."
    messages.success(request, text)
    return redirect("selfcare:today")
