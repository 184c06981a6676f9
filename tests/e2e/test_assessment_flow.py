"""A therapist assesses a patient on a tablet or a desktop: marks spots on the body chart by
touch and by keyboard, records range of motion, signs a visit note and prints the plan of care.
Every page passes the accessibility check at phone and desktop sizes."""

import pytest
from django.utils import timezone

from assessment.models import Assessment, VisitNote
from plans.services import visit_record
from tests.e2e.conftest import DESKTOP, PHONE, SHOTS, Visitor
from tests.e2e.session import log_in
from tests.security.routes import url_for
from tests.security.world import build_world, routine


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_therapist_assesses_signs_a_note_and_prints_the_plan_of_care(browser, live_server, size):
    world = build_world()
    from plans.models import Visit

    visit = Visit.objects.get(public_id=world.args["visit"])
    visit_record(visit=visit, by=world.users["therapist"], status="attended",
                 today=timezone.localdate(), minutes=45)  # fmt: skip
    context = browser.new_context(
        service_workers="block",
        viewport=PHONE if size == "phone" else DESKTOP,
        base_url=live_server.url,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    visitor = Visitor(page, f"assessment_{size}")
    log_in(page, live_server, world.users["therapist"])

    page.goto(url_for("plans:patient", world))
    visitor.check("patient-page-before")
    page.get_by_role("link", name="Initial assessment").click()
    visitor.check("assessment-form")

    # Touch: a tap on the drawing ticks the spot's checkbox.
    page.locator('[data-site="upper_trapezius_left"]').first.tap()
    assert page.locator("#id_upper_trapezius_left__on").is_checked()
    page.fill("#id_upper_trapezius_left__tenderness", "7")
    page.check("#id_upper_trapezius_left__reproduces")
    # A second tap on another view's drawing of the same site unticks it, a third ticks again.
    page.locator('[data-site="upper_trapezius_left"]').nth(1).tap()
    assert not page.locator("#id_upper_trapezius_left__on").is_checked()
    page.locator('[data-site="upper_trapezius_left"]').nth(1).tap()

    # Keyboard: the same spot list works without the drawing.
    page.focus("#id_masseter_right__on")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("4")
    assert page.locator("#id_masseter_right__on").is_checked()
    marked = page.locator('.bodychart__spot.is-marked[data-site="masseter_right"]')
    assert marked.count() >= 1

    page.fill("#id_flexion", "35")
    page.fill("#id_rotation_left", "58")
    page.fill("#id_jaw_opening_mm", "36")
    page.fill("#id_cva_degrees", "46")
    page.get_by_role("button", name="Save assessment").click()
    page.wait_for_url("**/therapist/assessments/**")
    visitor.check("assessment-saved")
    saved = Assessment.objects.get()
    assert (saved.flexion, saved.rotation_left) == (35, 58)
    assert {s.site: s.tenderness for s in saved.spots.all()} == {
        "upper_trapezius_left": 7,
        "masseter_right": 4,
    }
    assert saved.spots.get(site="upper_trapezius_left").reproduces_headache

    page.goto(f"/therapist/visits/{visit.public_id}/note/")
    visitor.check("note-form")
    page.fill("#id_subjective", "Headache twice this week, milder.")
    page.check('input[name="treated_sites"][value="upper_trapezius_left"]')
    page.fill("#id_minutes_97140", "24")
    page.fill("#id_minutes_97110", "23")
    page.get_by_role("button", name="Save and sign").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Signed", exact=True).first.is_visible()
    visitor.check("note-signed")
    assert VisitNote.objects.get().is_signed

    page.goto(f"/therapist/patients/{world.args['patient']}/plan-of-care/")
    visitor.check("plan-of-care-form")
    page.get_by_label("G44.229", exact=False).check()
    page.get_by_label("97140", exact=False).check()
    page.fill("#id_goals", "Fewer headache days; pain-free rotation.")
    page.get_by_role("button", name="Save the plan of care").click()
    page.wait_for_load_state("load")
    visitor.check("plan-of-care-saved")
    pdf = page.request.get(f"/print/plan-of-care/{world.args['patient']}.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    (SHOTS / f"plan-of-care-{size}.pdf").write_bytes(pdf.body())
    bill = page.request.get(f"/print/superbill/{visit.public_id}.pdf")
    assert bill.status == 200
    (SHOTS / f"superbill-{size}.pdf").write_bytes(bill.body())

    page.goto(url_for("plans:patient", world))
    visitor.check("patient-page-after")
    findings = page.locator(".change-scroll").first
    if size == "phone":  # each measure a small card, its values named; nothing scrolls sideways
        assert findings.evaluate("e => e.scrollWidth <= e.clientWidth")
        first = findings.locator("td .cell-label").first
        assert first.is_visible() and first.inner_text().strip().lower() == "initial"
        # The diary's before-and-now table keeps its three columns in view as well.
        compare = page.locator(".table-scroll", has=page.locator("table.compare")).first
        assert compare.evaluate("e => e.scrollWidth <= e.clientWidth")
    else:
        assert findings.locator("thead").is_visible()
        assert not findings.locator("td .cell-label").first.is_visible()
    routine("upper-trapezius-wall-ball")
    page.goto(url_for("selfcare:plan-edit", world))
    visitor.check("plan-builder-suggestions")
    assert page.get_by_text("Suggested routines").is_visible()
    context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_code_lists_and_the_ndi_questionnaire_pass_the_accessibility_check(
    browser, live_server, size
):
    from plans.clinic_settings import instrument_set

    world = build_world()
    from clinic.models import Patient

    patient = Patient.objects.get(public_id=world.args["patient"])
    instrument_set(clinic=patient.clinic, code="ndi", enabled=True)
    viewport = PHONE if size == "phone" else DESKTOP
    for role, url, name in [
        ("clinic_admin", "/clinic/codes/", "codes"),
        ("patient", "/questionnaires/ndi/", "ndi"),
    ]:
        context = browser.new_context(
            service_workers="block", viewport=viewport, base_url=live_server.url
        )
        page = context.new_page()
        log_in(page, live_server, world.users[role])
        response = page.goto(url)
        assert response.status == 200, url
        Visitor(page, f"assessment_{name}_{size}").check(name)
        context.close()
