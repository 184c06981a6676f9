"""The one-page summary for the patient's doctor: its context and its print template."""

from datetime import timedelta

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from plans.models import DiaryEntry
from plans.services import doctor_summary_context
from tests.plans.helpers import attend, make_plan, today
from triage.models import Screening


def red_flag(patient, **extra):
    return Screening.objects.create(
        patient=patient,
        answers={},
        disposition=extra.pop("disposition", "see_doctor_soon"),
        reasons=[{"code": "valsalva", "message": "Brought on by coughing", "source": "SNNOOP10"}],
        ruleset_version=extra.pop("ruleset_version", "2026.1"),
        self_care_allowed=False,
        **extra,
    )


def build(patient, therapist, *, treated_days=24):
    plan = make_plan(patient, therapist, start=today() - timedelta(days=treated_days))
    visits = list(plan.visits.order_by("number"))
    for visit in visits[:3]:
        attend(visit, therapist)
    first = visits[0].date
    DiaryEntry.objects.bulk_create(
        DiaryEntry(
            patient=patient,
            date=first - timedelta(days=d),
            headache=d % 2 == 0,
            peak=6 if d % 2 == 0 else None,
            simple_doses=1 if d % 2 == 0 else 0,
        )
        for d in range(1, 29)
    )
    DiaryEntry.objects.bulk_create(
        DiaryEntry(
            patient=patient,
            date=first + timedelta(days=d),
            headache=d == 3,
            peak=3 if d == 3 else None,
        )
        for d in range((today() - first).days + 1)
    )
    return plan


def test_the_context_holds_outcomes_visits_and_red_flag_history(patient, therapist):
    build(patient, therapist)
    old = red_flag(patient, ruleset_version="2025.4")
    Screening.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    red_flag(patient, kind="session_stop", disposition="see_doctor_today")

    context = doctor_summary_context(patient, as_of=today())

    outcomes = context["outcomes"]
    assert outcomes.baseline.headache_days == 14 and outcomes.baseline.recorded_days == 28
    assert outcomes.latest.summary.headache_days == 1
    assert outcomes.latest.summary.recorded_days == 25
    assert outcomes.latest.change.responder is True
    assert context["progress"].attended == 3 and len(context["attended_visits"]) == 3
    assert [(f.ruleset_version, f.advice) for f in context["red_flags"]] == [
        ("2026.1", "See a doctor today"),
        ("2025.4", "See a doctor within days"),
    ]
    assert context["red_flags"][0].reasons == ("Brought on by coughing",)
    simple = next(r for r in outcomes.med_rows if r.label == "Simple painkillers")
    assert (simple.baseline_days, simple.threshold) == (14, 15)
    assert context["rules"] and context["therapists"] == [therapist]


def test_the_print_template_renders_without_a_request(patient, therapist):
    build(patient, therapist)
    red_flag(patient)

    html = render_to_string(
        "print/doctor_summary.html", doctor_summary_context(patient, as_of=today())
    )

    assert 'href="/static/css/print.css"' in html and "plans.css" not in html
    assert "Headache care summary" in html and patient.user.full_name in html
    assert "rules 2026.1" in html and "Brought on by coughing" in html
    assert "3 of 8 course sessions attended" in html
    assert "(<strong>−" in html  # the percentage change
    assert "Simple painkillers" in html and '<td class="num">15</td>' in html


def test_two_weeks_into_treatment_the_summary_prints_too_early_and_no_responder(patient, therapist):
    build(patient, therapist, treated_days=14)

    context = doctor_summary_context(patient, as_of=today())
    html = render_to_string("print/doctor_summary.html", context)

    assert context["outcomes"].latest.change.too_early
    assert "Too early to compare</strong>: the period since" in html
    assert "15 recorded days (21 needed)" in html
    assert "responder:" not in html and "yes" not in html.split("s-diary")[1].split("s-meds")[0]
    assert "%" not in html.split("s-diary")[1].split("s-meds")[0]


def test_the_preview_is_for_the_patient_and_the_assigned_therapist(
    as_patient, as_therapist, patient, therapist
):
    build(patient, therapist)
    url = reverse("plans:doctor-summary", args=[patient.public_id])

    for client in (as_patient, as_therapist):
        response = client.get(url)
        assert response.status_code == 200
        assert "Preview of the printed summary" in response.content.decode()
