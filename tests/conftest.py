"""Personas shared by every test: one clinic with a patient, another patient, an assigned and an
unassigned therapist, front-desk staff and a clinic admin; plus a user of another clinic."""

import threading

import pytest
from django.core.cache import cache
from django.test import Client

from clinic.models import User
from tests.factories import make_clinic, make_patient, make_user


@pytest.fixture(autouse=True)
def _fast_and_static(settings):
    # Tests render templates without collectstatic and need no slow password hashing.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False


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
        _wait_for_live_server_requests()
        with connection.cursor() as cursor:
            for sql in drop[connection.vendor]:
                cursor.execute(sql)


def _wait_for_live_server_requests(timeout: float = 15) -> None:
    """Let the live server finish any request a browser left running (a service worker's
    fetch, a beacon) before the flush: on in-memory SQLite the two share one database, and a
    flush that meets a table still being read fails and leaves the connection unusable."""
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout)


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
