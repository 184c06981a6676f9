"""Run the app under gunicorn on loopback with production settings, and log in over HTTP.
Shared by the benchmarks, the load test and the tests that need real worker processes."""

import base64
import hashlib
import hmac
import http.cookiejar
import os
import re
import secrets
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "demo-pass-2026"
TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def new_fernet_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def production_env(sqlite_path: Path | None = None, **extra: str) -> dict[str, str]:
    """Production settings for plain HTTP on loopback; SQLite at `sqlite_path` unless
    DATABASE_URL is set in the environment."""
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        DJANGO_ENCRYPTION_KEYS=env.get("DJANGO_ENCRYPTION_KEYS") or new_fernet_key(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",  # testserver: in-process counts
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="ERROR",
        **extra,
    )
    if "DATABASE_URL" not in env and sqlite_path is not None:
        env["DJANGO_SQLITE_PATH"] = str(sqlite_path)
    return env


def with_fresh_database(env: dict[str, str], label: str) -> dict[str, str]:
    """On PostgreSQL (DATABASE_URL set), point the environment at a new, empty database on the
    same server, so a run never touches anyone else's data. SQLite paths are already fresh."""
    if "DATABASE_URL" not in env:
        return env
    import uuid

    import psycopg

    base, _, _ = env["DATABASE_URL"].rpartition("/")
    name = f"{label}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return {**env, "DATABASE_URL": f"{base}/{name}"}


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 2):
    """Yield the base URL of a gunicorn serving the app; the Popen is on `.process`."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(Path(sys.executable).parent / "gunicorn"), "headache_clinic.wsgi",
               "-b", f"127.0.0.1:{port}", "-w", str(workers), "--log-level", "warning",
               "--graceful-timeout", "5"]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        gunicorn.process = server
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def totp_now(secret: str = TOTP_SECRET, *, valid_for: int = 5) -> str:
    """The current RFC 6238 code (30-second steps, six digits, SHA-1), as an authenticator
    app shows it, still good for `valid_for` seconds (near the end of a step this waits for the
    next code, as a person would). Needs nothing from Django."""
    left = 30 - time.time() % 30
    if left < valid_for:
        time.sleep(left + 0.05)
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class Browser:
    """A cookie-keeping HTTP client that logs in like a person would."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        return self.opener.open(self.base + path, timeout=30).read().decode()

    def csrf_from(self, page: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def post(self, path: str, data: dict, *, form_page: str | None = None) -> tuple[int, str]:
        """POST like the form on `form_page` (default: the page itself); (status, final URL)."""
        token = self.csrf_from(self.get(form_page or path))
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True)
        request = urllib.request.Request(
            self.base + path, data=body.encode(), headers={"Referer": self.base + path}
        )
        try:
            response = self.opener.open(request, timeout=60)
            return response.status, response.geturl()
        except urllib.error.HTTPError as error:
            return error.code, path

    def log_in(self, email: str) -> "Browser":
        _, landed = self.post("/accounts/login/", {"login": email, "password": PASSWORD})
        if "/2fa/authenticate/" in landed:
            self.post("/accounts/2fa/authenticate/", {"code": totp_now()})
        if "sessionid" not in self.cookies:
            raise RuntimeError(f"could not log in as {email}")
        return self

    @property
    def cookies(self) -> dict[str, str]:
        return {c.name: c.value for c in self.jar}

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())
