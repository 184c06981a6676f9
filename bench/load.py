"""Load and fault run: a realistic mix against gunicorn on loopback, then a reconciliation.

    .venv/bin/python bench/load.py --users 50 --seconds 300            # the recorded run
    .venv/bin/python bench/load.py --users 50 --seconds 300 --fault    # kill a worker every 5 s
    .venv/bin/python bench/load.py --users 10 --seconds 30 --fault     # the short CI version

Patients read today's plan and their diary and write diary entries; therapists open the
dashboard; the front desk opens the print desk and prints plans. Every diary write the server
acknowledged is checked afterwards: its day's entry exists exactly once and holds the last
acknowledged values, with one kept revision per acknowledged change. A request cut off by a
killed worker is retried with the same form token, as a browser would resubmit it.
Only 127.0.0.1 is contacted. Exit status 1 if any server error or reconciliation problem."""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.server import (  # noqa: E402
    PASSWORD,
    gunicorn,
    manage,
    production_env,
    totp_now,
    with_fresh_database,
)

PATIENTS = 60
ACKNOWLEDGED: list[dict] = []  # every diary write the server confirmed
NETWORK_RETRIES = {"count": 0}
STATUS = {"server_errors": 0, "login_failures": 0}
FAILED_LOGINS: list[str] = []


def count_statuses(response=None, **kwargs) -> None:
    if response is not None and getattr(response, "status_code", 0) >= 500:
        STATUS["server_errors"] += 1


SETUP = """
from clinic.models import Clinic, Patient, User
from clinic.demo import PASSWORD
from allauth.account.models import EmailAddress
from selfcare.models import HomePlan
from selfcare.services import plan_save, Dose
from triage.questions import ALL_CLEAR
from triage.services import screening_submit
clinic = Clinic.objects.get(join_code="DEMO2026")
therapist = User.objects.get(email="therapist@demo.test")
template = HomePlan.objects.current_for(Patient.objects.get(user__email="patient@demo.test"))
doses = [Dose(i.routine, i.hold_seconds, i.spots_per_side, i.sides, i.frequency)
         for i in template.items.all()]
for n in range(PATIENTS):
    email = f"load{n}@demo.test"
    if User.objects.filter(email=email).exists():
        continue
    user = User.objects.create_user(email, PASSWORD, full_name=f"Load {n}", clinic=clinic)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    patient = Patient.objects.create(user=user, clinic=clinic)
    patient.therapists.add(therapist)
    screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    plan_save(patient=patient, therapist=therapist, doses=doses)
# Workforce accounts of their own: a TOTP code can be used only once per account.
from allauth.mfa.totp.internal.auth import TOTP
for role, count in (("therapist", 20), ("staff", 10)):
    for n in range(count):
        email = f"load-{role}{n}@demo.test"
        if User.objects.filter(email=email).exists():
            continue
        user = User.objects.create_user(email, PASSWORD, role=role, clinic=clinic)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        TOTP.activate(user, "JBSWY3DPEHPK3PXP")
        if role == "therapist":
            for patient in Patient.objects.filter(user__email__startswith="load")[n::20]:
                patient.therapists.add(user)
""".replace("PATIENTS", str(PATIENTS))


def csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


DIARY_DEFAULTS = {
    "headache": "yes",
    "hours": "3",
    "locations": "both_sides",
    "character": "pressing",
    "simple_doses": "1",
    "triptan_ergot_doses": "0",
    "opioid_doses": "0",
    "combination_doses": "0",
}


