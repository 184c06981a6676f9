"""Plain factory functions for tests: every argument has a sensible default."""

import itertools

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP

from clinic.models import Clinic, Patient, User

PASSWORD = "correct horse battery staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXP"
_seq = itertools.count(1)


def make_clinic(**overrides) -> Clinic:
    n = next(_seq)
    fields = {"name": f"Clinic {n}", "emergency_number": "112", "phone": "0117 496 0000"}
    fields.update(overrides)
    return Clinic.objects.create(**fields)


def make_user(
    role: str = User.Role.PATIENT, clinic: Clinic | None = None, *, totp: bool = True, **overrides
) -> User:
    n = next(_seq)
    email = overrides.pop("email", f"{role}{n}@example.test")
    overrides.setdefault("full_name", f"{role.replace('_', ' ').title()} Person {n}")
    user = User.objects.create_user(email, PASSWORD, role=role, clinic=clinic, **overrides)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if totp and user.is_workforce:
        TOTP.activate(user, TOTP_SECRET)
    return user


def make_patient(clinic: Clinic | None = None, *, therapists=(), **user_overrides) -> Patient:
    clinic = clinic or make_clinic()
    user = make_user(User.Role.PATIENT, clinic, **user_overrides)
    patient = Patient.objects.create(user=user, clinic=clinic)
    patient.therapists.add(*therapists)
    return patient


def totp_code(secret: str = TOTP_SECRET, offset: int = 0, *, valid_for: int = 8) -> str:
    """The authenticator's code, still good for `valid_for` seconds: the server accepts a code
    only in its own 30-second step, so near the end of one this waits for the next code, as a
    person would, rather than let a slow test submit a code that has just run out."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    left = 30 - time.time() % 30
    if left < valid_for:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))
