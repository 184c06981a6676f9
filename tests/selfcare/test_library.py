"""The library file format, load_routines, export_library and import_library."""

import io
import json
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from selfcare.library import CONTENT_FILE, KEYS, validate_library, validate_routine
from selfcare.models import Routine
from tests.factories import make_clinic

from .utils import load_library, make_routine

CONTENT = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))


def run(*args, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def snapshot() -> list[tuple]:
    return list(Routine.objects.order_by("slug").values_list("slug", "published", "updated_at"))


def test_the_content_file_passes_the_validator():
    routines, problems = validate_library(CONTENT)
    assert problems == [] and len(routines) == len(CONTENT)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"regions": ["shoulder_left", "neck_front"]}, "regions: neck_front is never a pressure"),
        ({"regions": ["elbow"]}, "regions: a list of distinct region codes"),
        ({"hold_seconds_min": 20}, "hold_seconds_min: must be a whole number from 30 to 90"),
        ({"hold_seconds_max": 120}, "hold_seconds_max: must be a whole number from 30 to 90"),
        ({"hold_seconds_default": 95}, "hold_seconds_default: must be a whole number"),
        ({"hold_seconds_min": 60, "hold_seconds_default": 45}, "hold_seconds_default: must be"),
        ({"spots_per_side": 4}, "spots_per_side: must be a whole number from 1 to 3"),
        ({"spots_per_side": True}, "spots_per_side: must be a whole number from 1 to 3"),
        ({"sides": "top"}, "sides: one of"),
        ({"frequency": "weekly"}, "frequency: one of"),
        ({"position": "standing"}, "position: one of"),
        ({"contraindications": ["no_running"]}, "contraindications: a list of distinct codes"),
        ({"contraindications": "supine"}, "contraindications: a list of distinct codes"),
        ({"contraindications": ["supine", "supine"]}, "contraindications: a list of distinct"),
        ({"tools": []}, "tools: a non-empty list"),
        ({"tools": ["hammer"]}, "tools: a non-empty list"),
        ({"steps": []}, "steps: a non-empty list of text"),
        ({"steps": ["ok", 3]}, "steps: a non-empty list of text"),
        ({"slug": "Not A Slug"}, "slug: lower-case letters"),
        ({"title": "  "}, "title: must be non-empty text"),
        ({"image": "../../etc/passwd.png"}, "image: must be a .png"),
        ({"image": "selfcare/content/img/missing.png"}, "image: no such file"),
        ({"published": "yes"}, "published: true or false"),
        ({"colour": "red"}, "colour: unknown key"),
    ],
)
def test_the_validator_names_the_key_and_the_problem(change, problem):
    clean, problems = validate_routine({**CONTENT[0], **change})
    assert clean is None
    assert any(p.startswith(problem) for p in problems), problems


def test_a_missing_key_is_named():
    obj = {k: v for k, v in CONTENT[0].items() if k != "steps"}
    assert validate_routine(obj) == (None, ["steps: missing"])


def test_contraindications_are_required_in_the_file_and_loaded_with_each_routine(db):
    obj = {k: v for k, v in CONTENT[0].items() if k != "contraindications"}
    assert validate_routine(obj) == (None, ["contraindications: missing"])
    load_library()
    for data in CONTENT:
        routine = Routine.objects.get(slug=data["slug"])
        assert routine.contraindications == data["contraindications"]


def test_a_changed_contraindication_is_loaded_again(db, tmp_path):
    load_library()
    changed = [dict(r) for r in CONTENT]
    changed[0]["contraindications"] = ["supine", "firm_pressure"]
    path = tmp_path / "routines.json"
    path.write_text(json.dumps(changed))
    code, out, _ = run("load_routines", "--file", str(path))
    assert code == 0 and "1 updated" in out
    routine = Routine.objects.get(slug=CONTENT[0]["slug"])
    assert routine.contraindications == ["supine", "firm_pressure"]


def test_loading_the_library_twice_changes_nothing_the_second_time(db):
    first = load_library()
    assert first.created == len(CONTENT) and first.updated == 0
    before = snapshot()
    code, out, _ = run("load_routines")
    assert code == 0 and f"0 new, 0 updated, {len(CONTENT)} unchanged, 0 unpublished" in out
    assert snapshot() == before