class Person(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    email = ""
    addresses = itertools.count(2)

    def on_start(self):
        # Each simulated person comes from their own address, as behind the clinic's proxy:
        # loopback is the trusted proxy (DJANGO_TRUSTED_PROXIES), so per-address login limits
        # apply per person.
        self.client.headers["X-Forwarded-For"] = f"127.0.1.{next(Person.addresses) % 250}"
        for attempt in range(3):
            if attempt:
                # A TOTP code is accepted once and only in its 30-second step: a resubmission
                # after a killed worker, or a step that turned in flight, needs the next code,
                # as a person would read it off their authenticator.
                gevent.sleep(30.5 - time.time() % 30)
            self.log_in()
            if "/accounts/" not in self.last_url:
                return
        STATUS["login_failures"] += 1
        FAILED_LOGINS.append(f"{self.email} at {self.last_url}")

    def log_in(self) -> None:
        response = self.client.get("/accounts/login/", name="login")
        self.last_url = response.url or ""
        if "/accounts/login/" in self.last_url:
            credentials = {"login": self.email, "password": PASSWORD}
            self.post("/accounts/login/", credentials, response.text, "login")
        if "2fa/authenticate" in self.last_url:
            page = self.client.get("/accounts/2fa/authenticate/", name="login").text
            self.post("/accounts/2fa/authenticate/", {"code": totp_now()}, page, "login")

    def post(self, path: str, data: dict, page: str, name: str):
        """POST the form; retry with the same values if the connection was cut (a killed
        worker), as a browser resubmits. Returns the final response."""
        for attempt in range(4):
            with self.client.post(
                path, data={**data, "csrfmiddlewaretoken": csrf(page)},
                headers={"Referer": self.host + path}, name=name, catch_response=True,
            ) as response:  # fmt: skip
                self.last_url = response.url or ""
                if response.status_code == 0 and attempt < 3:
                    NETWORK_RETRIES["count"] += 1
                    response.success()  # counted as a retry, not a failure
                    gevent.sleep(0.5)
                    continue
                return response
        return response


class Patient(Person):
    weight = 6
    numbers = itertools.count()

    def on_start(self):
        self.email = f"load{next(Patient.numbers) % PATIENTS}@demo.test"
        self.days = itertools.cycle(range(7))
        super().on_start()

    @task(3)
    def today(self):
        self.client.get("/today/", name="patient: today")

    @task(2)
    def diary(self):
        self.client.get("/diary/", name="patient: diary")

    @task(2)
    def write_diary(self):
        day = (date.today() - timedelta(days=next(self.days))).isoformat()
        page = self.client.get(f"/diary/{day}/", name="patient: diary entry form").text
        match = re.search(r'name="token" value="([^"]+)"', page)
        if match is None:
            return
        peak = random.randint(1, 9)
        data = {
            **DIARY_DEFAULTS,
            "token": match.group(1),
            "peak": str(peak),
        }
        response = self.post(f"/diary/{day}/", data, page, "patient: save diary")
        if response.status_code == 200 and response.url.endswith("/diary/"):
            ACKNOWLEDGED.append({"email": self.email, "day": day, "peak": peak})


class Therapist(Person):
    weight = 2
    numbers = itertools.count()

    def on_start(self):
        self.email = f"load-therapist{next(Therapist.numbers) % 20}@demo.test"
        super().on_start()

    @task
    def dashboard(self):
        self.client.get("/therapist/", name="therapist: dashboard")


class FrontDesk(Person):
    weight = 1
    numbers = itertools.count()

    def on_start(self):
        self.email = f"load-staff{next(FrontDesk.numbers) % 10}@demo.test"
        super().on_start()

    @task(3)
    def desk(self):
        self.client.get("/desk/", name="staff: print desk")

    @task(1)
    def print_plan(self):
        page = self.client.get("/desk/?q=load", name="staff: find patient").text
        links = re.findall(r'href="(/print/plan/[0-9a-f-]+\.pdf)"', page)
        if links:
            self.client.get(random.choice(links), name="staff: print plan")


def kill_workers(master_pid: int, every: float, log: list) -> None:
    while True:
        gevent.sleep(every)
        children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True,
                                  text=True).stdout.split()  # fmt: skip
        if children:
            victim = int(random.choice(children))
            os.kill(victim, signal.SIGKILL)
            log.append(victim)


