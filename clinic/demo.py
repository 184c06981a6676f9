"""Demo clinic and people. `seed_demo` runs this first, then each app's own `demo.seed()`.

The demo clinic admin works through the clinic pages like any clinic admin: no one here may
use the Django admin. A platform operator for the demo is made with
`manage.py create_operator operator@demo.test` (see the README)."""

from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings

from .models import Clinic, Patient, User

PASSWORD = "demo-pass-2026"
TOTP_SECRET = "JBSWY3DPEHPK3PXP"
JOIN_CODE = "DEMO2026"

PEOPLE = [
    # email, name, role
    ("admin@demo.test", "Morgan Lee", User.Role.CLINIC_ADMIN),
    ("therapist@demo.test", "Sam Rivera", User.Role.THERAPIST),
    ("staff@demo.test", "Jo Bennett", User.Role.STAFF),
    ("patient@demo.test", "Alex Morgan", User.Role.PATIENT),
    ("patient2@demo.test", "Priya Shah", User.Role.PATIENT),
]
BIRTH_DATES = {"patient@demo.test": date(1988, 4, 12), "patient2@demo.test": date(1979, 9, 30)}


@dataclass
class DemoPeople:
    clinic: Clinic
    admin: User
    therapist: User
    staff: User
    patient: Patient
    patient2: Patient


def seed(stdout=None) -> DemoPeople:
    clinic, _ = Clinic.objects.get_or_create(
        join_code=JOIN_CODE,
        defaults={
            "name": "Demo Headache Clinic",
            "address": "12 Harbour Street\nBristol BS1 4AA",
            "phone": "0117 496 0000",
            "emergency_number": settings.CLINIC_EMERGENCY_NUMBER,
            "closed_weekdays": [5, 6],
        },
    )
    users = {email: _user(clinic, email, name, role) for email, name, role in PEOPLE}
    therapist = users["therapist@demo.test"]
    patients = []
    for email in ("patient@demo.test", "patient2@demo.test"):
        patient, created = Patient.objects.get_or_create(
            user=users[email], defaults={"clinic": clinic, "date_of_birth": BIRTH_DATES[email]}
        )
        if created:
            patient.therapists.add(therapist)
        patients.append(patient)
    return DemoPeople(
        clinic=clinic,
        admin=users["admin@demo.test"],
        therapist=therapist,
        staff=users["staff@demo.test"],
        patient=patients[0],
        patient2=patients[1],
    )


def _user(clinic: Clinic, email: str, name: str, role: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email,
            PASSWORD,
            full_name=name,
            role=role,
            clinic=clinic,
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if (
        role != User.Role.PATIENT
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(user, TOTP_SECRET)
    return user