def test_loading_updates_changed_routines_and_unpublishes_ones_that_left_the_file(db, tmp_path):
    load_library()
    own = make_routine(slug="clinic-own", published=True)  # no clinic, but not in the file
    therapist_made = make_routine(slug="therapist-made", clinic=make_clinic())
    changed = [dict(r) for r in CONTENT[1:]]
    changed[0]["title"] = "A new title"
    path = tmp_path / "routines.json"
    path.write_text(json.dumps(changed))
    code, out, _ = run("load_routines", "--file", str(path))
    assert code == 0 and "1 updated" in out and "2 unpublished" in out
    assert not Routine.objects.get(slug=CONTENT[0]["slug"]).published
    assert not Routine.objects.get(pk=own.pk).published
    assert Routine.objects.get(slug=changed[0]["slug"]).title == "A new title"
    assert Routine.objects.get(pk=therapist_made.pk).published  # never touched
    # Back in the file: published again.
    run("load_routines")
    assert Routine.objects.get(slug=CONTENT[0]["slug"]).published


def test_export_then_import_into_an_empty_library_round_trips(db, monkeypatch):
    load_library()
    code, exported, _ = run("export_library")
    assert code == 0
    data = json.loads(exported)
    assert len(data) == len(CONTENT) and list(data[0]) == list(KEYS)
    assert data[0]["image"].startswith("selfcare/content/img/")
    assert {r["slug"]: r for r in data} == {r["slug"]: r for r in CONTENT}

    Routine.objects.all().delete()
    code, out, err = run("import_library", "-", stdin=exported, monkeypatch=monkeypatch)
    assert (code, err) == (0, "") and f"{len(CONTENT)} new" in out
    assert json.loads(run("export_library")[1]) == data


def test_export_leaves_out_unpublished_and_clinic_routines(db):
    make_routine(slug="hidden", published=False)
    make_routine(slug="clinics-own", clinic=make_clinic())
    make_routine(slug="shared")
    assert [r["slug"] for r in json.loads(run("export_library")[1])] == ["shared"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "error: input: not valid JSON"),
        ('{"slug": "x"}', "error: the library must be a JSON array"),
        ("[1]", "error: [0] must be a JSON object"),
        ('[{"slug": "x", "slug": "y"}]', 'error: input: key "slug" appears more than once'),
        ("[NaN]", "error: input: not valid JSON (NaN is not allowed)"),
    ],
)
def test_import_refuses_malformed_files_with_status_2(db, monkeypatch, text, message):
    code, out, err = run("import_library", "-", stdin=text, monkeypatch=monkeypatch)
    assert code == 2 and out == "" and message in err
    assert not Routine.objects.exists()


def test_import_with_one_bad_object_writes_nothing_and_names_every_problem(db, tmp_path):
    good = dict(CONTENT[0])
    bad = {
        **CONTENT[1],
        "hold_seconds_max": 200,
        "regions": ["neck_front"],
        "contraindications": ["gentle"],
    }
    path = tmp_path / "library.json"
    path.write_text(json.dumps([good, bad, {**CONTENT[2], "slug": good["slug"]}]))
    code, out, err = run("import_library", str(path))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert "error: [1] hold_seconds_max: must be a whole number from 30 to 90" in lines
    assert "error: [1] regions: neck_front is never a pressure site" in lines
    assert any(line.startswith("error: [1] contraindications: a list of") for line in lines)
    assert any(line.startswith("error: [2] slug: duplicates [0]") for line in lines)
    assert not Routine.objects.exists()


def test_import_of_a_missing_file_is_a_clear_error(db):
    code, _, err = run("import_library", "/nonexistent/library.json")
    assert code == 2 and err.startswith("error: input: cannot read /nonexistent/library.json")


def test_import_never_overwrites_a_clinics_own_routine(db, tmp_path):
    own = make_routine(slug=CONTENT[0]["slug"], title="Ours", clinic=make_clinic())
    path = tmp_path / "library.json"
    path.write_text(json.dumps(CONTENT[:2]))
    code, _, err = run("import_library", str(path))
    assert code == 2 and "belongs to a clinic's own routine" in err
    assert Routine.objects.get(pk=own.pk).title == "Ours" and Routine.objects.count() == 1


def test_no_loaded_routine_presses_on_the_front_of_the_neck(db):
    load_library()
    assert all("neck_front" not in r.regions for r in Routine.objects.all())


def test_the_migration_gives_library_routines_already_stored_their_contraindications(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("selfcare.migrations.0003_library_routine_contraindications")
    drill = make_routine(slug="chin-tucks", regions=[], tools=["none"])
    own = make_routine(slug="jaw-relaxation-drill", clinic=make_clinic())
    kept = make_routine(slug="masseter-release", contraindications=["jaw_work"])
    migration.backfill(apps, None)
    for routine in (drill, own, kept):
        routine.refresh_from_db()
    assert drill.contraindications == ["neck_movement"]
    assert own.contraindications == []  # a clinic's own routine is the clinic's to change
    assert kept.contraindications == ["jaw_work"]  # already set: left as it is
