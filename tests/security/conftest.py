import pytest

from bench.server import manage, production_env, with_fresh_database


@pytest.fixture
def demo_server_env(tmp_path):
    """Production settings for a gunicorn on loopback, with a fresh database holding the demo
    data (SQLite in tmp_path, or a new database on the test run's PostgreSQL server)."""
    env = production_env(
        tmp_path / "db.sqlite3",
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
    )
    manage(env, "collectstatic", "--noinput", "-v0")
    env = with_fresh_database(env, "served")
    manage(env, "migrate", "-v0")
    manage(env, "seed_demo", "--force")
    return env
