"""PDFs from the shared renderer: text, pages, access, limits and the transaction rule."""

import io
import shutil
import subprocess

import pytest
from django.db import transaction
from django.urls import reverse
from pypdf import PdfReader

from handouts import limits
from handouts.render import render_pdf
from triage.questions import ALL_CLEAR
from triage.services import screening_submit


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_screening_summary_pdf_has_the_patient_answers_reasons_and_ruleset(as_patient, patient):
    screening = screening_submit(patient=patient, answers={**ALL_CLEAR, "fever": True})
    response = as_patient.get(reverse("handouts:screening-pdf", args=[screening.public_id]))
    assert response["Content-Type"] == "application/pdf"
    text, pages = pdf_text(response.content)
    assert "Alex Morgan" in text and "2026.1" in text
    assert "fever" in text.lower() and "How old are you?" in text
    assert 1 <= pages <= 3


@pytest.mark.parametrize("client_fixture", ["as_other_patient", "as_other_therapist", "as_staff"])
def test_someone_elses_screening_pdf_is_404(request, patient, client_fixture):
    screening = screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    client = request.getfixturevalue(client_fixture)
    url = reverse("handouts:screening-pdf", args=[screening.public_id])
    assert client.get(url).status_code == 404


def test_blank_diary_sheet_prints_four_weeks_on_a_page_or_two(as_staff):
    response = as_staff.get(reverse("handouts:blank-diary"))
    text, pages = pdf_text(response.content)
    assert "My headache diary" in text and "Worst pain" in text
    assert 1 <= pages <= 2


def test_pdf_rendering_is_rate_limited_per_user_with_retry_after(as_staff, monkeypatch):
    monkeypatch.setattr(limits, "PDF_LIMIT", 2)
    url = reverse("handouts:blank-diary")
    assert as_staff.get(url).status_code == 200
    assert as_staff.get(url).status_code == 200
    refused = as_staff.get(url)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_pdfs_are_never_rendered_inside_a_transaction(db):
    with pytest.raises(RuntimeError, match="transaction"), transaction.atomic():
        render_pdf("print/blank_diary.html", {"diary_rows": range(1)}, clinic=None)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is installed by setup")
def test_a_rendered_page_is_not_blank(tmp_path, clinic):
    from PIL import Image

    pdf = render_pdf("print/blank_diary.html", {"diary_rows": range(28)}, clinic=clinic)
    (tmp_path / "diary.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", tmp_path / "diary.pdf",
         tmp_path / "page"], check=True,
    )  # fmt: skip
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    inked = sum(1 for value in image.get_flattened_data() if value < 200)
    assert inked > 0.005 * image.width * image.height


def test_doctor_summary_pdf_is_one_page_for_the_patient_and_assigned_therapist(
    as_patient, as_therapist, as_other_therapist, as_staff, patient
):
    url = reverse("handouts:doctor-summary-pdf", args=[patient.public_id])
    for client in (as_patient, as_therapist):
        response = client.get(url)
        assert response["Content-Type"] == "application/pdf"
        text, pages = pdf_text(response.content)
        assert "Alex Morgan" in text and "Headache care summary" in text and pages == 1
    for client in (as_other_therapist, as_staff):
        assert client.get(url).status_code == 404
