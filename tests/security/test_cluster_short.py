"""The short version of the multi-server run (bench/cluster): PostgreSQL, Redis, two app
servers behind haproxy and two task workers; one app server and one worker are killed in the
middle, and nothing acknowledged is lost or doubled, the login limit holds across both servers,
each due reminder goes once, and the print batch finishes: the plan the killed worker had
claimed is queued again by the once-a-minute reminder run. Up to about 3 minutes, most of it
waiting for that run; the timeout leaves room for a busier machine."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_short_cluster_run_with_a_server_and_a_worker_killed_loses_nothing():
    result = subprocess.run(
        ["bench/cluster", "--users", "6", "--seconds", "16", "--batch", "4", "--patients", "8"],
        cwd=ROOT, capture_output=True, text=True, timeout=480,
    )  # fmt: skip
    out = result.stdout
    assert result.returncode == 0, out[-3000:] + result.stderr[-3000:]
    assert "Killed at 8 s: app server 1 (gunicorn master and workers), task worker 1." in out
    assert "Reconciliation problems: 0." in out
    assert "login rate limit: refused at wrong attempt 6 across both servers" in out
    assert int(out.split("Diary writes acknowledged: ")[1].split(";")[0]) > 0
    assert "status finished" in out and "joined PDF" in out
    reminders = out.split("reminders due at ")[1].split("\n")[0]
    assert "sent more than once: 0; claimed but unfinished: 0" in reminders
    assert int(reminders.split("handled once: ")[1].split(" ")[0]) == 8  # one per patient
