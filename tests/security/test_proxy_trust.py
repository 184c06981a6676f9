"""Finding 7: X-Forwarded-For counts only when the direct peer is a configured proxy.

A client that reaches the app directly (its address is not in DJANGO_TRUSTED_PROXIES) can put
anything in X-Forwarded-For: it still hits the per-address login limit and the audit trail
records its real address. Behind a configured proxy, the right-most address that is not a
trusted proxy is the client."""

import ipaddress

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from clinic.audit import client_ip
from clinic.models import AuditEvent
from tests.conftest import login


def networks(*cidrs: str) -> list:
    return [ipaddress.ip_network(c) for c in cidrs]


@pytest.mark.parametrize(
    ("trusted", "forwarded", "remote", "expected"),
    [
        ((), "6.6.6.6", "10.0.0.1", "10.0.0.1"),  # no proxy configured: the header is ignored
        (("10.0.0.0/8",), "6.6.6.6", "192.0.2.7", "192.0.2.7"),  # direct client: ignored
        (("10.0.0.1/32",), "6.6.6.6, 203.0.113.9", "10.0.0.1", "203.0.113.9"),  # spoofed left
        (("10.0.0.0/8",), "203.0.113.9, 10.0.0.2", "10.0.0.1", "203.0.113.9"),  # two proxies
        (("10.0.0.0/8",), "10.0.0.3, 10.0.0.2", "10.0.0.1", "10.0.0.3"),  # all are proxies
        (("10.0.0.0/8",), "", "10.0.0.1", "10.0.0.1"),
        (("10.0.0.0/8",), "not-an-address, 203.0.113.9", "10.0.0.1", "203.0.113.9"),
        (("10.0.0.0/8",), "203.0.113.9, junk", "10.0.0.1", "10.0.0.1"),  # proxy sent junk
        (("10.0.0.0/8",), "203.0.113.9:4711", "10.0.0.1", "203.0.113.9"),  # with a port
        (("10.0.0.0/8",), "[2001:db8::1]:443", "10.0.0.1", "2001:db8::1"),
        (("::1/128",), "2001:db8::5", "::1", "2001:db8::5"),
    ],
)
def test_client_address_is_the_right_most_untrusted_hop(
    settings, trusted, forwarded, remote, expected
):
    settings.TRUSTED_PROXIES = networks(*trusted)
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected


def limited(client: Client, n: int, forwarded: str) -> bool:
    """A failed login for a new address each time (so only the per-address limit, 10 a
    minute, can bite); True once the limit refuses it."""
    response = client.post(
        reverse("account_login"),
        {"login": f"nobody{n}@example.test", "password": "wrong-password-1"},
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return response.status_code == 429 or "Too many failed login attempts" in response.text


def test_a_direct_client_rotating_the_header_still_hits_the_per_address_login_limit(db, settings):
    settings.TRUSTED_PROXIES = networks("10.0.0.0/8")  # the proxy, which this client bypasses
    client = Client()  # REMOTE_ADDR 127.0.0.1
    assert any(limited(client, n, f"198.51.100.{n}") for n in range(12))


def test_behind_a_configured_proxy_each_client_has_its_own_limit(db, settings):
    settings.TRUSTED_PROXIES = networks("127.0.0.1/32")
    client = Client()
    assert not any(limited(client, n, f"198.51.100.{n}") for n in range(12))
    # One client behind the proxy, whatever it puts on the left, is limited.
    assert any(limited(client, n, f"6.6.6.{n}, 203.0.113.5") for n in range(12, 24))


def test_a_direct_client_cannot_forge_the_audit_address(settings, patient):
    settings.TRUSTED_PROXIES = networks("10.0.0.0/8")
    client = login(patient.user)
    client.get(reverse("clinic:my-access-log"), HTTP_X_FORWARDED_FOR="6.6.6.6")
    client.get(
        reverse("clinic:access-log", args=[patient.public_id]), HTTP_X_FORWARDED_FOR="6.6.6.6"
    )
    addresses = set(AuditEvent.objects.values_list("client_ip", flat=True))
    assert addresses == {"127.0.0.1"}


def test_behind_a_configured_proxy_the_audit_records_the_client(settings, patient):
    settings.TRUSTED_PROXIES = networks("127.0.0.0/8")
    client = login(patient.user)
    client.get(
        reverse("clinic:access-log", args=[patient.public_id]),
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
    )
    assert AuditEvent.objects.get().client_ip == "203.0.113.9"


def test_a_direct_client_cannot_claim_https(settings, db):
    from django.http import HttpResponse
    from django.test import override_settings

    seen = {}

    def view(request):
        seen["secure"] = request.is_secure()
        seen["forwarded"] = request.META.get("HTTP_X_FORWARDED_FOR")
        return HttpResponse("ok")

    from headache_clinic.middleware import proxy_headers

    header = ("HTTP_X_FORWARDED_PROTO", "https")  # set by settings.py when proxies are listed
    with override_settings(TRUSTED_PROXIES=networks("10.0.0.0/8"), SECURE_PROXY_SSL_HEADER=header):
        request = RequestFactory().get(
            "/", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="6.6.6.6"
        )
        proxy_headers(view)(request)
    assert seen == {"secure": False, "forwarded": None}
    with override_settings(
        TRUSTED_PROXIES=networks("127.0.0.1/32"), SECURE_PROXY_SSL_HEADER=header
    ):
        request = RequestFactory().get(
            "/", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="203.0.113.9"
        )
        proxy_headers(view)(request)
    assert seen == {"secure": True, "forwarded": "203.0.113.9"}
