"""No page claims more than the diary holds: too early means no rate, change or responder."""

import re
import uuid
from datetime import timedelta

from django.urls import reverse

from plans.models import DiaryEntry, QuestionnaireResponse
from tests.plans.helpers import attend, make_plan, today


def days(patient, first, count, *, headache_every=0, **values):
    DiaryEntry.objects.bulk_create(
        DiaryEntry(
            patient=patient,
            date=first + timedelta(days=i),
            headache=bool(headache_every) and i % headache_every == 0,
            **values,
        )
        for i in range(count)
    )


def visible(html: str) -> str:
    main = html.split("<main", 1)[1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def in_treatment_with_one_diary_day(patient, therapist):
    """A full baseline with 10 headache days, then a single headache-free day in treatment."""
    plan = make_plan(patient, therapist, start=today())
    attend(plan.visits.order_by("number").first(), therapist)
    days(patient, today() - timedelta(days=28), 28, headache_every=3)
    days(patient, today(), 1)
    return plan


def test_two_diary_days_do_not_become_fourteen_headache_days_per_28(as_patient, patient):
    days(patient, today() - timedelta(days=1), 2, headache_every=1)

    page = visible(as_patient.get(reverse("plans:progress")).content.decode())

    assert "Too early to compare: keep your diary for 19 more days." in page
    assert "So far: 2 headache days in 2 recorded days." in page
    assert "28.0" not in page and "14.0" not in page and "%" not in page.split("Home practice")[0]
    assert page.index("Too early to compare") < page.index("All the numbers")


def test_one_headache_free_day_in_treatment_shows_no_change_or_responder_anywhere(
    as_patient, as_therapist, patient, therapist
):
    in_treatment_with_one_diary_day(patient, therapist)
    pages = {
        "progress": as_patient.get(reverse("plans:progress")),
        "patient": as_therapist.get(reverse("plans:patient", args=[patient.public_id])),
        "summary": as_therapist.get(reverse("plans:doctor-summary", args=[patient.public_id])),
        "dashboard": as_therapist.get(reverse("plans:dashboard")),
    }

    for name, response in pages.items():
        text = visible(response.content.decode())
        assert response.status_code == 200, name
        assert "−100" not in text and "-100" not in text, name
        assert "≥50% fewer" not in text and not re.search(r"responder\)?: (yes|no|not)", text, re.I)
        assert "too early to compare" in text.lower(), name
    row = pages["dashboard"].context["page"].object_list[0]
    assert row.change is None


def test_a_fallback_baseline_that_overlaps_treatment_is_labelled_on_every_page(
    as_patient, as_therapist, patient, therapist
):
    plan = make_plan(patient, therapist, start=today() - timedelta(days=40))
    attend(plan.visits.order_by("number").first(), therapist)
    days(patient, today() - timedelta(days=45), 46, headache_every=4)

    progress = visible(as_patient.get(reverse("plans:progress")).content.decode())
    patient_page = visible(
        as_therapist.get(reverse("plans:patient", args=[patient.public_id])).content.decode()
    )
    summary = visible(
        as_therapist.get(reverse("plans:doctor-summary", args=[patient.public_id])).content.decode()
    )

    assert "overlaps the start of treatment" in progress
    for text in (progress, patient_page, summary):
        assert "overlaps treatment" in text


def test_sixteen_triptan_days_across_two_windows_are_flagged_on_the_pages(
    as_patient, as_therapist, patient, therapist
):
    first = today() - timedelta(days=20)
    plan = make_plan(patient, therapist, start=first)
    attend(plan.visits.order_by("number").first(), therapist)
    days(patient, first - timedelta(days=28), 20)
    days(patient, first - timedelta(days=8), 16, triptan_ergot_doses=1)
    days(patient, first + timedelta(days=8), 13)

    progress = visible(as_patient.get(reverse("plans:progress")).content.decode())
    summary = visible(
        as_therapist.get(reverse("plans:doctor-summary", args=[patient.public_id])).content.decode()
    )

    for text in (progress, summary):
        assert "Triptan or ergot on 16 of 30 days in a row (threshold 10)" in text


def test_a_stored_hit6_total_no_answers_can_give_is_explained_not_a_server_error(
    as_patient, as_therapist, patient, therapist
):
    plan = make_plan(patient, therapist)
    for timepoint, total in (("baseline", 62), ("mid_course", 37)):
        QuestionnaireResponse.objects.create(
            patient=patient, plan=plan, instrument="hit6", timepoint=timepoint, answers={},
            total=total, band="", idempotency_key=uuid.uuid4(),
        )  # fmt: skip

    progress = as_patient.get(reverse("plans:progress"))
    summary = as_therapist.get(reverse("plans:doctor-summary", args=[patient.public_id]))

    for response in (progress, summary):
        assert response.status_code == 200
        assert "no set of answers adds up to 37" in response.content.decode()
    assert progress.context["outcomes"].report.hit6 is None
