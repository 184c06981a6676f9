"""Read-then-write transactions from several threads on the production SQLite settings (a real
file in WAL mode, IMMEDIATE transactions) finish without "database is locked" and lose nothing."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import threading
from django.db import connection, transaction
from clinic.models import Clinic

clinic = Clinic.objects.create(name="counter", emergency_number="112", phone="0")
errors = []

def work():
    try:
        for _ in range(25):
            with transaction.atomic():
                value = int(Clinic.objects.get(pk=clinic.pk).phone)
                Clinic.objects.filter(pk=clinic.pk).update(phone=str(value + 1))
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()

threads = [threading.Thread(target=work) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(Clinic.objects.get(pk=clinic.pk).phone, len(errors), errors[:1])
"""


def test_threads_doing_read_then_write_transactions_never_hit_database_is_locked(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_DEBUG="1", DJANGO_SQLITE_PATH=str(tmp_path / "db.sqlite3"))
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "manage.py", *a], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert run("migrate", "-v0").returncode == 0
    result = run("shell", "--no-imports", "-c", SCRIPT)
    assert result.returncode == 0, result.stderr
    total, error_count, first_error = result.stdout.split(maxsplit=2)
    assert error_count == "0", first_error
    assert total == str(8 * 25)  # no lost update
