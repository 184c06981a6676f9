"""Every page a patient sees, at 375 px: a screenshot to look at, nothing scrolls sideways, no
two controls overlap, axe-core is clean. And the main navigation: four places and a "More"
menu that works with the keyboard and without JavaScript."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from plans.models import DiaryEntry
from tests.e2e.conftest import SHOTS, assert_accessible
from tests.e2e.session import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.plans.helpers import make_plan as make_care_plan
from tests.selfcare.utils import load_library, make_plan, screen

# Boxes of visible controls that overlap, other than one inside the other (a label and its
# input) or two parts of one label.
OVERLAPS = """
() => {
  const all = [...document.querySelectorAll(
    'main a, main button, main input, main select, main textarea, main summary,'
    + 'header a, header summary, header button')]
    .filter(el => el.checkVisibility({visibilityProperty: true, opacityProperty: true})
                  && !el.closest('.visually-hidden'));
  const found = [];
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i], b = all[j];
      if (a.contains(b) || b.contains(a)) continue;
      if (a.closest('label') && a.closest('label') === b.closest('label')) continue;
      // Per line box: a link that wraps is two boxes, not one wide one.
      const hit = [...a.getClientRects()].some(r => [...b.getClientRects()].some(s =>
        Math.min(r.right, s.right) - Math.max(r.left, s.left) > 1
        && Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top) > 1));
      if (hit) found.push([a.outerHTML.slice(0, 80), b.outerHTML.slice(0, 80)]);
    }
  }
  return found;
}
"""


def a_patient_with_everything():
    clinic = make_clinic(name="Harbour Headache Clinic")
    therapist = make_user("therapist", clinic, full_name="Sam Rivera")
    patient = make_patient(clinic, therapists=[therapist], full_name="Alex Morgan")
    load_library()
    screening = screen(patient)
    make_plan(patient, therapist, ["masseter-release", "temporalis-release"])
    today = timezone.localdate()
    make_care_plan(patient, therapist, start=today - timedelta(days=5))
    DiaryEntry.objects.bulk_create(
        DiaryEntry(patient=patient, date=today - timedelta(days=d), headache=d % 3 == 0,
                   peak=6 if d % 3 == 0 else None, simple_doses=1 if d % 3 == 0 else 0)
        for d in range(1, 20)
    )  # fmt: skip
    return patient, screening


def patient_pages(patient, screening):
    return [
        ("today", "/today/"),
        ("practice", "/today/practice/masseter-release/"),
        ("diary", "/diary/"),
        ("diary-entry", "/diary/today/?headache=yes"),
        ("progress", "/progress/"),
        ("visits", "/visits/"),
        ("library", "/library/"),
        ("routine", "/library/masseter-release/"),
        ("screening-start", "/screening/"),
        ("screening-result", f"/screening/{screening.public_id}/"),
        ("quick-check", "/screening/check/"),
        ("my-data", "/my-data/"),
        ("calendar", "/calendar/"),
        ("access-log", "/my/access-log/"),
        ("account-email", "/accounts/email/"),
        ("account-password", "/accounts/password/change/"),
        ("account-2fa", "/accounts/2fa/"),
        ("account-sessions", "/accounts/sessions/"),
    ]


@pytest.mark.parametrize("viewport", ["phone"])
def test_every_patient_page_fits_a_375_px_phone(page, live_server, viewport):
    patient, screening = a_patient_with_everything()
    log_in(page, live_server, patient.user)
    folder = SHOTS / "patient-pages-375"
    folder.mkdir(parents=True, exist_ok=True)
    problems = {}
    for name, path in patient_pages(patient, screening):
        response = page.goto(path)
        assert response.status == 200, (name, response.status)
        page.wait_for_load_state("load")
        page.screenshot(path=folder / f"{name}.png", full_page=True)
        # The progress page's chart and table boxes are being reworked separately (issue 13,
        # "Charts on a phone"); there only the page itself is checked.
        allowed = ".chart-svg, .table-scroll" if name == "progress" else "none"
        wide = page.evaluate(
            "allowed => [...document.querySelectorAll('body, body *')].some(el => el.scrollWidth"
            " > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)"
            " && !el.matches(allowed)) || document.documentElement.scrollWidth > innerWidth",
            allowed,
        )
        overlaps = page.evaluate(OVERLAPS)
        if wide or overlaps:
            problems[name] = {"sideways": wide, "overlaps": overlaps[:3]}
        assert_accessible(page, name)
    assert problems == {}, json.dumps(problems, indent=1)


def test_the_phone_menu_shows_four_places_and_more_works_by_keyboard(page, live_server):
    patient, _ = a_patient_with_everything()
    log_in(page, live_server, patient.user)
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto("/diary/")
    nav = page.get_by_role("navigation", name="Main")
    bar = nav.locator(".nav-bar > li > a")
    assert bar.all_inner_texts() == ["Today", "Diary", "Progress", "Routines"]
    assert nav.get_by_role("link", name="Diary").get_attribute("aria-current") == "page"
    # One row: every place and "More" sit on the same line.
    tops = {
        round(box["y"]) for box in (el.bounding_box() for el in nav.locator(".nav-bar > li").all())
    }
    assert len(tops) == 1
    # The emergency number is one tap away above it.
    assert page.get_by_role("link", name=re.compile(r"^Call \d+")).is_visible()

    more = nav.locator("summary", has_text="More")
    assert not nav.get_by_role("link", name="Visits").is_visible()
    more.focus()
    page.keyboard.press("Enter")
    assert nav.get_by_role("link", name="Visits").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Visits"
    page.keyboard.press("Escape")
    assert not nav.get_by_role("link", name="Visits").is_visible()
    assert page.evaluate("document.activeElement.textContent") == "More"
    more.click()
    nav.get_by_role("link", name="Visits").click()
    page.wait_for_url(re.compile("/visits/$"))


def test_the_more_menu_works_without_javascript(browser, live_server):
    patient, _ = a_patient_with_everything()
    context = browser.new_context(
        service_workers="block",
        viewport={"width": 375, "height": 812},
        base_url=live_server.url,
        java_script_enabled=False,
    )
    page = context.new_page()
    try:
        log_in(page, live_server, patient.user)
        page.goto("/today/")
        page.get_by_text("More", exact=True).click()
        page.get_by_role("button", name="Log out").click()
        page.wait_for_url(re.compile("/accounts/"))
        page.goto("/today/")
        assert "/accounts/login/" in page.url
    finally:
        context.close()


@pytest.mark.parametrize("viewport", ["phone"])
def test_each_download_on_my_data_is_a_full_height_tap(page, live_server, viewport):
    patient, _ = a_patient_with_everything()
    log_in(page, live_server, patient.user)
    page.goto("/my-data/")
    heights = page.locator("a[href*='kind=']").evaluate_all(
        "links => links.map(a => a.getBoundingClientRect().height)"
    )
    assert len(heights) > 10 and min(heights) >= 40, heights
