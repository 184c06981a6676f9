"""Start-up configuration: bad or missing environment variables stop with one clear line."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k7Qw9-strong-test-secret-key-" + "x" * 40
FERNET_KEY = "dGVzdC1vbmx5LWVuY3J5cHRpb24ta2V5LTAxMjM0NTY="
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": STRONG_KEY,
    "DJANGO_ALLOWED_HOSTS": "x.test",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "x.test"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": STRONG_KEY}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
        (PRODUCTION, "DJANGO_ENCRYPTION_KEYS"),
        ({**PRODUCTION, "DJANGO_ENCRYPTION_KEYS": "not-a-key"}, "DJANGO_ENCRYPTION_KEYS"),
        ({**PRODUCTION, "DJANGO_ENCRYPTION_KEYS": f"{FERNET_KEY},short"}, "DJANGO_ENCRYPTION_KEYS"),
        ({"DJANGO_DEBUG": "1", "DJANGO_TRUSTED_PROXIES": "10.0.0.0/33"}, "DJANGO_TRUSTED_PROXIES"),
        ({"DJANGO_DEBUG": "1", "DJANGO_TRUSTED_PROXIES": "proxy.lan"}, "DJANGO_TRUSTED_PROXIES"),
        ({"DJANGO_DEBUG": "1", "DJANGO_TRUSTED_PROXY_COUNT": "1"}, "DJANGO_TRUSTED_PROXIES"),
        ({"DJANGO_DEBUG": "1", "DATABASE_URL": "nonsense://"}, "DATABASE_URL"),
        ({"DJANGO_DEBUG": "1", "DJANGO_TASK_STALLED_SECONDS": "soon"}, "DJANGO_TASK_STALLED"),
        ({"DJANGO_DEBUG": "1", "DJANGO_TASK_STALLED_SECONDS": "5"}, "DJANGO_TASK_STALLED"),
    ],
)
def test_bad_environment_stops_with_one_line_naming_the_variable(env, variable):
    result = manage("check", **env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and variable in lines[0]


def test_deploy_check_is_clean_in_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ENCRYPTION_KEYS=FERNET_KEY,
        DJANGO_ALLOWED_HOSTS="clinic.example",
        DJANGO_SQLITE_PATH=":memory:",
    )
    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stderr
    assert "no issues" in result.stdout


def test_sqlite_runs_in_wal_mode_with_full_sync_and_immediate_transactions(tmp_path):
    db = tmp_path / "db.sqlite3"
    script = (
        "from django.db import connection, transaction\n"
        "with connection.cursor() as c:\n"
        "    print(c.execute('PRAGMA journal_mode').fetchone()[0])\n"
        "    print(c.execute('PRAGMA synchronous').fetchone()[0])\n"
        "    print(c.execute('PRAGMA busy_timeout').fetchone()[0])\n"
        "with transaction.atomic():\n"
        "    print(connection.in_atomic_block)\n"
    )
    result = manage(
        "shell", "--no-imports", "-c", script, DJANGO_DEBUG="1", DJANGO_SQLITE_PATH=str(db)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "2", "20000", "True"]
    # The write lock is taken at BEGIN: a second writer sees the database busy straight away.
    settings_text = (ROOT / "headache_clinic" / "settings.py").read_text()
    assert '"transaction_mode": "IMMEDIATE"' in settings_text
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_env_example_lists_every_variable_the_settings_read():
    import re

    settings_text = (ROOT / "headache_clinic" / "settings.py").read_text()
    read = set(re.findall(r'"((?:DJANGO|CLINIC|DATABASE)_[A-Z_]+)"', settings_text))
    read -= set(re.findall(r'_retired\(\s*"([A-Z_]+)"', settings_text))  # refused, not read
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.MULTILINE))
    assert read <= listed, f"missing from .env.example: {sorted(read - listed)}"


@pytest.mark.parametrize("database", ["default SQLite", "DATABASE_URL"])
def test_each_worker_keeps_its_database_connection_between_requests(database, tmp_path):
    # Opening a connection per request cost more than a simple page (docs/performance.md).
    env = {**PRODUCTION, "DJANGO_ENCRYPTION_KEYS": FERNET_KEY}
    if database == "DATABASE_URL":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    show = (
        "from django.db import connection as c; "
        "print(c.settings_dict['CONN_MAX_AGE'], c.settings_dict['CONN_HEALTH_CHECKS'])"
    )
    result = manage("shell", "--no-imports", "-c", show, **env)
    assert result.stdout.split() == ["60", "True"], result.stderr
    shorter = manage("shell", "--no-imports", "-c", show, DJANGO_CONN_MAX_AGE="5", **env)
    assert shorter.stdout.split() == ["5", "True"], shorter.stderr
    # The development server answers each request on a new thread: nothing to keep.
    development = manage("shell", "--no-imports", "-c", show, **{**env, "DJANGO_DEBUG": "1"})
    assert development.stdout.split() == ["0", "True"], development.stderr