def reconcile(env) -> list[str]:
    expected: dict[tuple[str, str], list[int]] = {}
    for write in ACKNOWLEDGED:
        expected.setdefault((write["email"], write["day"]), []).append(write["peak"])
    script = (
        "import json\nfrom plans.models import DiaryEntry\n"
        "rows = DiaryEntry.objects.filter(patient__user__email__startswith='load')"
        ".values_list('patient__user__email', 'date', 'peak')\n"
        "from django.db.models import Count\n"
        "revs = dict(DiaryEntry.objects.filter(patient__user__email__startswith='load')"
        ".annotate(n=Count('revisions')).values_list('id', 'n'))\n"
        "ids = DiaryEntry.objects.filter(patient__user__email__startswith='load')"
        ".values_list('patient__user__email', 'date', 'id')\n"
        "print(json.dumps({'rows': [(e, d.isoformat(), p) for e, d, p in rows],"
        " 'revisions': {f'{e}|{d.isoformat()}': revs[i] for e, d, i in ids}}))"
    )
    found = json.loads(manage(env, "shell", "--no-imports", "-c", script))
    stored: dict[tuple[str, str], list[int]] = {}
    for email, day, peak in found["rows"]:
        stored.setdefault((email, day), []).append(peak)
    problems = []
    for key, peaks in expected.items():
        rows = stored.get(key, [])
        if len(rows) != 1:
            problems.append(f"{key}: {len(rows)} entries for acknowledged writes {peaks}")
        elif rows[0] != peaks[-1]:
            problems.append(f"{key}: holds peak {rows[0]}, last acknowledged {peaks[-1]}")
        changes = sum(1 for a, b in itertools.pairwise(peaks) if a != b)
        kept = found["revisions"].get("|".join(key), 0)
        if kept < changes:
            problems.append(f"{key}: {kept} revisions kept for {changes} acknowledged changes")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--fault", action="store_true", help="kill a random worker every 5 s")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="clinic-load-"))
    env = production_env(folder / "db.sqlite3", DJANGO_MEDIA_ROOT=str(folder / "media"),
                         DJANGO_STATIC_ROOT=str(folder / "static"),
                         DJANGO_TRUSTED_PROXIES="127.0.0.1/32")  # fmt: skip
    env = with_fresh_database(env, "load")
    print("Preparing the database…", file=sys.stderr)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--force")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "shell", "--no-imports", "-c", SETUP)

    kills: list[int] = []
    with gunicorn(env, workers=args.workers) as base:
        environment = Environment(user_classes=[Patient, Therapist, FrontDesk], host=base)
        environment.events.request.add_listener(count_statuses)
        runner = environment.create_local_runner()
        runner.start(args.users, spawn_rate=max(5, args.users // 5))
        killer = gevent.spawn(kill_workers, gunicorn.process.pid, 5, kills) if args.fault else None
        gevent.sleep(args.seconds)
        if killer:
            killer.kill()
        runner.quit()
        stats = environment.stats
    problems = reconcile(env)
    report(args, stats, kills, STATUS["server_errors"], problems)
    failed = STATUS["server_errors"] or STATUS["login_failures"] or problems
    return 1 if failed else 0


def report(args, stats, kills, server_errors, problems) -> None:
    total = stats.total
    mode = f", killing a worker every 5 s ({len(kills)} killed)" if args.fault else ""
    print(f"\n### {args.users} users for {args.seconds} s, {args.workers} workers{mode}\n")
    print("| request | count | failures | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        print(f"| {entry.method} {entry.name} | {entry.num_requests} | {entry.num_failures} | "
              f"{entry.get_response_time_percentile(0.5):.0f} | "
              f"{entry.get_response_time_percentile(0.95):.0f} | "
              f"{entry.get_response_time_percentile(0.99):.0f} |")  # fmt: skip
    print(f"| **all** | {total.num_requests} | {total.num_failures} | "
          f"{total.get_response_time_percentile(0.5):.0f} | "
          f"{total.get_response_time_percentile(0.95):.0f} | "
          f"{total.get_response_time_percentile(0.99):.0f} |")  # fmt: skip
    print(f"\nServer errors (5xx): {server_errors}. Requests cut off by a killed worker and "
          f"retried: {NETWORK_RETRIES['count']}. Diary writes acknowledged: {len(ACKNOWLEDGED)}; "
          f"reconciliation problems: {len(problems)}. Failed logins: "
          f"{STATUS['login_failures']}.")  # fmt: skip
    for problem in problems[:20]:
        print(f"- {problem}")
    for failure in FAILED_LOGINS[:10]:
        print(f"- login did not complete: {failure}")
    for error in list(stats.errors.values())[:10]:
        print(f"- error: {error.method} {error.name}: {error.error} ×{error.occurrences}")


if __name__ == "__main__":
    sys.exit(main())
