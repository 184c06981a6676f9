"""The therapist's assessment form: body chart, range of motion, jaw and posture."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from clinic.access import patient_for, role_required
from clinic.models import User

from .. import chart, services
from ..access import assessment_for
from ..forms import AssessmentForm, SpotsForm
from ..models import Assessment

therapist_only = role_required(User.Role.THERAPIST)


def _marks(spots_form: SpotsForm, fallback) -> dict:
    if spots_form.is_bound:
        marks = {}
        for site, on, tenderness, kind, reproduces in (
            r for _, rows in spots_form.groups() for r in rows
        ):
            if on.value():
                marks[site.key] = (tenderness.value() or 0, bool(reproduces.value()), kind.value())
        return marks
    return chart.marks_of(fallback)


def _page(request, patient, assessment):
    post = request.POST if request.method == "POST" else None
    kind = Assessment.Kind.REASSESSMENT if patient.assessments.exists() else "initial"
    initial = {} if assessment else {"assessed_on": timezone.localdate(), "kind": kind}
    form = AssessmentForm(post, instance=assessment, initial=initial, patient=patient)
    spots = list(assessment.spots.all()) if assessment else []
    spots_form = SpotsForm(post, initial=SpotsForm.initial_from(spots))
    if post is not None and form.is_valid() & spots_form.is_valid():
        saved = services.assessment_save(
            patient=patient, therapist=request.user, kind=form.cleaned_data["kind"],
            assessed_on=form.cleaned_data["assessed_on"], measures=form.measures(),
            spots=spots_form.spots(), assessment=assessment,
            key=form.cleaned_data.get("token") if assessment is None else None,
            visit=form.cleaned_data["visit"],
        )  # fmt: skip
        messages.success(request, f"Saved the {saved.get_kind_display().lower()}.")
        return redirect("assessment:edit", saved.public_id)
    context = {
        "patient": patient, "assessment": assessment, "form": form, "spots_form": spots_form,
        "views": chart.views(_marks(spots_form, spots)),
    }  # fmt: skip
    status = 400 if post is not None else 200
    return render(request, "assessment/assessment_form.html", context, status=status)


@therapist_only
@require_http_methods(["GET", "POST"])
def assessment_new(request, public_id):
    action = "create_assessment" if request.method == "POST" else "view_assessment"
    patient = patient_for(request, public_id, action=action)
    return _page(request, patient, None)


@therapist_only
@require_http_methods(["GET", "POST"])
def assessment_edit(request, public_id):
    action = "change_assessment" if request.method == "POST" else "view_assessment"
    assessment = assessment_for(request, public_id, action=action)
    return _page(request, assessment.patient, assessment)
