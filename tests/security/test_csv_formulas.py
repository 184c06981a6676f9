"""Finding 6: no CSV the app produces starts a cell with a formula character.

A patient signs up with a name and an email address that a spreadsheet would run; the clinic's
audit CSV and the patient's own data export both neutralise them, because both go through the
one writer in clinic/csvfile.py."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from clinic import csvfile
from clinic.models import AuditEvent
from tests.conftest import login
from tests.factories import make_patient

PAYLOAD = "=cmd|'/C calc'!A0"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def assert_no_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START), f"formula cell {cell!r} in {row!r}"


@pytest.mark.parametrize(
    "value", [PAYLOAD, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x")']
)
def test_the_writer_neutralises_every_formula_start(value):
    out = io.StringIO()
    csvfile.writer(out).writerow([value, "plain", 3, -4, None, True])
    row = cells(out.getvalue().encode())[0]
    assert row[0] == "'" + value
    assert row[1:] == ["plain", "3", "-4", "", "yes"]  # numbers are numbers, not formulas


@pytest.fixture
def sneaky_patient(clinic, therapist):
    return make_patient(
        clinic, therapists=[therapist], full_name=PAYLOAD, email="=cmd|'/C calc'!A0@example.test"
    )


def test_the_audit_csv_neutralises_a_formula_in_a_users_name(sneaky_patient, as_clinic_admin):
    as_sneaky = login(sneaky_patient.user)
    as_sneaky.get(reverse("clinic:my-access-log"))
    as_sneaky.get(reverse("clinic:access-log", args=[sneaky_patient.public_id]))
    assert AuditEvent.objects.filter(actor_email__startswith="=").exists()
    response = as_clinic_admin.get(reverse("clinic:audit-export"))
    assert response.status_code == 200
    rows = cells(b"".join(response.streaming_content))
    assert any(cell == "'" + sneaky_patient.user.email for row in rows for cell in row)
    assert_no_formula(rows)


def test_the_patient_export_neutralises_formulas_in_every_file(sneaky_patient):
    client = login(sneaky_patient.user)
    response = client.get(reverse("plans:export"), {"format": "csv", "kind": "patient"})
    rows = cells(response.content)
    assert rows[1][1] == "'" + PAYLOAD
    assert_no_formula(rows)
    archive = client.get(reverse("plans:export"), {"format": "csv"})
    with zipfile.ZipFile(io.BytesIO(archive.content)) as files:
        for name in files.namelist():
            assert_no_formula(cells(files.read(name)))


def test_every_csv_writer_in_the_code_is_the_safe_one():
    """No module but clinic/csvfile.py builds CSV itself (a new export must use it)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("*/**/*.py"):
        if any(part in {".venv", "node_modules", "tests", "bench"} for part in path.parts):
            continue
        text = path.read_text()
        if ("csv.writer" in text or "csv.DictWriter" in text) and path.name != "csvfile.py":
            offenders.append(str(path.relative_to(root)))
    assert not offenders
