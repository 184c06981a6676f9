"""The plan of care (page and PDF) and the per-visit superbill PDF."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from clinic.access import PRINT, patient_for, role_required
from clinic.models import User
from handouts import limits
from handouts.render import RenderBusy, render_pdf
from plans.models import CarePlan

from .. import chart, codes, reports, services
from ..access import visit_for
from ..forms import PlanOfCareForm
from ..models import PlanOfCare

therapist_only = role_required(User.Role.THERAPIST)


def _pdf(request, template: str, context: dict, clinic, filename: str) -> HttpResponse:
    """Rate-limited and slot-limited, like every other print."""
    if wait := limits.take(request.user.pk):
        response = render(request, "handouts/busy.html", status=429)
        response["Retry-After"] = str(wait)
        return response
    try:
        pdf = render_pdf(template, context, clinic=clinic)
    except RenderBusy:
        response = render(request, "handouts/busy.html", status=503)
        response["Retry-After"] = "10"
        return response
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _care_plan(patient) -> CarePlan | None:
    return CarePlan.objects.filter(patient=patient).order_by("-start_date", "-id").first()


@therapist_only
@require_http_methods(["GET", "POST"])
def plan_of_care(request, public_id):
    posting = request.method == "POST"
    action = "change_plan_of_care" if posting else "view_plan_of_care"
    patient = patient_for(request, public_id, action=action)
    care_plan = _care_plan(patient)
    if care_plan is None:
        return render(request, "assessment/plan_of_care.html", {"patient": patient})
    codes.seed_codes(patient.clinic)
    existing = PlanOfCare.objects.filter(care_plan=care_plan).first()
    initial = {} if existing else {"weeks": care_plan.weeks, "visits_per_week": 2}
    form = PlanOfCareForm(request.POST if posting else None, instance=existing,
                          initial=initial, clinic=patient.clinic)  # fmt: skip
    if posting and form.is_valid():
        d = form.cleaned_data
        services.plan_of_care_save(
            care_plan=care_plan, by=request.user, diagnoses=d["diagnoses"],
            services=d["services"], goals=d["goals"], visits_per_week=d["visits_per_week"],
            weeks=d["weeks"],
        )  # fmt: skip
        messages.success(request, "Plan of care saved.")
        return redirect("assessment:plan-of-care", patient.public_id)
    context = {"patient": patient, "care_plan": care_plan, "form": form, "saved": existing}
    return render(request, "assessment/plan_of_care.html", context, status=400 if posting else 200)


def plan_of_care_context(patient) -> dict | None:
    care_plan = _care_plan(patient)
    poc = (
        PlanOfCare.objects.filter(care_plan=care_plan)
        .select_related("updated_by")
        .prefetch_related("diagnoses", "services")
        .first()
        if care_plan
        else None
    )
    if poc is None:
        return None
    findings = reports.findings_for(patient)
    newest = findings.newest
    return {
        "patient": patient, "care_plan": care_plan, "poc": poc, "findings": findings,
        "views": chart.views(chart.marks_of(newest.spots.all())) if newest else [],
        "spots": list(newest.spots.all()) if newest else [],
    }  # fmt: skip


@require_GET
def plan_of_care_pdf(request, public_id):
    patient = patient_for(request, public_id, action="print_plan_of_care")
    context = plan_of_care_context(patient)
    if context is None:
        raise Http404("No plan of care yet.")
    filename = f"plan-of-care-{timezone.localdate():%Y-%m-%d}.pdf"
    return _pdf(request, "print/plan_of_care.html", context, patient.clinic, filename)


@require_GET
def superbill_pdf(request, public_id):
    """Codes and units for one visit: the front desk may print it; it carries no notes."""
    visit = visit_for(request, public_id, purpose=PRINT, action="print_superbill")
    note = reports.note_for(visit, addenda=False)
    if note is None or not note.is_signed:
        raise Http404("No signed note for this visit.")
    poc = PlanOfCare.objects.filter(care_plan=visit.plan).prefetch_related("diagnoses").first()
    context = {
        "patient": visit.plan.patient, "visit": visit, "bill": reports.bill_for(note),
        "labels": {s.code.code: s.code.label for s in note.services.all()},
        "diagnoses": list(poc.diagnoses.all()) if poc else [], "signed_by": note.signed_by,
    }  # fmt: skip
    filename = f"superbill-{visit.date:%Y-%m-%d}.pdf"
    return _pdf(request, "print/superbill.html", context, visit.plan.patient.clinic, filename)
