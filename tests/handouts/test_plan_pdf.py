"""The home plan PDF, the print desk, the batch and the command line."""

import io
from datetime import time, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from clinic.models import AuditEvent
from handouts.plan_pdf import plan_pdf
from selfcare.models import HomePlan, PlanItem, Routine
from tests.selfcare.utils import screen

EVIL_TITLE = 'Jaw & temples <script>alert(1)</script> <img src="file:///etc/passwd">'


def make_routine(slug: str, title: str, hold: int = 60, **fields) -> Routine:
    defaults = dict(
        title=title, summary="A gentle release.", regions=["shoulder_left", "shoulder_right"],
        tools=["tennis_ball"], position="wall", steps=["Stand with the ball behind you.",
        "Lean in and hold.", "Breathe out slowly."], hold_seconds_min=30, hold_seconds_max=90,
        hold_seconds_default=hold, spots_per_side=2, sides="both", frequency="daily",
        cautions=["Go gently."], stop_if=["Dizziness."], image=
        "selfcare/content/img/upper-trapezius-wall-ball.png", image_alt="A person at a wall.",
    )  # fmt: skip
    defaults.update(fields)
    return Routine.objects.create(slug=slug, **defaults)


def make_plan(patient, therapist, routines, version: int = 1) -> HomePlan:
    plan = HomePlan.objects.create(patient=patient, version=version, created_by=therapist)
    for order, routine in enumerate(routines):
        PlanItem.objects.create(
            plan=plan, routine=routine, order=order, hold_seconds=routine.hold_seconds_default,
            spots_per_side=routine.spots_per_side, sides=routine.sides,
            frequency=routine.frequency, note="Keep your shoulders soft." if order == 0 else "",
        )  # fmt: skip
    return plan


def pdf_text(content: bytes) -> tuple[str, int, PdfReader]:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages), reader


@pytest.fixture
def routines(db):
    return [
        make_routine("trap", "Upper trapezius wall ball", 60),
        make_routine("jaw", EVIL_TITLE, 45, regions=["jaw_left", "jaw_right"]),
        make_routine("scalp", "Scalp release", 30, sides="midline", regions=["scalp"]),
        make_routine("chin", "Chin tucks", 40, regions=[], sides="midline", image=""),
    ]


@pytest.fixture
def plan(patient, therapist, routines):
    cache.clear()
    screen(patient)
    return make_plan(patient, therapist, routines)


def test_plan_pdf_has_name_every_routine_dose_stop_box_tick_sheet_and_diary(as_patient, plan):
    response = as_patient.get(reverse("handouts:plan-pdf", args=[plan.patient.public_id]))
    assert response["Content-Type"] == "application/pdf"
    text, pages, reader = pdf_text(response.content)
    assert "Alex Morgan" in text and "Sam Rivera" in text and "Plan version 1" in text
    for title in ("Upper trapezius wall ball", "Scalp release", "Chin tucks"):
        assert title in text
    for hold in ("Hold 60 s", "Hold 45 s", "Hold 30 s", "Hold 40 s"):
        assert hold in text
    assert "Stop and call" in text and "112" in text
    assert "Practice tick sheet" in text and "Headache diary" in text
    assert "Keep your shoulders soft." in text
    assert 2 <= pages <= 6


def test_hostile_routine_text_prints_as_text_and_embeds_no_file(as_patient, plan):
    content = as_patient.get(reverse("handouts:plan-pdf", args=[plan.patient.public_id])).content
    text, _, reader = pdf_text(content)
    assert "Jaw & temples <script>alert(1)</script>" in text.replace("\n", " ")
    assert "root:" not in text
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"])
    sizes = {len(image.data) for page in reader.pages for image in page.images}
    assert len(sizes) == 1  # the one illustration the cards share, and nothing else


def test_reprint_is_the_same_bytes_and_a_new_version_prints_anew(patient, therapist, plan):
    first = plan_pdf(plan)
    assert plan_pdf(plan) == first
    newer = make_plan(patient, therapist, list(Routine.objects.all())[:2], version=2)
    second = plan_pdf(newer)
    assert second != first and "Plan version 2" in pdf_text(second)[0]


@pytest.mark.parametrize(
    "client_fixture", ["as_other_patient", "as_other_therapist", "as_clinic_admin"]
)
def test_other_people_cannot_print_the_plan(request, plan, client_fixture):
    client = request.getfixturevalue(client_fixture)
    response = client.get(reverse("handouts:plan-pdf", args=[plan.patient.public_id]))
    assert response.status_code == 404


