import pytest
from py_vapid import Vapid

from reminders import push

from .pushserver import PushServer


@pytest.fixture
def vapid_key(settings):
    key = Vapid()
    key.generate_keys()
    raw = key.private_key.private_numbers().private_value.to_bytes(32, "big")
    from .pushserver import b64

    settings.WEBPUSH_VAPID_PRIVATE_KEY = b64(raw)
    settings.WEBPUSH_ENDPOINT_HOSTS = ["127.0.0.1"]
    push.vapid.cache_clear()
    yield
    push.vapid.cache_clear()


@pytest.fixture
def push_server(vapid_key):
    with PushServer() as server:
        yield server
