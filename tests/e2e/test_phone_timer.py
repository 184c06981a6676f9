"""The guided timer on a phone: Start is on the first screen, the stop bar never covers a
control, the page does not shift when the timer appears, the cues fire at the change of side
and at the end, and a session stopped early is logged as partly done."""

import re

import pytest
from playwright.sync_api import TimeoutError, expect

from selfcare.models import PracticeEntry
from tests.e2e.conftest import SHOTS, assert_accessible
from tests.e2e.session import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.selfcare.utils import load_library, make_plan, screen

PHONES = [{"width": 360, "height": 640}, {"width": 375, "height": 812}]

# Records what the page asks of the phone: vibrations, spoken words and beeps.
RECORDER = """
window.cues = {vibrate: [], speech: [], beeps: 0};
Object.defineProperty(navigator, "vibrate", {
  value: function (pattern) { window.cues.vibrate.push(pattern); return true; }
});
Object.defineProperty(window, "speechSynthesis", {
  value: {speak: function (u) { window.cues.speech.push(u.text); }, cancel: function () {}}
});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
var realStart = OscillatorNode.prototype.start;
OscillatorNode.prototype.start = function () {
  window.cues.beeps += 1;
  return realStart.apply(this, arguments);
};
"""

# Every control's visible part (clipped by the viewport and any scrolling box) must stay
# clear of the stop bar, and nothing may scroll sideways.
OVERLAPS = """
() => {
  const bar = document.querySelector('.stop-bar').getBoundingClientRect();
  const controls = document.querySelectorAll(
    'main a, main button, main input, main select, main textarea, main summary, .timer-dial');
  const bad = [];
  for (const el of controls) {
    if (!el.getClientRects().length) continue;
    let r = el.getBoundingClientRect();
    let top = Math.max(r.top, 0), bottom = Math.min(r.bottom, window.innerHeight);
    let left = Math.max(r.left, 0), right = Math.min(r.right, window.innerWidth);
    for (let box = el.parentElement; box; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (!/(auto|scroll|hidden)/.test(style.overflowY + style.overflowX)) continue;
      const c = box.getBoundingClientRect();
      top = Math.max(top, c.top); bottom = Math.min(bottom, c.bottom);
      left = Math.max(left, c.left); right = Math.min(right, c.right);
    }
    if (bottom <= top || right <= left) continue;  // scrolled out of sight, not covered
    if (bottom > bar.top && top < bar.bottom && right > bar.left && left < bar.right) {
      bad.push((el.id || el.name || el.textContent.trim()).slice(0, 40));
    }
  }
  const page = document.querySelector('.page');
  const sideways = document.documentElement.scrollWidth > window.innerWidth
    || page.scrollWidth > page.clientWidth;
  return {bad, sideways};
}
"""

LAYOUT_SHIFT = """
() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) total += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 600);
})
"""


def shoot(page, name: str) -> None:
    size = page.viewport_size
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"phone-timer-{size['width']}x{size['height']}-{name}.png")


def assert_bar_covers_nothing(page) -> None:
    found = page.evaluate(OVERLAPS)
    assert found["bad"] == [], f"the stop bar covers {found['bad']}"
    assert not found["sideways"], "the page scrolls sideways"


# Resolves once the page's scrolling box has stood still for a few frames: Start scrolls the
# timer into view smoothly, and a tap (or a judgement) in mid-scroll would race it.
SCROLL_SETTLED = """
() => new Promise(resolve => {
  const box = document.querySelector('.page');
  let last = -1, still = 0;
  (function frame() {
    still = box.scrollTop === last ? still + 1 : 0;
    last = box.scrollTop;
    if (still >= 5) { resolve(last); } else { requestAnimationFrame(frame); }
  })();
})
"""


def fully_visible_and_uncovered(locator) -> bool:
    """True once `locator` is wholly on screen and on top, after any smooth scroll has ended."""
    locator.page.evaluate(SCROLL_SETTLED)
    handle = locator.element_handle()
    try:
        locator.page.wait_for_function(FULLY_VISIBLE, arg=handle, timeout=15_000)
    except TimeoutError:
        return False
    return True


FULLY_VISIBLE = """el => {
          const r = el.getBoundingClientRect();
          if (r.top < 0 || r.left < 0) return false;
          if (r.bottom > innerHeight || r.right > innerWidth) return false;
          // Inside the rounded corners: the ends, the top and the bottom edge.
          const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2, inset = r.height / 2;
          const points = [[r.left + inset, y], [r.right - inset, y],
                          [x, r.top + 2], [x, r.bottom - 2]];
          return points.every(([x, y]) => el.contains(document.elementFromPoint(x, y)));
        }"""


@pytest.fixture
def phone_page(browser, live_server, request):
    context = browser.new_context(
        service_workers="block",
        viewport=request.param,
        base_url=live_server.url,
        has_touch=True,
        is_mobile=True,
    )
    context.set_default_timeout(10_000)
    context.add_init_script(RECORDER)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def practising_patient(db, settings):
    settings.SELFCARE_TIMER_SPEEDUP = 100
    clinic = make_clinic(name="Harbour Headache Clinic")
    therapist = make_user("therapist", clinic, full_name="Sam Rivera")
    patient = make_patient(clinic, therapists=[therapist], full_name="Alex Morgan")
    load_library()
    screen(patient)
    make_plan(patient, therapist, ["masseter-release", "temporalis-release"], hold_seconds=30)
    return patient


