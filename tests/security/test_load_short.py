"""The short version of the load and fault run (bench/load.py): real gunicorn workers, one of
them killed every 5 seconds, and no server error or lost or doubled diary entry."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_short_load_run_with_worker_kills_loses_nothing():
    result = subprocess.run(
        [sys.executable, "bench/load.py", "--users", "10", "--seconds", "25", "--fault"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Server errors (5xx): 0." in result.stdout
    assert "reconciliation problems: 0." in result.stdout
    acknowledged = int(result.stdout.split("Diary writes acknowledged: ")[1].split(";")[0])
    assert acknowledged > 0
