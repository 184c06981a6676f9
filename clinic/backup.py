"""Online backups with a checksum manifest, and verified restores.

SQLite is copied with its online backup API (consistent while writers continue); PostgreSQL with
pg_dump's custom format (one snapshot). Media files are copied beside the database."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
SQLITE_FILE = "db.sqlite3"
PG_FILE = "db.dump"


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def backup(target: Path) -> dict:
    target.mkdir(parents=True, exist_ok=False)
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target / SQLITE_FILE)
        with destination:
            connection.connection.backup(destination)
        destination.close()
        _sqlite_integrity(target / SQLITE_FILE)
    elif vendor == "postgresql":
        name = settings.DATABASES["default"]["NAME"]
        command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target / PG_FILE}", name]
        result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    else:
        raise BackupError(f"backups of {vendor} databases are not supported")
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, target / "media")
    files = {
        str(path.relative_to(target)): _sha256(path)
        for path in sorted(target.rglob("*"))
        if path.is_file()
    }
    manifest = {
        "created_at": datetime.now(UTC).isoformat(),
        "database": vendor,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def verify(source: Path) -> dict:
    """Refuse a backup whose files are missing, extra or changed."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
        expected = manifest["files"]
    except (OSError, ValueError, KeyError) as exc:
        raise BackupError(f"no readable {MANIFEST} in {source}") from exc
    present = {
        str(p.relative_to(source)) for p in source.rglob("*") if p.is_file() and p.name != MANIFEST
    }
    if missing := set(expected) - present:
        raise BackupError(f"backup is damaged: missing {sorted(missing)[0]}")
    if extra := present - set(expected):
        raise BackupError(f"backup is damaged: unexpected file {sorted(extra)[0]}")
    for name, digest in expected.items():
        if _sha256(source / name) != digest:
            raise BackupError(f"backup is damaged: {name} does not match its checksum")
    if manifest["database"] == "sqlite":
        _sqlite_integrity(source / SQLITE_FILE)
    return manifest


def restore(source: Path) -> dict:
    manifest = verify(source)
    vendor = connection.vendor
    if manifest["database"] != vendor:
        raise BackupError(f"this backup is of {manifest['database']}, not {vendor}")
    if vendor == "sqlite":
        connection.close()
        origin = sqlite3.connect(source / SQLITE_FILE)
        destination = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        with destination:
            origin.backup(destination)
        origin.close()
        destination.close()
    else:
        name = settings.DATABASES["default"]["NAME"]
        connection.close()
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "-d", name,
                   str(source / PG_FILE)]  # fmt: skip
        result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    if (source / "media").is_dir():
        shutil.copytree(source / "media", settings.MEDIA_ROOT, dirs_exist_ok=True)
    return manifest


def _sqlite_integrity(path: Path) -> None:
    try:
        check = sqlite3.connect(path)
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
        check.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"backup is damaged: {exc}") from exc
    if result != "ok":
        raise BackupError(f"backup is damaged: {result}")