def test_staff_print_a_plan_and_the_print_is_audited(as_staff, staff, plan):
    response = as_staff.get(reverse("handouts:plan-pdf", args=[plan.patient.public_id]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="print_plan", actor=staff)
    assert event.patient_public_id == plan.patient.public_id


def make_visit(patient, therapist, day):
    from plans.models import CarePlan, Visit

    care = CarePlan.objects.create(
        patient=patient,
        therapist=therapist,
        start_date=day,
        idempotency_key=__import__("uuid").uuid4(),
    )
    return Visit.objects.create(plan=care, number=1, date=day)


def test_print_desk_finds_by_name_or_birth_date_and_lists_tomorrows_visits(
    as_staff, patient, therapist, plan
):
    from datetime import date

    patient.date_of_birth = date(1988, 4, 12)
    patient.save()
    tomorrow = timezone.localdate() + timedelta(days=1)
    make_visit(patient, therapist, tomorrow)
    by_name = as_staff.get(reverse("handouts:desk"), {"q": "alex"}).content.decode()
    by_birth = as_staff.get(reverse("handouts:desk"), {"q": "12/04/1988"}).content.decode()
    for page in (by_name, by_birth):
        assert "Alex Morgan" in page and "Print plan v1" in page
    page = as_staff.get(reverse("handouts:desk")).content.decode()
    assert "Tomorrow" in page and "Alex Morgan" in page


def test_a_visit_without_a_time_says_so_on_the_desk(as_staff, patient, therapist, plan):
    tomorrow = timezone.localdate() + timedelta(days=1)
    visit = make_visit(patient, therapist, tomorrow)
    page = as_staff.get(reverse("handouts:desk")).content.decode()
    assert '<td><span class="muted">No time set</span></td><td>Alex Morgan</td>' in page
    visit.time = time(9, 30)
    visit.save()
    page = as_staff.get(reverse("handouts:desk")).content.decode()
    assert "<td>09:30</td><td>Alex Morgan</td>" in page and "No time set" not in page


def test_print_desk_never_shows_diary_or_screening_details(as_staff, patient):
    from triage.questions import ALL_CLEAR
    from triage.services import screening_submit

    screening = screening_submit(patient=patient, answers={**ALL_CLEAR, "fever": True})
    page = as_staff.get(reverse("handouts:desk"), {"q": "alex"}).content.decode()
    assert screening.reasons[0]["message"] not in page and "screening" not in page.lower()
    assert as_staff.get(reverse("triage:result", args=[screening.public_id])).status_code == 404
    assert (
        as_staff.get(reverse("handouts:screening-pdf", args=[screening.public_id])).status_code
        == 404
    )


def test_print_desk_does_not_even_read_session_notes_or_password_hashes(
    as_staff, patient, therapist, plan
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    visit = make_visit(patient, therapist, timezone.localdate() + timedelta(days=1))
    visit.note = "Left SCM very tender"
    visit.save()
    with CaptureQueriesContext(connection) as queries:
        page = as_staff.get(reverse("handouts:desk")).content.decode()
    visit_reads = [q["sql"] for q in queries if 'FROM "plans_visit"' in q["sql"]]

    assert "Alex Morgan" in page and "Print plan v1" in page
    assert visit_reads and not any('"note"' in sql or '"areas"' in sql for sql in visit_reads)
    assert not any('"password"' in sql for sql in visit_reads)


def test_batch_for_tomorrow_is_one_pdf_with_every_plan(
    as_staff, patient, other_patient, therapist, other_therapist, routines
):
    tomorrow = timezone.localdate() + timedelta(days=1)
    screen(patient)
    screen(other_patient)
    make_plan(patient, therapist, routines[:2])
    make_plan(other_patient, other_therapist, routines[2:])
    make_visit(patient, therapist, tomorrow)
    make_visit(other_patient, other_therapist, tomorrow)
    progress = as_staff.get(reverse("handouts:batch", args=[tomorrow.isoformat()]))
    assert "2 plans to print" in progress.content.decode()
    response = as_staff.get(reverse("handouts:batch-pdf", args=[tomorrow.isoformat()]))
    text, pages, _ = pdf_text(response.content)
    assert "Alex Morgan" in text and "Priya Shah" in text and pages >= 4
    assert "Upper trapezius wall ball" in text and "Scalp release" in text
    assert AuditEvent.objects.filter(action="print_plan").count() == 2
    assert as_staff.get("/desk/batch/not-a-date.pdf").status_code == 404


def test_patients_and_therapists_cannot_use_the_print_desk(as_patient, as_therapist):
    for client in (as_patient, as_therapist):
        assert client.get(reverse("handouts:desk")).status_code == 404


def run_cli(*args) -> int:
    from django.core.management import call_command

    try:
        call_command("render_plan_pdf", *args)
    except SystemExit as exit:
        return exit.code
    return 0


def test_command_line_writes_the_current_plan(plan, tmp_path):
    out = tmp_path / "plan.pdf"
    assert run_cli(plan.patient.user.email.upper(), str(out)) == 0
    assert "Alex Morgan" in pdf_text(out.read_bytes())[0]


def test_command_line_bad_input_exits_2_with_a_clear_message(patient, tmp_path, capsys):
    out = tmp_path / "x.pdf"
    assert run_cli("nobody@example.test", str(out)) == 2
    assert "error: no patient with the email nobody@example.test" in capsys.readouterr().err
    assert run_cli(patient.user.email, str(out)) == 2
    assert "has no home plan yet" in capsys.readouterr().err
    assert not out.exists()


def test_generic_routine_handout_has_no_patient_details(as_staff, routines, patient):
    url = reverse("handouts:routines-pdf")
    response = as_staff.get(url, {"slug": ["trap", "scalp", "nope"]})
    text, pages, _ = pdf_text(response.content)
    assert "Upper trapezius wall ball" in text and "Scalp release" in text
    assert "Hold 60 s" in text and "Stop and call" in text
    assert "Alex Morgan" not in text and pages <= 3
    assert as_staff.get(url, {"slug": "nope"}).status_code == 404


def test_another_clinics_own_routine_cannot_be_printed(as_staff, other_clinic_therapist):
    make_routine("theirs", "Their own routine", clinic=other_clinic_therapist.clinic)
    response = as_staff.get(reverse("handouts:routines-pdf"), {"slug": "theirs"})
    assert response.status_code == 404


def test_patients_print_their_plan_not_generic_handouts(as_patient, routines):
    response = as_patient.get(reverse("handouts:routines-pdf"), {"slug": "trap"})
    assert response.status_code == 404


def test_the_batch_page_says_the_plan_is_ready_or_all_n_plans_are_ready(
    as_staff, patient, other_patient, therapist, other_therapist, routines,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    tomorrow = timezone.localdate() + timedelta(days=1)
    url = reverse("handouts:batch", args=[tomorrow.isoformat()])

    def prepared() -> str:
        with django_capture_on_commit_callbacks(execute=True):
            started = as_staff.post(url)
        return as_staff.get(started["Location"]).content.decode()

    make_plan(patient, therapist, routines[:2])
    make_visit(patient, therapist, tomorrow)
    assert "1 plan to print" in as_staff.get(url).content.decode()
    assert "The plan is ready." in prepared()
    make_plan(other_patient, other_therapist, routines[2:])
    make_visit(other_patient, other_therapist, tomorrow)
    assert "2 plans to print" in as_staff.get(url).content.decode()
    assert "All 2 plans are ready." in prepared()


def test_the_qr_code_leads_to_the_site_address_and_the_desk_warns_while_it_is_the_default(
    as_staff, as_patient, plan, settings
):
    settings.SITE_URL = settings.DEVELOPMENT_SITE_URL
    assert "the development address" in as_staff.get(reverse("handouts:desk")).content.decode()
    settings.SITE_URL = "https://clinic.example.org"
    assert "the development address" not in as_staff.get(reverse("handouts:desk")).content.decode()
    response = as_patient.get(reverse("handouts:plan-pdf", args=[plan.patient.public_id]))
    text, _, _ = pdf_text(response.content)
    assert "https://clinic.example.org/today/" in text.replace("\n", "")


def test_a_long_routine_name_is_printed_whole_on_the_tick_sheet(as_patient, patient, therapist):
    cache.clear()
    title = "Suboccipital release with two tennis balls in a sock"
    screen(patient)
    make_plan(patient, therapist, [make_routine("long", title)])
    response = as_patient.get(reverse("handouts:plan-pdf", args=[patient.public_id]))
    text, _, reader = pdf_text(response.content)
    tick_sheet = next(
        p.extract_text() for p in reader.pages if "Practice tick sheet" in p.extract_text()
    )
    words = " ".join(tick_sheet.replace("-\n", "").split())
    assert "1. Suboccipital release with two tennis balls in a sock" in words
