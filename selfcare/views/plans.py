"""The therapist's home-plan builder: routines and doses, templates, versions."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from clinic.access import patient_for, role_required
from clinic.models import User

from .. import queries, services
from ..forms import PlanForm, PlanRowForm
from ..models import HomePlan, PlanItem, Routine


def _initial(items) -> dict[int, dict]:
    return {
        item.routine_id: {
            "include": True,
            "hold_seconds": item.hold_seconds,
            "spots_per_side": item.spots_per_side,
            "sides": item.sides,
            "frequency": item.frequency,
            "note": item.note,
        }
        for item in items
    }


def _defaults(routine: Routine) -> dict:
    return {
        "include": False,
        "hold_seconds": routine.hold_seconds_default,
        "spots_per_side": routine.spots_per_side,
        "sides": routine.sides,
        "frequency": routine.frequency,
    }


def _rows(request, routines, exclusion, initial: dict[int, dict]) -> list[PlanRowForm]:
    # Routines in the plan (or template) first, in plan order; then the rest by title.
    order = list(initial)
    routines = sorted(
        routines,
        key=lambda r: (order.index(r.pk) if r.pk in order else len(order), r.title.lower()),
    )
    return [
        PlanRowForm(
            request.POST if request.method == "POST" else None,
            prefix=f"r{routine.pk}",
            routine=routine,
            blocked_reason=exclusion.reason(routine),
            initial=initial.get(routine.pk) or _defaults(routine),
        )
        for routine in routines
    ]


def _doses(rows: list[PlanRowForm]) -> list[services.Dose]:
    return [
        services.Dose(
            routine=row.routine,
            hold_seconds=row.cleaned_data["hold_seconds"],
            spots_per_side=row.cleaned_data["spots_per_side"],
            sides=row.cleaned_data["sides"],
            frequency=row.cleaned_data["frequency"],
            note=row.cleaned_data["note"],
        )
        for row in rows
        if row.cleaned_data.get("include")
    ]


def _save(request, patient, form: PlanForm, rows: list[PlanRowForm]) -> bool:
    valid = form.is_valid() & all([row.is_valid() for row in rows])
    if not valid:
        return False
    doses = _doses(rows)
    if not doses:
        form.add_error(None, "Pick at least one routine.")
        return False
    if len(doses) > services.MAX_PLAN_ROUTINES_ADVISED and not form.cleaned_data["allow_long"]:
        form.add_error(
            "allow_long",
            f"You picked {len(doses)} routines. Adherence falls with longer programmes: "
            f"keep it to {services.MAX_PLAN_ROUTINES_ADVISED}, or tick this box to go ahead.",
        )
        return False
    try:
        plan, created = services.plan_save(patient=patient, therapist=request.user, doses=doses)
    except services.PlanError as exc:
        for problem in exc.problems:
            form.add_error(None, problem)
        return False
    if created:
        messages.success(request, f"Saved version {plan.version} of {patient.name}'s home plan.")
    else:
        messages.info(request, "Nothing changed, so no new version was made.")
    if name := form.cleaned_data["template_name"].strip():
        services.template_save(clinic=patient.clinic, name=name, doses=doses, by=request.user)
        messages.success(request, f"Saved the template “{name}”.")
    return True


@role_required(User.Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def plan_edit(request, public_id):
    action = "change_home_plan" if request.method == "POST" else "view_home_plan"
    patient = patient_for(request, public_id, action=action)
    versions = list(
        HomePlan.objects.filter(patient=patient)
        .select_related("created_by")
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.select_related("routine")))
        .order_by("-version")
    )
    templates = list(queries.templates_for(patient.clinic_id))
    chosen = next((t for t in templates if str(t.pk) == request.GET.get("template")), None)
    source = chosen.items.all() if chosen else (versions[0].items.all() if versions else [])
    exclusion = queries.exclusion_for(patient)
    routines = queries.routines_for(request.user)
    rows = _rows(request, routines, exclusion, _initial(source))
    offered = {routine.pk for routine in routines}
    # Routines the library has since withdrawn stay in the current version until it changes.
    retired = [
        i.routine
        for i in (versions[0].items.all() if versions else [])
        if i.routine_id not in offered
    ]
    form = PlanForm(request.POST or None)
    if request.method == "POST" and _save(request, patient, form, rows):
        return redirect("selfcare:plan-edit", patient.public_id)
    today = timezone.localdate()
    context = {
        "patient": patient,
        "versions": versions,
        "current": versions[0] if versions else None,
        "templates": templates,
        "chosen": chosen,
        "exclusion": exclusion,
        "form": form,
        "rows": rows,
        "retired": retired,
        "advised": services.MAX_PLAN_ROUTINES_ADVISED,
        "week": services.adherence_for(patient, start=today - timedelta(6), end=today),
        "month": services.adherence_for(patient, start=today - timedelta(27), end=today),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "selfcare/plan_edit.html", context, status=status)
