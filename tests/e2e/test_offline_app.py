"""The phone app in Debian's Chromium: the manifest passes the browser's installability check;
with the network off, a practice log and a diary entry wait on the phone and each arrives once
when it returns; with the gate closed meanwhile, the practice is refused with a message and the
diary is kept; a push message delivered to the service worker shows a notification."""

import re

import pytest
from playwright.sync_api import expect

from clinic.models import User
from plans.models import DiaryEntry
from selfcare.models import PracticeEntry
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.e2e.test_selfcare_flow import log_in
from tests.factories import make_clinic, make_patient, make_user
from tests.selfcare.utils import make_plan, make_routine, screen
from triage.models import Screening

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page(browser, live_server, tmp_path):
    """A browser profile on disk, as on a phone: an incognito context can never install."""
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        base_url=live_server.url,
        viewport=PHONE,
    )
    context.set_default_timeout(10_000)
    yield context.pages[0] if context.pages else context.new_page()
    context.close()


@pytest.fixture
def patient(live_server):
    clinic = make_clinic(name="Harbour Headache Clinic", accent_colour="#7c3aed")
    therapist = make_user(User.Role.THERAPIST, clinic)
    patient = make_patient(clinic, therapists=[therapist], full_name="Alex Morgan")
    screen(patient)
    make_plan(patient, therapist, [make_routine(slug="neck-ease", title="Neck ease")])
    return patient


def installed(page) -> None:
    """Sign-in leaves the patient on today's page; wait for the worker, then load the page under
    its control and let it keep today's pages for offline use."""
    page.wait_for_url(re.compile("/today/$"))
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.wait_for_function(
        """async () => {
            const names = (await caches.keys()).filter(n => n.startsWith('pages-'));
            if (names.length !== 1) return false;
            const kept = await (await caches.open(names[0])).keys();
            const urls = kept.map(r => new URL(r.url).pathname);
            const wanted = ['/today/', '/today/practice/neck-ease/', '/diary/today/'];
            return wanted.every(u => urls.includes(u));
        }""",
        timeout=20_000,
    )


def queue_practice_and_diary(page) -> None:
    page.context.set_offline(True)
    page.goto("/today/")
    page.get_by_role("button", name=re.compile("Mark done")).click()
    expect(page.locator("#offline-queue")).to_contain_text("Waiting to send (1)")
    page.goto("/diary/today/")
    page.locator("label", has_text="Yes").click()
    page.locator('label[for="id_peak_4"]').click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#offline-queue")).to_contain_text("Waiting to send (2)")
    assert page.locator(".offline-waiting").count() == 2


def test_the_manifest_passes_the_browsers_installability_check(page, patient):
    log_in(page, patient.user.email)
    installed(page)
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert '"theme_color": "#7c3aed"' in manifest["data"]


def test_entries_made_offline_arrive_once_when_the_network_returns(page, patient):
    log_in(page, patient.user.email)
    installed(page)
    queue_practice_and_diary(page)
    assert not PracticeEntry.objects.exists() and not DiaryEntry.objects.exists()

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#offline-queue")).to_be_hidden(timeout=15_000)
    page.reload()  # the next open sends again if anything were left; nothing is
    page.wait_for_timeout(500)

    assert PracticeEntry.objects.filter(patient=patient).count() == 1
    entry = DiaryEntry.objects.get(patient=patient)
    assert (entry.headache, entry.peak) == (True, 4)


def test_with_the_gate_closed_offline_practice_is_refused_and_the_diary_kept(page, patient):
    log_in(page, patient.user.email)
    installed(page)
    queue_practice_and_diary(page)
    Screening.objects.filter(patient=patient).update(self_care_allowed=False)

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    refused = page.locator(".offline-refused")
    expect(refused).to_contain_text("“Neck ease” was not saved", timeout=15_000)
    assert not PracticeEntry.objects.exists()
    assert DiaryEntry.objects.filter(patient=patient).count() == 1


def test_sign_out_clears_the_offline_copies_and_the_queue(page, patient):
    log_in(page, patient.user.email)
    installed(page)
    page.get_by_text("More", exact=True).click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile("/accounts/login/"))
    left = None
    for _ in range(50):  # the worker finishes wiping just after the sign-in page appears
        left = page.evaluate(
            "async () => (await caches.keys()).filter(n => n.startsWith('pages-')).length"
        )
        if left == 0:
            break
        page.wait_for_timeout(200)
    assert left == 0


def test_a_push_message_shows_a_notification_that_carries_the_page_to_open(page, patient):
    page.context.grant_permissions(["notifications"])
    log_in(page, patient.user.email)
    installed(page)
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    page.wait_for_timeout(500)
    registration = next(r for r in registrations if r["scopeURL"].endswith("/"))
    origin = re.match(r"https?://[^/]+", page.url).group(0)
    message = {
        "origin": origin,
        "registrationId": registration["registrationId"],
        "data": '{"title": "Your daily check-in", "body": "Take a moment.", "url": "/diary/"}',
    }
    shown = None
    # Right after install Chromium now and then drops a DevTools-delivered message (a real push
    # service delivers again too), so up to three deliveries, each watched for four seconds.
    for _ in range(3):
        cdp.send("ServiceWorker.deliverPushMessage", message)
        for _ in range(20):
            shown = page.evaluate(
                """async () => {
                    const reg = await navigator.serviceWorker.ready;
                    const list = await reg.getNotifications();
                    return list.length ? {title: list[0].title, url: list[0].data.url} : null;
                }"""
            )
            if shown:
                break
            page.wait_for_timeout(200)
        if shown:
            break
    assert shown == {"title": "Your daily check-in", "url": "/diary/"}


def test_a_patient_sets_a_reminder_on_an_accessible_page(page, patient, visitor):
    log_in(page, patient.user.email)
    page.wait_for_url(re.compile("/today/$"))
    page.get_by_text("More", exact=True).click()
    page.get_by_role("link", name="Reminders").click()
    page.wait_for_url(re.compile("/reminders/$"))
    visitor.check("reminders")
    practice = page.locator("section", has_text="Practice reminder")
    # The box sits beside its words, on the same line, not under a label of its own.
    box = practice.get_by_label("Remind me").bounding_box()
    words = practice.get_by_text("Remind me", exact=True).bounding_box()
    assert box["x"] + box["width"] <= words["x"]
    assert abs((box["y"] + box["height"] / 2) - (words["y"] + words["height"] / 2)) < 4
    practice.get_by_label("Remind me").check()
    practice.get_by_label("Time of day").fill("18:30")
    practice.get_by_role("button", name="Save practice reminder").click()
    page.wait_for_url(re.compile("/reminders/$"))
    visitor.check("reminder-saved")
    reminder = patient.reminders.get()
    assert reminder.enabled and reminder.at.strftime("%H:%M") == "18:30"
    assert reminder.time_zone  # the browser's zone, or the clinic's
