"""allauth's login limit holds across worker processes, because its counters live in the shared
cache (the database cache by default): five failed logins for one account, answered by two
gunicorn workers, lock the account even against the right password."""

import pytest

from bench.server import PASSWORD, Browser, gunicorn

pytestmark = pytest.mark.slow


def test_five_failed_logins_across_two_workers_lock_the_account(demo_server_env):
    with gunicorn(demo_server_env, workers=2) as base:
        for _ in range(5):
            # A new client (and connection) each time, so the workers share the attempts.
            attempt = Browser(base)
            attempt.post("/accounts/login/", {"login": "patient@demo.test", "password": "nope"})
            assert "sessionid" not in attempt.cookies
        right = Browser(base)
        status, landed = right.post(
            "/accounts/login/", {"login": "patient@demo.test", "password": PASSWORD}
        )
    assert "sessionid" not in right.cookies
    assert status in (200, 429) and "/accounts/login/" in landed
