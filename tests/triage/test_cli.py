import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from triage.questions import ALL_CLEAR

ROOT = Path(__file__).resolve().parents[2]

ALL_CLEAR_RESULT = {
    "disposition": "self_care_ok",
    "reasons": [],
    "excluded_regions": [],
    "ruleset_version": "2026.1",
}


def answers(**overrides):
    data = copy.deepcopy(ALL_CLEAR)
    data.update(overrides)
    return data


def without(key):
    data = answers()
    del data[key]
    return data


def run(*args, stdin=""):
    env = dict(os.environ)
    env.setdefault("DJANGO_DEBUG", "0")
    env.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
    env.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
    return subprocess.run(
        [sys.executable, "manage.py", "triage_assess", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_one_answer_file_gives_one_result(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ALL_CLEAR))
    done = run(str(path))
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == ALL_CLEAR_RESULT
    assert done.stdout == json.dumps(ALL_CLEAR_RESULT, indent=2) + "\n"


def test_standard_input_gives_the_red_flag_result():
    done = run("-", stdin=json.dumps(answers(pregnancy="pregnant", history="changed")))
    assert done.returncode == 0
    result = json.loads(done.stdout)
    assert result["disposition"] == "see_doctor_today"
    assert result["reasons"][0]["code"] == "pregnancy_new_headache"
    assert result["excluded_regions"] == ["neck_side_left", "neck_side_right", "neck_front"]


def test_batch_gives_results_in_the_same_order():
    batch = [
        answers(),
        answers(onset="within_1_min"),
        answers(recent_fracture_regions=["shoulder_left"]),
    ]
    done = run("-", stdin=json.dumps(batch))
    assert done.returncode == 0
    results = json.loads(done.stdout)
    assert [r["disposition"] for r in results] == [
        "self_care_ok",
        "emergency_now",
        "self_care_caution",
    ]
    assert results[2]["excluded_regions"] == ["shoulder_left"]


def test_empty_batch_gives_an_empty_array():
    done = run("-", stdin="[]")
    assert (done.returncode, json.loads(done.stdout), done.stderr) == (0, [], "")


@pytest.mark.parametrize(
    ("stdin", "errors"),
    [
        (json.dumps(without("fever")), ["error: fever: missing"]),
        (json.dumps(answers(mood="fine")), ["error: mood: unknown key"]),
        (json.dumps(answers(worst_ever="yes")), ["error: worst_ever: must be true or false"]),
        (json.dumps(answers(worst_ever=1)), ["error: worst_ever: must be true or false"]),
        (json.dumps(answers(age=True)), ["error: age: must be an integer from 12 to 120"]),
        (json.dumps(answers(age=130)), ["error: age: must be an integer from 12 to 120"]),
        (
            json.dumps(answers(infection_regions=["knee"])),
            ['error: infection_regions: unknown region code "knee"'],
        ),
        (
            json.dumps(answers(bp={"systolic": 120})),
            ["error: bp: diastolic missing"],
        ),
        (
            json.dumps(answers(age=5, fever="no")),
            [
                "error: age: must be an integer from 12 to 120",
                "error: fever: must be true or false",
            ],
        ),
        ("42", ["error: input: must be a JSON object with every answer key"]),
        (
            json.dumps([answers(), answers(), answers(), answers(age=200), answers(mood=1)]),
            [
                "error: [3] age: must be an integer from 12 to 120",
                "error: [4] mood: unknown key",
            ],
        ),
        (
            json.dumps([answers(), "not an object"]),
            ["error: [1] input: must be a JSON object with every answer key"],
        ),
        (
            '{"fever": true, "fever": false}',
            ['error: input: not valid JSON (key "fever" appears more than once)'],
        ),
        ('{"age": NaN}', ["error: input: not valid JSON (NaN is not allowed)"]),
    ],
)
def test_bad_input_names_each_problem_and_prints_nothing(stdin, errors):
    done = run("-", stdin=stdin)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == errors


@pytest.mark.parametrize("stdin", ["{not json", "", '{"age": 34,}'])
def test_text_that_is_not_json_is_refused(stdin):
    done = run("-", stdin=stdin)
    assert done.returncode == 2
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith("error: input: not valid JSON (")


def test_unreadable_file_is_refused(tmp_path):
    done = run(str(tmp_path / "missing.json"))
    assert done.returncode == 2
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith("error: input: cannot read ")
