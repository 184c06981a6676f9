"""HIT-6 storage and the progress page: its numbers are the outcomes module's numbers."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from plans.clinic_settings import instrument_set
from plans.diary_days import DiaryDay
from plans.instruments import HIT6
from plans.models import DiaryEntry, QuestionnaireResponse
from plans.outcomes import outcomes_report
from plans.services import plan_discharge
from plans.tokens import new_token
from tests.plans.helpers import attend, make_plan, today

ANSWERS = ("very_often", "very_often", "sometimes", "sometimes", "sometimes", "sometimes")


def hit6_post(choices=ANSWERS, token=None) -> dict:
    data = {item.code: choice for item, choice in zip(HIT6.items, choices, strict=True)}
    data["token"] = token or new_token()
    return data


@pytest.fixture
def hit6_on(clinic):
    instrument_set(clinic=clinic, code="hit6", enabled=True)


def test_hit6_is_not_offered_until_the_clinic_switches_it_on(as_patient, patient, therapist):
    make_plan(patient, therapist)

    assert as_patient.get(reverse("plans:questionnaire", args=["hit6"])).status_code == 404
    assert "questionnaire is due" not in as_patient.get(reverse("plans:diary")).content.decode()


def test_baseline_hit6_is_scored_stored_once_and_shown(as_patient, patient, therapist, hit6_on):
    plan = make_plan(patient, therapist)
    url = reverse("plans:questionnaire", args=["hit6"])
    data = hit6_post()

    assert "questionnaire is due" in as_patient.get(reverse("plans:diary")).content.decode()
    first = as_patient.post(url, data)
    again = as_patient.post(url, data)

    assert first.status_code == 302 and again.status_code == 404  # nothing due any more
    response = QuestionnaireResponse.objects.get()
    assert (response.patient, response.plan, response.timepoint) == (patient, plan, "baseline")
    assert response.total == 62 and response.band == "severe"
    assert response.answers == {k: v for k, v in data.items() if k != "token"}
    page = as_patient.get(reverse("plans:progress")).content.decode()
    assert "Baseline: <strong>62</strong> (severe impact)" in page


def test_the_page_shows_topics_not_the_licensed_wording(as_patient, patient, therapist, hit6_on):
    make_plan(patient, therapist)

    page = as_patient.get(reverse("plans:questionnaire", args=["hit6"])).content.decode()

    for item in HIT6.items:
        assert item.topic in page
    assert "Very often" in page


def test_an_unanswered_item_is_a_form_error(as_patient, patient, therapist, hit6_on):
    make_plan(patient, therapist)
    data = hit6_post()
    del data["hit6_3"]

    response = as_patient.post(reverse("plans:questionnaire", args=["hit6"]), data)

    assert response.status_code == 400 and not QuestionnaireResponse.objects.exists()


def test_mid_course_follows_session_four_of_eight_and_discharge_follows_discharge(
    as_patient, patient, therapist, hit6_on
):
    plan = make_plan(patient, therapist, start=today() - timedelta(days=21))
    url = reverse("plans:questionnaire", args=["hit6"])
    as_patient.post(url, hit6_post())
    for visit in plan.visits.order_by("number")[:3]:
        attend(visit, therapist)
    assert as_patient.get(url).status_code == 404

    attend(plan.visits.get(number=4), therapist)
    as_patient.post(url, hit6_post(("sometimes",) * 6))
    plan_discharge(plan=plan, today=today())
    as_patient.post(url, hit6_post(("rarely",) * 6))

    stored = list(QuestionnaireResponse.objects.values_list("timepoint", "total"))
    assert stored == [("baseline", 62), ("mid_course", 60), ("discharge", 48)]


def diary(patient, days, headache_every):
    rows = []
    for i, day in enumerate(days):
        ache = i % headache_every == 0
        rows.append(
            DiaryEntry(
                patient=patient,
                date=day,
                headache=ache,
                peak=6 if ache else None,
                hours=5 if ache else None,
                locations=["one_side"] if ache else [],
                character="pulsating" if ache else "",
                nausea=ache,
                simple_doses=1 if ache else 0,
            )
        )
    DiaryEntry.objects.bulk_create(rows)


def test_the_progress_page_numbers_are_the_outcome_reports_numbers(
    as_patient, patient, therapist, hit6_on
):
    plan = make_plan(patient, therapist, start=today() - timedelta(days=25))
    first = plan.visits.order_by("number").first()
    attend(first, therapist)
    baseline_days = [first.date - timedelta(days=d) for d in range(28, 0, -1) if d != 5]
    later_days = [first.date + timedelta(days=d) for d in range((today() - first.date).days)]
    diary(patient, baseline_days, 2)
    diary(patient, later_days, 5)
    for timepoint, choices in (("baseline", ANSWERS), ("mid_course", ("sometimes",) * 6)):
        answers = {item.code: choice for item, choice in zip(HIT6.items, choices, strict=True)}
        score = HIT6.score(answers)
        QuestionnaireResponse.objects.create(
            patient=patient,
            plan=plan,
            instrument="hit6",
            timepoint=timepoint,
            answers=answers,
            total=score.total,
            band=score.band.code,
            idempotency_key=uuid.uuid4(),
        )

    response = as_patient.get(reverse("plans:progress"))

    shown = response.context["outcomes"].report
    expected = outcomes_report(
        [
            DiaryDay(e.date, e.headache, e.peak, None if e.hours is None else float(e.hours),
                     frozenset(e.locations), e.character or None, e.nausea,
                     meds={"simple": e.simple_doses} if e.simple_doses else {})
            for e in DiaryEntry.objects.filter(patient=patient)
        ],
        as_of=today(),
        first_session=first.date,
        hit6_baseline=62,
        hit6_latest=60,
    )  # fmt: skip
    assert shown.baseline == expected.baseline and shown.windows == expected.windows
    assert shown.hit6 == expected.hit6
    latest = expected.windows[-1]
    page = response.content.decode()
    assert f"<td>{expected.baseline.summary.recorded_days} of 28" in page
    assert f"<td>{expected.baseline.summary.headache_days}</td>" in page
    assert f"<td>{expected.baseline.summary.migraine_like_days}</td>" in page
    assert f"{round(latest.change.percent)}%" in page.replace("−", "-")
    assert "Change <strong>−2</strong> points" in page
    assert "never counted as days without headache" in page


def test_the_progress_page_draws_four_labelled_charts_with_data_tables(
    as_patient, patient, therapist
):
    plan = make_plan(patient, therapist, start=today() - timedelta(days=10))
    attend(plan.visits.order_by("number").first(), therapist)
    diary(patient, [today() - timedelta(days=d) for d in range(40)], 3)

    page = as_patient.get(reverse("plans:progress")).content.decode()
    main = page.split("<main")[1].split("</main>")[0]

    assert main.count("<svg ") == 4
    assert main.count("<details>") == 4 and main.count("Show the numbers") == 4
    for prefix in ("chart-headache", "chart-peak", "chart-meds", "chart-adherence"):
        assert f'aria-labelledby="{prefix}-title {prefix}-desc"' in page
    assert "Overuse threshold" in page and "Clinic visit" in page
    assert "style=" not in page.split("<main")[1]


def test_an_empty_diary_says_so_instead_of_showing_zeroes(as_patient):
    page = as_patient.get(reverse("plans:progress")).content.decode()

    assert "No diary entries yet" in page and "<svg" not in page


def test_a_medicine_warning_reads_in_words_and_its_source_is_named_once(as_patient, patient):
    diary(patient, [today() - timedelta(days=d) for d in range(20, 0, -1)], 1)
    page = as_patient.get(reverse("plans:progress")).content.decode()
    assert "Medicines: worth a review with a doctor" in page
    assert "[ICHD-3 8.2]" not in page  # no bare code beside the warning
    assert page.count("ICHD-3 8.2") == 1 and "Medicine limits: ICHD-3 8.2" in page
