"""Backup under concurrent writes, restore elsewhere, and refusal of a damaged backup.

Runs against real database files/servers through manage.py, on SQLite or on the PostgreSQL
server of the test run (DATABASE_URL)."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WRITER = """
import sys, time
from clinic.models import Clinic
deadline = time.time() + 30
while time.time() < deadline:
    clinic = Clinic.objects.create(name="writer", emergency_number="112")
    print(clinic.pk, flush=True)
    time.sleep(0.005)
"""


def database_env(tmp_path: Path, name: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_DEBUG="1", DJANGO_MEDIA_ROOT=str(tmp_path / f"media-{name}"))
    url = os.environ.get("DATABASE_URL")
    if url:
        import psycopg

        base, _, _ = url.rpartition("/")
        db = f"backup_{name}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{db}"')
        env["DATABASE_URL"] = f"{base}/{db}"
    else:
        env["DJANGO_SQLITE_PATH"] = str(tmp_path / f"{name}.sqlite3")
    return env


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=180, **kwargs
    )  # fmt: skip


def count_rows(env, ids: list[str]) -> int:
    script = f"from clinic.models import Clinic; print(Clinic.objects.filter(pk__in={ids}).count())"
    result = manage(env, "shell", "--no-imports", "-c", script)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip())


@pytest.mark.slow
def test_backup_during_writes_restores_every_row_committed_before_it(tmp_path):
    source, elsewhere = database_env(tmp_path, "source"), database_env(tmp_path, "restored")
    for env in (source, elsewhere):
        assert manage(env, "migrate", "-v0").returncode == 0
    media = Path(source["DJANGO_MEDIA_ROOT"]) / "clinic-logos"
    media.mkdir(parents=True)
    (media / "logo.png").write_bytes(b"\x89PNG fake logo bytes")

    writer = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", WRITER],
        cwd=ROOT, env=source, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        committed = [writer.stdout.readline().strip() for _ in range(40)]
        result = manage(source, "backup", str(tmp_path / "backup"))
        assert result.returncode == 0, result.stderr
    finally:
        writer.terminate()
        writer.wait(timeout=30)

    assert manage(elsewhere, "restore", str(tmp_path / "backup")).returncode == 0
    assert count_rows(elsewhere, committed) == len(committed)
    restored_logo = Path(elsewhere["DJANGO_MEDIA_ROOT"]) / "clinic-logos" / "logo.png"
    assert restored_logo.read_bytes() == b"\x89PNG fake logo bytes"


def test_a_damaged_backup_is_refused_and_changes_nothing(tmp_path):
    env = database_env(tmp_path, "damaged")
    assert manage(env, "migrate", "-v0").returncode == 0
    assert manage(env, "backup", str(tmp_path / "b")).returncode == 0
    assert manage(env, "restore", "--verify-only", str(tmp_path / "b")).returncode == 0
    dump = next(p for p in (tmp_path / "b").iterdir() if p.name.startswith("db."))
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    started = time.time()
    result = manage(env, "restore", str(tmp_path / "b"))
    assert result.returncode == 1
    assert "damaged" in result.stderr and "checksum" in result.stderr
    assert time.time() - started < 60
    # A second backup into an existing folder is refused too.
    assert manage(env, "backup", str(tmp_path / "b")).returncode == 1
