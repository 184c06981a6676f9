"""A patient downloads all of their own data, as JSON or CSV, and nothing of anyone else's."""

import csv
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.urls import reverse

from clinic.models import AuditEvent
from plans.export import COLUMNS, KINDS, SOURCES
from plans.services import diary_entry_save
from tests.plans.helpers import attend, make_entry, make_plan, today
from triage.models import Screening

MINE = "canary-mine-7f3a"
THEIRS = "canary-theirs-91bc"


@pytest.fixture
def data(patient, therapist, other_patient, other_therapist):
    for who, by, text in ((patient, therapist, MINE), (other_patient, other_therapist, THEIRS)):
        plan = make_plan(who, by, start=today() - timedelta(days=7))
        visit = attend(plan.visits.order_by("number").first(), by)
        visit.note = f"visit {text}"
        visit.save()
        make_entry(who, today() - timedelta(days=1), headache=True, peak=5, note=f"diary {text}")
        diary_entry_save(
            patient=who,
            day=today() - timedelta(days=1),
            values={"headache": True, "peak": 3, "note": f"edited {text}"},
            by=who.user,
            today=today(),
            token=None,
        )
        Screening.objects.create(
            patient=who,
            answers={"note": f"screening {text}"},
            disposition="self_care_ok",
            ruleset_version="2026.1",
            self_care_allowed=True,
        )


def test_json_export_holds_every_kind_of_own_data_and_no_one_elses(as_patient, patient, data):
    response = as_patient.get(reverse("plans:export") + "?format=json")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    text = response.content.decode()
    assert THEIRS not in text
    document = json.loads(text)
    assert document["patient"][0]["id"] == str(patient.public_id)
    assert [e["note"] for e in document["diary"]] == [f"edited {MINE}"]
    assert document["diary_revisions"][0]["previous_values"]["note"] == f"diary {MINE}"
    assert document["visits"][0]["note"] == f"visit {MINE}" and len(document["visits"]) == 8
    assert document["screenings"][0]["answers"] == {"note": f"screening {MINE}"}
    assert len(document["care_plans"]) == 1
    assert {"questionnaires", "quick_checks", "practice_log"} <= set(document)
    assert set(document) == {"exported", *KINDS}


def test_csv_export_is_a_zip_with_one_file_per_kind(as_patient, data):
    response = as_patient.get(reverse("plans:export") + "?format=csv")

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert response["Content-Type"] == "application/zip"
    assert "diary.csv" in archive.namelist() and "visits.csv" in archive.namelist()
    everything = "".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    assert MINE in everything and THEIRS not in everything
    rows = list(csv.DictReader(io.StringIO(archive.read("diary.csv").decode("utf-8-sig"))))
    assert rows[0]["note"] == f"edited {MINE}" and rows[0]["headache"] == "yes"


def test_one_kind_can_be_downloaded_as_a_single_csv(as_patient, data):
    response = as_patient.get(reverse("plans:export") + "?format=csv&kind=visits")

    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("plan,number,kind,date")
    assert f"visit {MINE}" in text and THEIRS not in text


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(as_patient, patient):
    make_entry(patient, today(), note='=HYPERLINK("http://evil.example")')

    text = as_patient.get(reverse("plans:export") + "?format=csv&kind=diary").content.decode()

    assert "'=HYPERLINK" in text


def test_an_unknown_kind_is_not_found_and_no_format_shows_the_choices(as_patient):
    assert as_patient.get(reverse("plans:export") + "?format=csv&kind=users").status_code == 404
    page = as_patient.get(reverse("plans:export"))
    assert page.status_code == 200 and "All data as JSON" in page.content.decode()


def test_the_export_is_audited(as_patient, patient):
    as_patient.get(reverse("plans:export") + "?format=json")

    assert AuditEvent.objects.filter(action="export", patient_public_id=patient.public_id).exists()


def patient_tables() -> set[str]:
    """Every model that refers to a patient, directly or through another such model (a plan's
    items, a care plan's visits), read from the app registry."""
    found = {"clinic.Patient"}
    while True:
        more = {
            model._meta.label
            for model in apps.get_models()
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model._meta.label in found
        } - found
        if not more:
            return found
        found |= more


def test_the_export_reads_every_table_that_holds_patient_data():
    exported = {label for labels in SOURCES.values() for label in labels}
    assert set(SOURCES) == set(KINDS) == set(COLUMNS)
    missing = patient_tables() - exported
    assert not missing, f"patient data left out of the download: {sorted(missing)}"
    assert "selfcare.PlanItem" in patient_tables()  # through the home plan


def test_home_plans_their_items_and_notes_are_in_the_export(as_patient, patient, therapist):
    from selfcare.models import HomePlan, PlanItem
    from tests.security.world import routine

    plan = HomePlan.objects.create(patient=patient, version=1, created_by=therapist)
    PlanItem.objects.create(
        plan=plan, routine=routine(), hold_seconds=60, spots_per_side=2, sides="both",
        frequency="daily", note=f"note {MINE}",
    )  # fmt: skip
    document = json.loads(as_patient.get(reverse("plans:export") + "?format=json").content)

    assert document["home_plans"][0]["version"] == 1
    assert document["home_plans"][0]["created_by"] == therapist.display_name
    item = document["home_plan_items"][0]
    assert item["note"] == f"note {MINE}" and item["routine"] == "Upper trapezius wall ball"
    assert document["access_log"][-1]["action"] == "Downloaded all their data"
    for kind in KINDS:
        for row in document[kind]:
            assert tuple(row) == COLUMNS[kind], kind


def test_empty_tables_keep_their_header_row(as_patient):
    response = as_patient.get(reverse("plans:export") + "?format=csv")

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(f"{kind}.csv" for kind in KINDS)
    for kind in KINDS:
        lines = archive.read(f"{kind}.csv").decode("utf-8-sig").splitlines()
        assert lines[0] == ",".join(COLUMNS[kind]), kind
    single = as_patient.get(reverse("plans:export") + "?format=csv&kind=home_plans")
    assert single.content.decode("utf-8-sig").splitlines() == ["id,version,created,created_by"]


def test_the_therapists_assessment_and_notes_are_in_the_download(as_patient, patient, therapist):
    from assessment.models import Assessment, Spot

    done = Assessment.objects.create(
        patient=patient, therapist=therapist, assessed_on=date(2026, 11, 2), flexion=40
    )
    Spot.objects.create(assessment=done, site=Spot._meta.get_field("site").choices[0][0],
                        tenderness=6, reproduces_headache=True)  # fmt: skip
    document = json.loads(as_patient.get(reverse("plans:export") + "?format=json").content)
    assert document["assessments"][0]["flexion"] == 40
    assert document["assessment_spots"][0]["tenderness"] == 6
    assert {"visit_notes", "plans_of_care", "visit_note_addenda"} <= set(document)
