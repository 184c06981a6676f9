"""`seed_demo --scale large`: a synthetic group of clinics for benchmarks. 20 therapists, 2,000
patients with 90 days of diary each (about 180,000 entries), care plans with visits, home plans
with practice logs, and screenings, written with bulk inserts. The demo clinic and its therapist
get a realistic share, so the demo accounts' pages are measured at scale."""

import random
import sys
import uuid
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from plans.models import CarePlan, DiaryEntry, Visit
from selfcare.models import HomePlan, PlanItem, PracticeEntry, Routine
from triage.questions import ALL_CLEAR
from triage.rules import assess

from .demo import PASSWORD, TOTP_SECRET
from .models import Clinic, Patient, User

PATIENTS = 2000
THERAPISTS = 20
DIARY_DAYS = 90
GROUP = ("North", "South", "East")
BATCH = 5000


class Progress:
    """A one-line progress bar on standard error."""

    def __init__(self, total: int, out=sys.stderr):
        self.total, self.done, self.out = total, 0, out

    def step(self, amount: int, label: str) -> None:
        self.done += amount
        filled = int(30 * self.done / self.total)
        percent = 100 * self.done // self.total
        self.out.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {percent:3d}% {label:<24}")
        self.out.flush()
        if self.done >= self.total:
            self.out.write("\n")


def seed_large(people, *, seed: int = 2026) -> bool:
    """Add the synthetic clinics once; return False when they are already there."""
    if Clinic.objects.filter(name=f"{GROUP[0]} Headache Clinic").exists():
        return False
    rng = random.Random(seed)
    today = timezone.localdate()
    progress = Progress(PATIENTS * (DIARY_DAYS + 12))
    clinics = [people.clinic] + [
        Clinic.objects.create(
            name=f"{name} Headache Clinic", emergency_number="112", closed_weekdays=[5, 6]
        )  # fmt: skip
        for name in GROUP
    ]
    password = make_password(PASSWORD)
    therapists = _users(
        [(f"therapist{n}@group.test", f"Therapist {n}", User.Role.THERAPIST,
          clinics[n % len(clinics)]) for n in range(1, THERAPISTS)], password,
    ) + [people.therapist]  # fmt: skip
    by_clinic = {c.pk: [t for t in therapists if t.clinic_id == c.pk] for c in clinics}
    users = _users(
        [(f"patient{n}@group.test", f"Patient {n:04d}", User.Role.PATIENT, clinics[n % 4])
         for n in range(1, PATIENTS + 1)], password,
    )  # fmt: skip
    patients = Patient.objects.bulk_create(
        Patient(user=u, clinic_id=u.clinic_id,
                date_of_birth=date(1950 + n % 50, 1 + n % 12, 1 + n % 28))
        for n, u in enumerate(users)
    )  # fmt: skip
    links, assigned = [], {}
    for n, patient in enumerate(patients):
        therapist = by_clinic[patient.clinic_id][n % len(by_clinic[patient.clinic_id])]
        assigned[patient.pk] = therapist
        links.append(Patient.therapists.through(patient_id=patient.pk, user_id=therapist.pk))
    Patient.therapists.through.objects.bulk_create(links)
    progress.step(PATIENTS * 2, "people")

    _screenings(patients, rng)
    progress.step(PATIENTS, "screenings")
    _care_plans(patients, assigned, today, rng)
    progress.step(PATIENTS * 4, "care plans and visits")
    _home_plans(patients, assigned, today, rng)
    progress.step(PATIENTS * 5, "home plans and practice")
    _diaries(patients, today, rng, progress)
    return True


FULL_PAGE_THERAPIST = "full-page-therapist@demo.test"
FULL_PAGE_DESK = "full-page-desk@demo.test"
FULL_PAGE_PATIENTS = 40  # half with a visit today, half tomorrow: a full desk page each day


def seed_full_page(*, seed: int = 2027) -> bool:
    """`seed_demo --full-page`: a clinic of its own whose one therapist has 40 patients with the
    large scale's histories, 20 of them with a visit today and 20 tomorrow, so the benchmark can
    show the dashboard with a full first page (25 rows) and the desk with full days (20 visits
    each) at both scales: small against large then compares the size of everything around them,
    not how full the page is. Returns False when it is already there."""
    if User.objects.filter(email=FULL_PAGE_THERAPIST).exists():
        return False
    rng = random.Random(seed)
    today = timezone.localdate()
    clinic = Clinic.objects.create(
        name="Harbourside Headache Clinic", emergency_number="112", closed_weekdays=[5, 6]
    )
    password = make_password(PASSWORD)
    therapist, desk = _users(
        [(FULL_PAGE_THERAPIST, "Kim Ellis", User.Role.THERAPIST, clinic),
         (FULL_PAGE_DESK, "Jo Marsh", User.Role.STAFF, clinic)], password,
    )  # fmt: skip
    TOTP.activate(therapist, TOTP_SECRET)
    TOTP.activate(desk, TOTP_SECRET)
    users = _users(
        [(f"full-page-patient{n}@demo.test", f"Full Page {n:02d}", User.Role.PATIENT, clinic)
         for n in range(1, FULL_PAGE_PATIENTS + 1)], password,
    )  # fmt: skip
    patients = Patient.objects.bulk_create(
        Patient(user=u, clinic=clinic, date_of_birth=date(1960 + n, 1 + n % 12, 1 + n % 28))
        for n, u in enumerate(users)
    )
    therapist.assigned_patients.add(*patients)
    assigned = {p.pk: therapist for p in patients}
    _screenings(patients, rng)
    half = len(patients) // 2
    _courses_through(patients[:half], therapist, today)
    _courses_through(patients[half:], therapist, today + timedelta(days=1))
    _home_plans(patients, assigned, today, rng)
    _diaries(patients, today, rng, Progress(len(patients) * DIARY_DAYS))
    return True