@pytest.mark.parametrize("phone_page", PHONES, indirect=True, ids=["360x640", "375x812"])
def test_on_a_phone_start_is_on_the_first_screen_and_the_stop_bar_covers_nothing(
    phone_page, live_server, practising_patient
):
    page = phone_page
    log_in(page, live_server, practising_patient.user)
    page.goto("/today/practice/masseter-release/")
    viewport = page.viewport_size
    start = page.locator("#timer").get_by_role("button", name="Start")
    box = start.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
    assert fully_visible_and_uncovered(start)
    assert page.evaluate(LAYOUT_SHIFT) < 0.01
    assert_bar_covers_nothing(page)
    assert_accessible(page, "practice on a phone")
    shoot(page, "practice")

    # Running: the ring and the controls stay clear of the bar.
    page.locator(".before-start").get_by_role("radio", name="6", exact=True).check()
    start.click()
    expect(page.locator("#timer-phase")).to_contain_text("Hold")
    # Start brings the whole timer into view, however far down the page was scrolled.
    assert fully_visible_and_uncovered(page.locator(".timer-dial"))
    page.get_by_role("button", name="Pause").click()
    assert_bar_covers_nothing(page)
    assert fully_visible_and_uncovered(page.locator(".timer-dial"))
    assert fully_visible_and_uncovered(page.get_by_role("button", name="Skip this spot"))

    # Stop: the questions open, and their button can be read and pressed in full.
    page.get_by_role("link", name="Stop — I feel unwell").click()
    tell = page.get_by_role("button", name="Tell my therapist and see what to do")
    tell.scroll_into_view_if_needed()
    expect(tell).to_be_in_viewport(ratio=1)
    assert fully_visible_and_uncovered(tell)
    shoot(page, "stop-questions")
    assert_bar_covers_nothing(page)
    for _ in range(6):  # scrolled to the very end, the last controls are clear of it too
        page.mouse.wheel(0, 400)
    page.locator(".page").evaluate("el => el.scrollTo(0, el.scrollHeight)")
    assert_bar_covers_nothing(page)
    assert fully_visible_and_uncovered(page.get_by_role("button", name=re.compile("I did it")))


@pytest.mark.parametrize("phone_page", [PHONES[0]], indirect=True, ids=["360x640"])
def test_a_session_ended_early_is_stored_as_partial_with_the_pain_taps(
    phone_page, live_server, practising_patient, settings
):
    settings.SELFCARE_TIMER_SPEEDUP = 3  # slow enough that Skip lands inside the first hold
    page = phone_page
    log_in(page, live_server, practising_patient.user)
    page.goto("/today/practice/masseter-release/")
    page.locator(".before-start").get_by_role("radio", name="6", exact=True).tap()
    page.get_by_role("button", name="Start").click()
    phase = page.locator("#timer-phase")
    expect(phase).to_contain_text("left side, spot 1 of 2")
    page.get_by_role("button", name="Skip this spot").click()
    expect(phase).not_to_contain_text("spot 1 of 2")
    page.get_by_role("button", name="End the session").click()
    expect(page.locator("#timer")).to_have_attribute("data-state", "done")
    expect(phase).to_have_text("Stopped early")
    shoot(page, "stopped-early")
    # Ended early, the end is still felt: one buzz, no change of side reached.
    assert page.evaluate("window.cues.vibrate") == [[500, 200, 500]]
    assert page.locator("#partial-note").is_visible()
    page.locator(".log-card").get_by_role("radio", name="3", exact=True).tap()
    page.get_by_role("button", name="Save as partly done").click()
    page.wait_for_url(re.compile("/today/$"))
    assert page.get_by_text("Partly done today").is_visible()
    entry = PracticeEntry.objects.get(patient=practising_patient)
    assert (entry.partial, entry.pain_before, entry.pain_after) == (True, 6, 3)


@pytest.mark.parametrize("phone_page", [PHONES[1]], indirect=True, ids=["375x812"])
def test_a_full_session_beeps_and_vibrates_at_the_change_of_side_and_at_the_end(
    phone_page, live_server, practising_patient
):
    page = phone_page
    log_in(page, live_server, practising_patient.user)
    page.goto("/today/practice/masseter-release/")
    page.get_by_text("Sound, vibration and spoken steps").click()
    page.get_by_label("Speak each step aloud").check()
    assert page.get_by_label("Vibrate at the change of side and at the end").is_checked()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#timer")).to_have_attribute("data-state", "done", timeout=20_000)
    cues = page.evaluate("window.cues")
    assert len(cues["vibrate"]) == 2  # the change of side, the end
    assert (
        "Change to the right side. Find the first tender spot on the right side." in cues["speech"]
    )
    assert cues["speech"][-1].startswith("Well done.")
    assert cues["beeps"] >= 2 + 3 + 4  # holds ended, the change of side, the end
    page.get_by_role("button", name="I did it: save").click()
    page.wait_for_url(re.compile("/today/$"))
    assert not PracticeEntry.objects.get(patient=practising_patient).partial
