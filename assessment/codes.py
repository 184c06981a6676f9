"""The clinic's code lists: US examples seeded once per clinic (CLINICAL.md section 5), then the
clinic's own data to edit or switch off. A clinic that bills differently switches them off."""

from clinic.models import Clinic

from .models import DiagnosisCode, ServiceCode

US_DIAGNOSES: tuple[tuple[str, str], ...] = (
    ("G44.209", "Tension-type headache, unspecified, not intractable"),
    ("G44.219", "Episodic tension-type headache, not intractable"),
    ("G44.229", "Chronic tension-type headache, not intractable"),
    ("G43.909", "Migraine, unspecified, not intractable"),
    ("G44.86", "Cervicogenic headache"),
    ("M54.2", "Cervicalgia"),
    ("M79.11", "Myalgia of mastication muscle"),
    ("M79.12", "Myalgia of auxiliary muscles, head and neck"),
    ("M62.838", "Other muscle spasm"),
    ("R51.9", "Headache, unspecified"),
)
# (code, label, timed)
US_SERVICES: tuple[tuple[str, str, bool], ...] = (
    ("97161", "PT evaluation, low complexity", False),
    ("97162", "PT evaluation, moderate complexity", False),
    ("97163", "PT evaluation, high complexity", False),
    ("97164", "PT re-evaluation", False),
    ("97140", "Manual therapy", True),
    ("97110", "Therapeutic exercise", True),
    ("97112", "Neuromuscular re-education", True),
    ("97530", "Therapeutic activities", True),
    ("97535", "Self-care/home management training", True),
)


def seed_codes(clinic: Clinic) -> None:
    """Give a clinic the example lists the first time; never again, so switched-off or deleted
    codes stay that way."""
    if (
        DiagnosisCode.objects.filter(clinic=clinic).exists()
        or ServiceCode.objects.filter(clinic=clinic).exists()
    ):
        return
    DiagnosisCode.objects.bulk_create(
        [DiagnosisCode(clinic=clinic, code=c, label=label) for c, label in US_DIAGNOSES],
        ignore_conflicts=True,
    )
    ServiceCode.objects.bulk_create(
        [ServiceCode(clinic=clinic, code=c, label=label, timed=t) for c, label, t in US_SERVICES],
        ignore_conflicts=True,
    )


def diagnoses_for(clinic: Clinic):
    seed_codes(clinic)
    return DiagnosisCode.objects.filter(clinic=clinic, active=True)


def services_for(clinic: Clinic):
    seed_codes(clinic)
    return ServiceCode.objects.filter(clinic=clinic, active=True)
