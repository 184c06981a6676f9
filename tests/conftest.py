"""Personas shared by every test: one clinic with a patient, another patient, an assigned and an
unassigned therapist, front-desk staff and a clinic admin; plus a user of another clinic."""

import threading

import pytest
from django.core.cache import cache
from django.core.servers.basehttp import WSGIServer
from django.test import Client
from django.test.testcases import LiveServerThread

from clinic.models import User
from tests.factories import make_clinic, make_patient, make_user


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Tests that start several processes (marked slow) share one worker when the suite runs
    on several (scripts/test), so two of them never compete for the same cores."""
    for item in items:
        if item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.xdist_group("processes"))


@pytest.fixture(autouse=True)
def _fast_and_static(settings):
    # Tests render templates without collectstatic and need no slow password hashing.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False


class SerialWSGIServer(WSGIServer):
    """The live server for in-memory SQLite: one request at a time. Django's threaded server
    would give every request a thread on the test's single connection, so two requests at
    once (a page and its service worker's sync) could commit while the other still reads.
    Each response closes its connection, so a browser's parallel requests simply queue."""

    busy = threading.Lock()

    def __init__(self, *args, connections_override=None, **kwargs):
        # Requests run on the server's own thread, which LiveServerThread.run has already
        # pointed at the test's connections: nothing to override per request.
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        with self.busy:
            super().process_request(request, client_address)


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server_on_sqlite():
    from django.db import connection

    if connection.vendor == "sqlite":
        LiveServerThread.server_class = SerialWSGIServer


@pytest.fixture(autouse=True)
def _audit_triggers(request):
    """The append-only audit triggers are in place for every database test. Transactional
    tests (live server, threads) end with a flush of every table, which the triggers would
    refuse, so they are lifted just for that flush and put back by the next test."""
    fixtures = set(request.fixturenames)
    transactional = bool({"transactional_db", "live_server"} & fixtures)
    if not transactional and "db" not in fixtures:
        yield
        return
    if transactional:
        quiet = request.getfixturevalue("_live_server_quiet")  # torn down after the flush
    request.getfixturevalue("transactional_db" if transactional else "db")
    from importlib import import_module

    from django.db import connection

    triggers = import_module("clinic.migrations.0002_audit_append_only")
    create = {"sqlite": triggers.SQLITE, "postgresql": triggers.POSTGRES}[connection.vendor]
    drop = {"sqlite": triggers.SQLITE_REVERSE, "postgresql": triggers.POSTGRES_REVERSE}
    with connection.cursor() as cursor:
        for sql in drop[connection.vendor] + create:
            cursor.execute(sql)
    cache.clear()  # rate-limit counters live in the cache table, which no flush empties
    yield
    if transactional:
        quiet["held"] = SerialWSGIServer.busy.acquire(timeout=15)
        _wait_for_live_server_requests()
        with connection.cursor() as cursor:
            for sql in drop[connection.vendor]:
                cursor.execute(sql)


def _wait_for_live_server_requests(timeout: float = 15) -> None:
    """On PostgreSQL the live server answers each request in its own thread and connection:
    let any request a browser left running finish before the flush."""
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout)


@pytest.fixture
def _live_server_quiet():
    """On SQLite the serial live server is held still from the end of a transactional test
    until its flush is over: a request the closing browser still sends (a beacon on leaving
    the page) waits instead of reading tables the flush is emptying."""
    state = {"held": False}
    yield state
    if state["held"]:
        SerialWSGIServer.busy.release()


@pytest.fixture
def clinic(db):
    return make_clinic(name="Harbour Headache Clinic")


@pytest.fixture
def therapist(clinic):
    return make_user(User.Role.THERAPIST, clinic, full_name="Sam Rivera")


@pytest.fixture
def other_therapist(clinic):
    return make_user(User.Role.THERAPIST, clinic, full_name="Kim Other")


@pytest.fixture
def staff(clinic):
    return make_user(User.Role.STAFF, clinic, full_name="Jo Desk")


@pytest.fixture
def clinic_admin(clinic):
    return make_user(User.Role.CLINIC_ADMIN, clinic, full_name="Morgan Admin")


@pytest.fixture
def patient(clinic, therapist):
    return make_patient(clinic, therapists=[therapist], full_name="Alex Morgan")


@pytest.fixture
def other_patient(clinic, other_therapist):
    return make_patient(clinic, therapists=[other_therapist], full_name="Priya Shah")


@pytest.fixture
def other_clinic_therapist(db):
    return make_user(User.Role.THERAPIST, make_clinic(name="Elsewhere Clinic"))


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def anon():
    return Client()


@pytest.fixture
def as_patient(patient):
    return login(patient.user)


@pytest.fixture
def as_other_patient(other_patient):
    return login(other_patient.user)


@pytest.fixture
def as_therapist(therapist):
    return login(therapist)


@pytest.fixture
def as_other_therapist(other_therapist):
    return login(other_therapist)


@pytest.fixture
def as_staff(staff):
    return login(staff)


@pytest.fixture
def as_clinic_admin(clinic_admin):
    return login(clinic_admin)
