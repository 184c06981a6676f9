"""Every patient handout is a tagged PDF (PDF/UA-1): marked content, a structure tree with real
headings, the document's language and a title shown in place of the file name."""

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from tests.handouts.test_plan_pdf import make_plan, make_routine
from triage.questions import ALL_CLEAR
from triage.services import screening_submit


def structure_tags(node, found=None) -> set[str]:
    """The tag names (/H1, /H2, /P, /Table…) of a structure tree."""
    found = set() if found is None else found
    node = node.get_object()
    if isinstance(node, list):
        for kid in node:
            structure_tags(kid, found)
        return found
    if hasattr(node, "get"):
        if "/S" in node:
            found.add(str(node["/S"]))
        if "/K" in node:
            structure_tags(node["/K"], found)
    return found


def assert_tagged(content: bytes, title: str) -> None:
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title.startswith(title)
    tags = structure_tags(root["/StructTreeRoot"])
    assert {"/H1", "/P"} <= tags, tags


@pytest.fixture
def plan(patient, therapist, db):
    cache.clear()
    screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    return make_plan(patient, therapist, [make_routine("trap", "Upper trapezius wall ball")])


def test_the_home_plan_is_a_tagged_pdf(as_patient, plan):
    response = as_patient.get(reverse("handouts:plan-pdf", args=[plan.patient.public_id]))
    assert_tagged(response.content, "Home plan for Alex Morgan")
    tags = structure_tags(
        PdfReader(io.BytesIO(response.content)).trailer["/Root"]["/StructTreeRoot"]
    )
    assert {"/H2", "/Table"} <= tags


def test_the_doctors_summary_and_the_screening_summary_are_tagged_pdfs(as_patient, patient, plan):
    response = as_patient.get(reverse("handouts:doctor-summary-pdf", args=[patient.public_id]))
    assert_tagged(response.content, "Headache care summary")
    screening = screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    response = as_patient.get(reverse("handouts:screening-pdf", args=[screening.public_id]))
    assert_tagged(response.content, "Screening summary")


def test_the_blank_diary_is_a_tagged_pdf(as_staff):
    assert_tagged(as_staff.get(reverse("handouts:blank-diary")).content, "Headache diary")
