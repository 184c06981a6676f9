"""The demo data: enough to show every number and chart, and the same on a second run."""

from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse

from clinic.models import Patient
from plans.models import CarePlan, ClinicInstrument, DiaryEntry, QuestionnaireResponse
from tests.conftest import login
from tests.plans.helpers import today


def seed(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_the_demo_patient_has_a_course_a_diary_and_hit6(db, settings):
    seed(settings)
    patient = Patient.objects.get(user__email="patient@demo.test")

    plan = CarePlan.objects.get(patient=patient)
    statuses = list(plan.visits.order_by("number").values_list("status", flat=True))
    assert statuses == ["attended"] * 5 + ["scheduled"] * 3
    assert plan.visits.filter(date__lt=today(), status="scheduled").count() == 0
    assert plan.visits.filter(date__gte=today()).exists()
    first = plan.visits.get(number=1).date
    baseline = DiaryEntry.objects.filter(patient=patient, date__lt=first)
    assert 10 <= baseline.filter(headache=True).count() <= 12
    assert not DiaryEntry.objects.filter(patient=patient, date=today()).exists()
    assert ClinicInstrument.objects.get(clinic=patient.clinic, code="hit6").enabled
    hit6 = QuestionnaireResponse.objects.filter(instrument="hit6")
    totals = dict(hit6.values_list("timepoint", "total"))
    assert totals == {"baseline": 62, "mid_course": 54}


def test_the_demo_progress_page_has_numbers_and_charts(db, settings):
    seed(settings)
    patient = Patient.objects.get(user__email="patient@demo.test")

    response = login(patient.user).get(reverse("plans:progress"))

    outcomes = response.context["outcomes"]
    assert outcomes.baseline.migraine_like_days >= 1
    latest = outcomes.latest
    # About three weeks into the course: compared once 21 days are recorded, else too early.
    if latest.summary.recorded_days >= 21:
        assert latest.change.headache_days < 0
    else:
        assert latest.change.too_early and outcomes.headline.too_early
        assert "keep your diary for" in response.content.decode()
    assert outcomes.report.hit6.meaningful is True
    assert response.content.decode().count("<svg ") >= 3


def test_a_second_run_on_the_same_day_adds_nothing(db, settings):
    seed(settings)
    counts = (DiaryEntry.objects.count(), CarePlan.objects.count(),
              QuestionnaireResponse.objects.count())  # fmt: skip
    seed(settings)

    assert counts == (DiaryEntry.objects.count(), CarePlan.objects.count(),
                      QuestionnaireResponse.objects.count())  # fmt: skip
    assert DiaryEntry.objects.filter(date__gte=today() - timedelta(days=60)).exists()
