"""Thin hooks that let other apps' templates show assessment data without importing it:
the therapist's patient page, the doctor's summary and the home-plan builder."""

from django import template
from django.conf import settings
from django.db.models import Count, Exists, Q

from plans.models import Visit

from .. import chart, reports
from ..due import POINTS, assessment_due
from ..models import Assessment, PlanOfCare

register = template.Library()


def _charts(findings) -> dict:
    return {
        "before": chart.views(chart.marks_of(findings.initial.spots.all()))
        if findings.initial
        else [],
        "after": chart.views(chart.marks_of(findings.latest.spots.all()))
        if findings.latest
        else [],
    }


@register.inclusion_tag("assessment/_panel.html")
def assessment_panel(patient):
    findings = reports.findings_for(patient)
    visits = (
        Visit.objects.filter(plan__patient=patient, status=Visit.Status.ATTENDED)
        .select_related("soap_note")
        .order_by("-date", "-number")[:20]
    )
    assessments = list(reversed(findings.all))
    plan = (
        patient.care_plans.exclude(state="discharged")
        .annotate(
            attended_course=Count(
                "visits", filter=Q(visits__status="attended", visits__kind="course")
            ),
            has_poc=Exists(PlanOfCare.objects.filter(care_plan__patient=patient)),
        )
        .first()
    )
    return {
        "patient": patient,
        "findings": findings,
        "due": _due(plan, assessments),
        "assessments": assessments,
        "visits": visits,
        "plan_of_care": plan.has_poc
        if plan
        else PlanOfCare.objects.filter(care_plan__patient=patient).exists(),
        **_charts(findings),
    }


def _due(plan, assessments) -> str | None:
    if plan is None:
        return None
    return assessment_due(
        sessions=plan.sessions, attended=plan.attended_course, initial_done=bool(assessments),
        reassessments=sum(a.kind == Assessment.Kind.REASSESSMENT for a in assessments),
        at=getattr(settings, "ASSESSMENT_REASSESS_AT", POINTS),
    )  # fmt: skip


@register.inclusion_tag("assessment/_summary.html")
def assessment_summary(patient):
    findings = reports.findings_for(patient)
    return {"findings": findings, **_charts(findings)}


@register.inclusion_tag("assessment/_findings.html")
def assessment_suggestions(patient, exclusion, rows):
    routines = [row.routine for row in rows if not getattr(row, "blocked_reason", "")]
    titles = {r.slug: r.title for r in routines}
    found = reports.suggestions_for(patient, excluded_regions=exclusion.regions, routines=routines)
    findings = reports.findings_for(patient)
    newest = findings.newest
    return {
        "patient": patient,
        "newest": newest,
        "spots": [s for s in newest.spots.all()] if newest else [],
        "suggestions": [(titles[s.routine], s) for s in found],
        "views": chart.views(chart.marks_of(newest.spots.all())) if newest else [],
    }
