"""Twenty identical submissions at once, against real gunicorn workers, store exactly one row."""

import threading

import pytest

from bench.server import Browser, gunicorn, manage

pytestmark = pytest.mark.slow


def count(env, model: str, **filters) -> int:
    script = (
        f"from django.apps import apps; m = apps.get_model({model!r}); "
        f"print(m.objects.filter(**{filters!r}).count())"
    )
    return int(manage(env, "shell", "--no-imports", "-c", script).strip())


def fire(browser: Browser, path: str, data: dict, times: int = 20) -> list[int]:
    """The same form, posted `times` times at once with one CSRF token (a double tap)."""
    from urllib import error, parse, request

    token = browser.csrf_from(browser.get("/today/"))
    body = parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True).encode()
    statuses: list[int] = []
    start = threading.Barrier(times)

    def one():
        req = request.Request(browser.base + path, data=body, headers={"Referer": browser.base})
        start.wait()
        try:
            statuses.append(browser.opener.open(req, timeout=60).status)
        except error.HTTPError as exc:
            statuses.append(exc.code)

    threads = [threading.Thread(target=one) for _ in range(times)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def test_twenty_identical_diary_submissions_store_one_entry(demo_server_env):
    from datetime import date

    today = date.today().isoformat()
    with gunicorn(demo_server_env, workers=4) as base:
        patient = Browser(base).log_in("patient@demo.test")
        statuses = fire(patient, "/diary/no-headache/", {"day": today})
    assert len(statuses) == 20 and all(s < 500 for s in statuses), statuses
    assert count(demo_server_env, "plans.DiaryEntry", patient__user__email="patient@demo.test",
                 date=today) == 1  # fmt: skip


def test_twenty_identical_practice_logs_store_one_entry(demo_server_env):
    import re

    with gunicorn(demo_server_env, workers=4) as base:
        patient = Browser(base).log_in("patient@demo.test")
        page = patient.get("/today/")
        if "/screening/check/" in page or "Quick check" in page:
            answers = dict.fromkeys(
                ("new_headache", "new_symptoms", "injury", "pregnancy", "new_medicines"), "no"
            )
            patient.post("/screening/check/", answers)
            page = patient.get("/today/")
        slug, token = re.search(
            r'action="/today/practice/([^/]+)/log/".*?name="token" value="([^"]+)"', page, re.S
        ).groups()
        before = count(demo_server_env, "selfcare.PracticeEntry")
        statuses = fire(patient, f"/today/practice/{slug}/log/", {"token": token})
    assert all(s < 500 for s in statuses), statuses
    assert count(demo_server_env, "selfcare.PracticeEntry") == before + 1
