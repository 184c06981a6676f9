import json

from django.db import OperationalError


def test_health_check_reports_ok_after_a_database_round_trip(anon, db):
    response = anon.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}


def test_health_check_reports_503_when_the_database_is_unreachable(anon, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("clinic.views.connection", Unreachable())
    response = anon.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error"}
