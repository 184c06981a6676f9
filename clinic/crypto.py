"""Secrets at rest: values that would let someone act as a user (TOTP secrets, recovery-code
seeds) are stored encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`).

The keys come from DJANGO_ENCRYPTION_KEYS (settings.ENCRYPTION_KEYS): the first key encrypts,
every key decrypts, so a new key can be put first while rows written with the old one are still
read. `manage.py rotate_encryption_keys` then re-encrypts every row with the first key, after
which the old key can be removed."""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class DecryptionFailed(Exception):
    """No configured key opens the value: the keys are wrong or the value was not encrypted
    here. Never answered with the stored value."""


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _keys() -> MultiFernet:
    return _fernet(tuple(settings.ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return _keys().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _keys().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError, TypeError, AttributeError) as exc:
        raise DecryptionFailed("No encryption key opens this value.") from exc


def rotate(token: str) -> str:
    """The same value encrypted with the first key."""
    try:
        return _keys().rotate(token.encode()).decode("ascii")
    except (InvalidToken, ValueError, TypeError, AttributeError) as exc:
        raise DecryptionFailed("No encryption key opens this value.") from exc


def is_encrypted(value: str) -> bool:
    """True if `value` is a Fernet token (whether or not a configured key opens it). Fernet
    tokens start with the version byte 0x80 and a timestamp, "gAAAAA" in base64; TOTP secrets
    are base32 (capitals and 2-7), recovery seeds and codes digits and a-f, so a value written
    in clear never looks like one."""
    return value.startswith("gAAAAA")


# Where allauth keeps secrets in an Authenticator's `data`: single values and lists of values.
MFA_SECRET_FIELDS = ("secret", "seed")
MFA_SECRET_LISTS = ("migrated_codes",)


def map_mfa_secrets(data: dict, change) -> dict:
    """A copy of an Authenticator's data with `change` applied to every secret in it."""
    data = dict(data)
    for field in MFA_SECRET_FIELDS:
        if isinstance(data.get(field), str):
            data[field] = change(data[field])
    for field in MFA_SECRET_LISTS:
        if isinstance(data.get(field), list):
            data[field] = [change(value) for value in data[field]]
    return data