def _courses_through(patients, therapist, day: date) -> None:
    """Eight-session courses whose fifth session is on `day` (kept on that day even when it
    falls on a weekend, so the desk's page is full whatever day the benchmark runs)."""
    offsets = [(number - 5) * 7 // 2 for number in range(1, 9)]  # -14 … 0 … +10 days
    plans = CarePlan.objects.bulk_create(
        CarePlan(patient=p, therapist=therapist, idempotency_key=uuid.uuid4(),
                 start_date=day + timedelta(days=offsets[0]))
        for p in patients
    )  # fmt: skip
    Visit.objects.bulk_create(
        Visit(plan=plan, number=number, date=day + timedelta(days=offset),
              status=Visit.Status.ATTENDED if offset < 0 else Visit.Status.SCHEDULED,
              minutes=45 if offset < 0 else None)
        for plan in plans for number, offset in enumerate(offsets, start=1)
    )  # fmt: skip


def _users(rows, password: str) -> list[User]:
    users = User.objects.bulk_create(
        User(email=e, full_name=name, role=role, clinic=c, password=password)
        for e, name, role, c in rows
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    return users


def _screenings(patients, rng: random.Random) -> None:
    from triage.models import Screening

    clear = assess(ALL_CLEAR)
    flagged_answers = {**ALL_CLEAR, "fever": True}
    flagged = assess(flagged_answers)
    rows = []
    for patient in patients:
        red_flag = rng.random() < 0.02
        result, answers = (flagged, flagged_answers) if red_flag else (clear, ALL_CLEAR)
        rows.append(Screening(
            patient=patient, answers=answers, disposition=result.disposition.value,
            reasons=[r.to_dict() for r in result.reasons], excluded_regions=[],
            ruleset_version=result.ruleset_version, self_care_allowed=not red_flag,
        ))  # fmt: skip
    Screening.objects.bulk_create(rows, batch_size=BATCH)


def _care_plans(patients, assigned, today: date, rng: random.Random) -> None:
    plans = CarePlan.objects.bulk_create(
        CarePlan(patient=p, therapist=assigned[p.pk], idempotency_key=uuid.uuid4(),
                 start_date=today - timedelta(days=rng.randrange(0, 60)))
        for p in patients
    )  # fmt: skip
    visits = []
    for plan in plans:
        for number in range(1, 9):
            day = plan.start_date + timedelta(days=(number - 1) * 7 // 2)
            while day.weekday() >= 5:
                day += timedelta(days=1)
            past = day < today
            status = (Visit.Status.MISSED if rng.random() < 0.05 else Visit.Status.ATTENDED) \
                if past else Visit.Status.SCHEDULED  # fmt: skip
            minutes = 45 if status == Visit.Status.ATTENDED else None
            visits.append(Visit(plan=plan, number=number, date=day, status=status, minutes=minutes))
    with transaction.atomic():
        Visit.objects.bulk_create(visits, batch_size=BATCH)


def _home_plans(patients, assigned, today: date, rng: random.Random) -> None:
    routines = list(Routine.objects.library().filter(published=True))
    plans = HomePlan.objects.bulk_create(
        HomePlan(patient=p, version=1, created_by=assigned[p.pk]) for p in patients
    )
    items, practice = [], []
    for plan in plans:
        for order, routine in enumerate(rng.sample(routines, 3)):
            items.append(PlanItem(
                plan=plan, routine=routine, order=order, hold_seconds=routine.hold_seconds_default,
                spots_per_side=routine.spots_per_side, sides=routine.sides,
                frequency=routine.frequency,
            ))  # fmt: skip
    PlanItem.objects.bulk_create(items, batch_size=BATCH)
    for item in items:
        for back in range(1, 21):
            if rng.random() < 0.6:
                practice.append(PracticeEntry(
                    patient_id=item.plan.patient_id, routine=item.routine, plan_item=item,
                    day=today - timedelta(days=back), token=uuid.uuid4(),
                ))  # fmt: skip
    with transaction.atomic():
        PracticeEntry.objects.bulk_create(practice, batch_size=BATCH)


def _diaries(patients, today: date, rng: random.Random, progress: Progress) -> None:
    rows = []
    for n, patient in enumerate(patients, start=1):
        base = rng.uniform(0.2, 0.55)
        for back in range(DIARY_DAYS, 0, -1):
            if rng.random() < 0.08:
                continue  # some days are simply not recorded
            headache = rng.random() < base * (0.6 if back < 45 else 1)
            rows.append(DiaryEntry(
                patient=patient, date=today - timedelta(days=back), headache=headache,
                peak=rng.randint(2, 8) if headache else None,
                hours=rng.choice((1, 2, 4, 6, 12)) if headache else None,
                locations=["both_sides"] if headache else [],
                character="pressing" if headache else "",
                simple_doses=rng.choice((0, 0, 1, 2)) if headache else 0,
            ))  # fmt: skip
        if len(rows) >= BATCH or n == len(patients):
            with transaction.atomic():
                DiaryEntry.objects.bulk_create(rows, batch_size=BATCH)
            rows.clear()
        if n % 100 == 0 or n == len(patients):
            progress.step(DIARY_DAYS * (100 if n % 100 == 0 else n % 100), "diary entries")
