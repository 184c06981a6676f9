"""Web Push with VAPID (RFC 8292) and the payload encrypted per RFC 8291 (aes128gcm), through
pywebpush. The VAPID key comes from WEBPUSH_VAPID_PRIVATE_KEY; with DEBUG and no key, one is made
once and kept under var/ so a demo works out of the box."""

from __future__ import annotations

import base64
import json
import logging
from functools import cache

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

logger = logging.getLogger(__name__)

SENT, GONE, FAILED = "sent", "gone", "failed"
TTL_SECONDS = 2 * 60 * 60


@cache
def vapid() -> Vapid | None:
    raw = settings.WEBPUSH_VAPID_PRIVATE_KEY.strip()
    if raw:
        return Vapid.from_string(raw) if "BEGIN" not in raw else Vapid.from_pem(raw.encode())
    if not settings.DEBUG:
        return None
    path = settings.VAR_DIR / "vapid-private.pem"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Vapid()
        key.generate_keys()
        key.save_key(str(path))
    return Vapid.from_file(str(path))


def public_key() -> str:
    """The application server key a browser subscribes with (base64url, uncompressed point)."""
    key = vapid()
    if key is None:
        return ""
    point = key.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(point).rstrip(b"=").decode()


def send(*, endpoint: str, p256dh: str, auth: str, payload: dict) -> tuple[str, str]:
    """(outcome, plain detail). A 404 or 410 from the push service means the browser dropped
    the subscription for good."""
    key = vapid()
    if key is None:
        return FAILED, "Notifications are not set up on this server."
    try:
        webpush(
            subscription_info={"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}},
            data=json.dumps(payload),
            vapid_private_key=key,
            vapid_claims={"sub": settings.WEBPUSH_VAPID_SUBJECT},
            ttl=TTL_SECONDS,
            timeout=10,
        )
    except WebPushException as exc:
        status = getattr(exc.response, "status_code", None)
        if status in (404, 410):
            return GONE, "This device no longer accepts notifications."
        logger.warning("push delivery failed with status %s", status)
        return FAILED, "The notification service did not accept the reminder."
    except (OSError, ValueError) as exc:
        logger.warning("push delivery failed: %s", type(exc).__name__)
        return FAILED, "The notification service could not be reached."
    return SENT, ""
