"""The progress page on small phones: plain summary first, every chart inside the screen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from plans.models import DiaryEntry
from tests.e2e.conftest import Visitor
from tests.e2e.session import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.plans.helpers import attend, make_plan

# How each chart sits on the page: its box, the SVG's scale and its text, in CSS pixels.
MEASURE = """() => [...document.querySelectorAll('.chart-svg svg')].map(svg => {
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const texts = [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {size: parseFloat(getComputedStyle(t).fontSize) * scale, left: r.left, right: r.right,
            top: r.top, bottom: r.bottom};
  });
  const holder = svg.parentElement;
  return {left: box.left, right: box.right, top: box.top, bottom: box.bottom, texts,
          scrolls: holder.scrollWidth > holder.clientWidth};
})"""


def a_patient_four_months_in():
    clinic = make_clinic(name="Harbour Headache Clinic", closed_weekdays=[5, 6])
    therapist = make_user("therapist", clinic, full_name="Sam Rivera")
    patient = make_patient(clinic, therapists=[therapist], full_name="Alex Morgan")
    today = timezone.localdate()
    plan = make_plan(patient, therapist, start=today - timedelta(days=30))
    for visit in plan.visits.order_by("number")[:4]:
        attend(visit, therapist)
    DiaryEntry.objects.bulk_create(
        DiaryEntry(
            patient=patient,
            date=today - timedelta(days=d),
            headache=d % 3 == 0,
            peak=(d % 9) + 1 if d % 3 == 0 else None,
            hours=4 if d % 3 == 0 else None,
            simple_doses=1 if d % 3 == 0 else 0,
            triptan_ergot_doses=1 if d % 7 == 0 else 0,
        )
        for d in range(1, 120)
        if d % 11 != 5  # a few days not recorded
    )
    return patient


def a_new_patient_with_two_days():
    clinic = make_clinic(name="Harbour Headache Clinic")
    patient = make_patient(clinic, full_name="Robin Lee")
    today = timezone.localdate()
    for back in (1, 2):
        DiaryEntry.objects.create(patient=patient, date=today - timedelta(days=back), headache=True)
    return patient


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_every_progress_chart_fits_a_small_phone_and_stays_readable(
    browser, live_server, request, width
):
    patient = a_patient_four_months_in()
    size = {"width": width, "height": 740}
    context = browser.new_context(service_workers="block", viewport=size, base_url=live_server.url)
    page = context.new_page()
    visitor = Visitor(page, request.node.name)
    log_in(page, live_server, patient.user)

    page.goto("/progress/")
    visitor.check("progress")

    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    charts = page.evaluate(MEASURE)
    assert len(charts) == 4
    for chart in charts:
        assert 0 <= chart["left"] and chart["right"] <= width
        assert not chart["scrolls"]
        for text in chart["texts"]:
            assert text["size"] >= 11, text  # readable at arm's length
            # Nothing drawn outside the chart: the y-axis label and tick numbers included.
            assert chart["left"] - 1 <= text["left"] and text["right"] <= chart["right"] + 1
            assert chart["top"] - 1 <= text["top"] and text["bottom"] <= chart["bottom"] + 1
    summary = page.locator(".progress-summary").bounding_box()
    table = page.locator(".outcome-details").bounding_box()
    assert summary["y"] < table["y"]
    assert page.locator(".progress-summary .headline").inner_text().startswith("The four weeks")
    page.get_by_text("All the numbers: before and now").click()
    visitor.check("progress-numbers")
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    context.close()


@pytest.mark.parametrize("width", [320, 375])
def test_two_diary_days_read_as_too_early_on_a_phone(browser, live_server, request, width):
    patient = a_new_patient_with_two_days()
    size = {"width": width, "height": 740}
    context = browser.new_context(service_workers="block", viewport=size, base_url=live_server.url)
    page = context.new_page()
    visitor = Visitor(page, request.node.name)
    log_in(page, live_server, patient.user)

    page.goto("/progress/")
    visitor.check("progress-two-days")

    headline = page.locator(".progress-summary").inner_text()
    assert "Too early to compare: keep your diary for 19 more days." in headline
    assert "2 headache days in 2 recorded days" in headline
    assert "per 28" not in page.locator("main").inner_text().split("All the numbers")[0]
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    context.close()
