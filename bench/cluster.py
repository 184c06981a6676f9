"""The multi-server layout run for real on loopback: PostgreSQL, Redis as the shared cache,
two gunicorn app servers behind haproxy, and two task workers (db_worker). Runs the locust mix
of bench/load.py through the balancer, plus practice logs and a print batch for tomorrow;
kills one app server and one worker in the middle; then reconciles: every acknowledged diary
entry and practice log stored exactly once, the login rate limit held across both servers,
every due reminder sent exactly once, the batch complete (the killed worker's plan is put back
in the queue by the once-a-minute reminder run, see clinic/tasks.py).

    bench/cluster                           # PostgreSQL is started by scripts/with-postgres
    bench/cluster --users 30 --seconds 60   # the recorded run
    bench/cluster --users 8 --seconds 20    # the short run in the test suite

Needs DATABASE_URL (PostgreSQL), redis-server and haproxy (scripts/setup dev installs them).
Everything listens on 127.0.0.1 and is stopped at the end, whatever happens."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bench.load as load  # noqa: E402, I001  (gevent patches the standard library first)

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from contextlib import ExitStack  # noqa: E402
from datetime import UTC, date, datetime, timedelta  # noqa: E402

import gevent  # noqa: E402
from locust import task  # noqa: E402
from locust.env import Environment  # noqa: E402

from bench.server import (  # noqa: E402
    ROOT,
    Browser,
    free_port,
    manage,
    production_env,
    with_fresh_database,
)

# The desk gives up waiting when nothing moves for this long: longer than the wait for a killed
# worker's task to be queued again (TASK_STALLED seconds, checked once a minute).
STALL_SECONDS = 100
TASK_STALLED = "20"
PRACTICE: list[dict] = []  # every practice log the server confirmed
VENV_BIN = Path(sys.executable).parent

HAPROXY = """
global
    maxconn 512
defaults
    mode http
    timeout connect 5s
    timeout client 120s
    timeout server 120s
    timeout check 10s
    retries 2
    option redispatch
    retry-on conn-failure empty-response response-timeout
    option forwardfor
frontend web
    bind 127.0.0.1:{port}
    default_backend app
backend app
    balance roundrobin
    option httpchk GET /healthz
    default-server inter 1s fall 3 rise 2
{servers}
"""

BATCH_SETUP = """
import uuid
from datetime import timedelta
from django.utils import timezone
from clinic.models import Patient, User
from plans.models import CarePlan, Visit
therapist = User.objects.get(email="therapist@demo.test")
tomorrow = timezone.localdate() + timedelta(days=1)
for patient in Patient.objects.filter(user__email__startswith="load").order_by("pk")[:COUNT]:
    plan = CarePlan.objects.create(patient=patient, therapist=therapist, start_date=tomorrow,
                                   idempotency_key=uuid.uuid4())
    Visit.objects.create(plan=plan, number=1, date=tomorrow)
"""


# A diary reminder for each load patient at the first whole minute after the cluster starts
# (UTC, every weekday): the reminder chain on the task workers must send each exactly once.
REMINDER_SETUP = """
from datetime import datetime
from clinic.models import Patient
from reminders.models import ReminderSchedule
at = datetime.fromisoformat("SLOT").time()
for patient in Patient.objects.filter(user__email__startswith="load"):
    ReminderSchedule.objects.update_or_create(patient=patient, kind="diary", defaults=dict(
        weekdays=list(range(7)), at=at, time_zone="UTC", enabled=True, accepted=True))
"""


class Patient(load.Patient):
    """The load mix's patient, who also marks routines done on today's page."""

    abstract = False

    @task(2)
    def mark_done(self):
        page = self.client.get("/today/", name="patient: today").text
        forms = re.findall(
            r'action="/today/practice/([\w-]+)/log/".*?name="token" value="([^"]+)"', page, re.S
        )
        if not forms:
            return
        slug, token = forms[0]
        response = self.post(f"/today/practice/{slug}/log/", {"token": token}, page,
                             "patient: mark done")  # fmt: skip
        if response.status_code == 200 and ("Done:" in response.text or "already logged"
                                            in response.text):  # fmt: skip
            PRACTICE.append({"email": self.email, "slug": slug, "day": date.today().isoformat()})


class Processes:
    """Start processes in their own session; stop them all (and their children) at the end."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log,
                                   start_new_session=True)  # fmt: skip
        self.running[name] = process
        return process

    def kill(self, name: str) -> None:
        """A crash: SIGKILL to the process and everything it started."""
        process = self.running.pop(name)
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()

    def stop_all(self) -> None:
        for process in self.running.values():
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 10
        for process in self.running.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.running.clear()


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def start_cluster(procs: Processes, env: dict, workers: int) -> str:
    """Redis, two app servers, haproxy and `workers` task workers; returns the balancer URL."""
    redis_port, lb_port = free_port(), free_port()
    procs.start("redis", ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1",
                          "--save", "", "--appendonly", "no"], env)  # fmt: skip
    env["DJANGO_CACHE_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    servers = []
    for n in (1, 2):
        port = free_port()
        procs.start(f"app{n}", [str(VENV_BIN / "gunicorn"), "headache_clinic.wsgi", "-b",
                                f"127.0.0.1:{port}", "-w", "2", "--log-level", "warning"],
                    env)  # fmt: skip
        wait_for(f"http://127.0.0.1:{port}/healthz")
        servers.append(f"    server app{n} 127.0.0.1:{port} check")
    config = procs.folder / "haproxy.cfg"
    config.write_text(HAPROXY.format(port=lb_port, servers="\n".join(servers)))
    procs.start("haproxy", ["haproxy", "-f", str(config), "-db"], env)
    base = f"http://127.0.0.1:{lb_port}"
    wait_for(base + "/healthz")
    for n in range(1, workers + 1):
        procs.start(f"worker{n}", [sys.executable, "manage.py", "db_worker", "--interval", "0.2",
                                   "--no-startup-delay", "--worker-id", f"w{n}"], env)  # fmt: skip
    manage(env, "start_reminders")
    return base


def reconcile_practice(env) -> list[str]:
    script = (
        "import json\nfrom selfcare.models import PracticeEntry\n"
        "rows = PracticeEntry.objects.filter(patient__user__email__startswith='load')"
        ".values_list('patient__user__email', 'routine__slug', 'day')\n"
        "print(json.dumps([(e, s, d.isoformat()) for e, s, d in rows]))"
    )
    stored: dict[tuple, int] = {}
    for row in json.loads(manage(env, "shell", "--no-imports", "-c", script)):
        stored[tuple(row)] = stored.get(tuple(row), 0) + 1
    problems = []
    for key in {(p["email"], p["slug"], p["day"]) for p in PRACTICE}:
        if stored.get(key, 0) != 1:
            problems.append(f"practice {key}: {stored.get(key, 0)} entries for an acknowledged log")
    return problems


def reconcile_reminders(env, slot: datetime) -> tuple[str, list[str]]:
    """Every reminder due at `slot` handled exactly once (sent, or skipped because the diary was
    already filled in): one claimed send per patient, kind and slot, and none left unfinished.
    Waits for the reminder run of the minute after the slot, so the slot's run is over."""
    script = (
        "import json\nfrom datetime import datetime\nfrom django.db.models import Count\n"
        "from reminders.models import ReminderSchedule, ReminderSend, ReminderTick\n"
        "slot = datetime.fromisoformat('SLOT')\n"
        "sends = ReminderSend.objects.filter(slot=slot, kind='diary')\n"
        "print(json.dumps({'due': ReminderSchedule.objects.count(),"
        " 'after': ReminderTick.objects.filter(minute__gt=slot).exists(),"
        " 'patients': sends.values('patient').distinct().count(),"
        " 'sent': sends.filter(status='sent').count(),"
        " 'skipped': sends.filter(status='skipped').count(),"
        " 'unfinished': sends.filter(finished_at__isnull=True).count(),"
        " 'doubled': sends.values('patient').annotate(n=Count('pk')).filter(n__gt=1).count()}))"
    ).replace("SLOT", slot.isoformat())
    deadline = time.monotonic() + 150
    while not (found := json.loads(manage(env, "shell", "--no-imports", "-c", script)))["after"]:
        if time.monotonic() > deadline:
            break
        time.sleep(3)
    note = (
        f"reminders due at {slot:%H:%M} UTC: {found['due']}; handled once: {found['patients']} "
        f"({found['sent']} sent, {found['skipped']} skipped: diary already filled in); "
        f"sent more than once: {found['doubled']}; claimed but unfinished: {found['unfinished']}"
    )
    missing = found["due"] - found["patients"]
    problems = [note] if found["doubled"] or missing or not found["after"] else []
    return note, problems


def requeued_tasks(env) -> str:
    """Tasks that a second worker ran after the first was killed (claimed by two workers)."""
    script = (
        "from django_tasks_db.models import DBTaskResult\n"
        "rows = DBTaskResult.objects.only('task_path', 'worker_ids', 'status')\n"
        "again = [f\"{r.task_path.rsplit('.', 1)[1]} ({r.status.lower()})\" for r in rows"
        " if len(r.worker_ids) > 1]\n"
        "print(len(again), ', '.join(again) or 'none')"
    )
    count, names = manage(env, "shell", "--no-imports", "-c", script).strip().split(" ", 1)
    return f"tasks run again after their worker was killed: {count}: {names}"


def rate_limit_across_servers(base: str) -> tuple[str, list[str]]:
    """Wrong passwords for one account, alternating between the two servers (round robin):
    the shared limit (5 per 5 minutes per account) must stop the sixth, not the eleventh."""
    email = "patient@demo.test"
    refused_at = None
    for attempt in range(1, 12):
        client = browser(base, f"127.0.2.{attempt}")
        token = client.csrf_from(client.get("/accounts/login/"))
        body = f"login={email}&password=wrong-{attempt}&csrfmiddlewaretoken={token}".encode()
        request = urllib.request.Request(
            base + "/accounts/login/", data=body, headers={"Referer": base + "/accounts/login/"}
        )
        try:
            text = client.opener.open(request, timeout=30).read().decode()
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            if error.code == 429:
                refused_at = attempt
                break
        if "Too many failed login attempts" in text:
            refused_at = attempt
            break
    note = f"login rate limit: refused at wrong attempt {refused_at} across both servers"
    return note, [] if refused_at == 6 else [note + " (expected 6)"]


def browser(base: str, address: str) -> Browser:
    """A browser behind the clinic's proxy at `address` (haproxy adds the second hop)."""
    client = Browser(base)
    client.opener.addheaders = [("X-Forwarded-For", address)]
    return client


def desk_browser(base: str) -> Browser:
    for attempt in range(3):
        try:
            return browser(base, "127.0.3.1").log_in("staff@demo.test")
        except (RuntimeError, OSError):
            if attempt == 2:
                raise
            time.sleep(31)  # a one-time code is used once: wait for the next one


def follow_batch(desk: Browser, day: date, seconds: float) -> dict:
    base = desk.base
    started = time.monotonic()
    page_url = f"/desk/batch/{day.isoformat()}/"
    landed = ""
    for _ in range(3):  # a POST cut off by the killed server is sent again, as a person would
        token = desk.csrf_from(desk.get(page_url))
        request = urllib.request.Request(
            base + page_url, data=f"csrfmiddlewaretoken={token}".encode(),
            headers={"Referer": base + page_url},
        )  # fmt: skip
        try:
            landed = desk.opener.open(request, timeout=60).geturl()
        except OSError as error:
            landed = str(error)
        if "batch=" in landed:
            break
        time.sleep(2)
    else:
        raise RuntimeError(f"the batch did not start: {landed}")
    batch = landed.split("batch=")[1]
    status, last_change, seen = {}, time.monotonic(), None
    while time.monotonic() - started < seconds:
        status = json.loads(desk.get(f"{page_url}status/?batch={batch}"))
        if status["finished"]:
            break
        if (status["done"], status["failed"]) != seen:
            seen, last_change = (status["done"], status["failed"]), time.monotonic()
        elif time.monotonic() - last_change > STALL_SECONDS:
            break  # a task died with a killed worker: the join renders what is missing
        time.sleep(0.5)
    ready = time.monotonic() - started
    pdf = desk.opener.open(f"{base}/desk/batch/{day.isoformat()}.pdf", timeout=300).read()
    return {**status, "ready_s": ready, "pdf_s": time.monotonic() - started,
            "pdf_bytes": len(pdf)}  # fmt: skip


def batch_report(args, batch: dict) -> str:
    return (
        f"Print batch for tomorrow ({args.workers} task workers): {batch.get('done', 0)} of "
        f"{batch.get('total', 0)} plans rendered by the workers ({batch.get('failed', 0)} "
        f"failed), status {'finished' if batch.get('finished') else 'stalled'} after "
        f"{batch['ready_s']:.1f} s, joined PDF ({batch['pdf_bytes'] // 1024} KB) served after "
        f"{batch['pdf_s']:.1f} s."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--batch", type=int, default=20, help="plans in tomorrow's batch")
    parser.add_argument("--workers", type=int, default=2, help="task workers")
    parser.add_argument("--patients", type=int, default=60, help="patient accounts to log in")
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument(
        "--batch-only",
        action="store_true",
        help="no load and no faults: time tomorrow's batch end to end",
    )
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit("bench/cluster runs on PostgreSQL: start it through bench/cluster")
    for tool in ("redis-server", "haproxy"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is needed: scripts/setup dev installs it")
    began = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="clinic-cluster-"))
    env = production_env(
        None,
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_TRUSTED_PROXIES="127.0.0.1/32",
        DJANGO_CONN_MAX_AGE="0",
        DJANGO_TASK_STALLED_SECONDS=TASK_STALLED,
        DJANGO_TASKS_BACKEND="database",  # the workers' queue, even when started from the tests
        DJANGO_EMAIL_URL="dummymail://",  # reminder emails are "sent" and dropped
    )
    env = with_fresh_database(env, "cluster")
    print(f"Preparing the database in {env['DATABASE_URL']}…", file=sys.stderr)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--force")
    manage(env, "collectstatic", "--noinput", "-v0")
    load.PATIENTS = args.patients  # the simulated patients cycle through these accounts
    setup = load.SETUP.replace("for n in range(60):", f"for n in range({args.patients}):")
    manage(env, "shell", "--no-imports", "-c", setup)
    print(f"Database ready after {time.monotonic() - began:.0f} s", file=sys.stderr)
    manage(env, "shell", "--no-imports", "-c", BATCH_SETUP.replace("COUNT", str(args.batch)))
    slot = (datetime.now(UTC) + timedelta(minutes=1)).replace(second=0, microsecond=0)
    manage(env, "shell", "--no-imports", "-c", REMINDER_SETUP.replace("SLOT", slot.isoformat()))
    procs = Processes(folder)
    faults: list[str] = []
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        stack.callback(procs.stop_all)  # runs first: callbacks run last-in, first-out
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
        base = start_cluster(procs, env, args.workers)
        print(f"Cluster up behind {base}; logs in {folder}", file=sys.stderr)
        environment = Environment(user_classes=[Patient, load.Therapist, load.FrontDesk],
                                  host=base)  # fmt: skip
        tomorrow = date.today() + timedelta(days=1)
        if args.batch_only:  # the print batch alone: how long the workers take for it
            print(batch_report(args, follow_batch(desk_browser(base), tomorrow, 900)))
            return 0
        environment.events.request.add_listener(load.count_statuses)
        runner = environment.create_local_runner()
        desk = desk_browser(base)
        runner.start(args.users, spawn_rate=max(5, args.users // 3))
        batch = gevent.spawn(follow_batch, desk, tomorrow, args.seconds + 120)
        gevent.sleep(args.seconds / 2)
        if not args.no_faults:
            procs.kill("app1")
            procs.kill("worker1")
            faults = ["app server 1 (gunicorn master and workers)", "task worker 1"]
        gevent.sleep(args.seconds / 2)
        runner.quit()
        batch_result = batch.get(timeout=300)
        limit_note, limit_problems = rate_limit_across_servers(base)
        reminder_note, reminder_problems = reconcile_reminders(env, slot)  # workers still up
        requeued_note = requeued_tasks(env)
    problems = load.reconcile(env) + reconcile_practice(env) + limit_problems
    problems += reminder_problems
    if not batch_result.get("finished"):
        problems.append(f"the print batch stalled: {batch_report(args, batch_result)}")
    notes = [limit_note, reminder_note, requeued_note]
    notes += [f"login not completed: {failed}" for failed in load.FAILED_LOGINS[:5]]
    report(args, environment.stats, faults, batch_result, notes, problems)
    return 1 if problems or load.STATUS["server_errors"] else 0


def report(args, stats, faults, batch, notes, problems) -> None:
    total = stats.total
    print(
        f"\n### Cluster: {args.users} users for {args.seconds} s through haproxy, 2 app servers "
        f"(gunicorn, 2 workers each), {args.workers} task workers, PostgreSQL, Redis\n"
    )
    print(f"Killed at {args.seconds // 2} s: {', '.join(faults) or 'nothing'}.\n")
    print("| requests | failures | 5xx | p50 ms | p95 ms | p99 ms |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(f"| {total.num_requests} | {total.num_failures} | {load.STATUS['server_errors']} | "
          f"{total.get_response_time_percentile(0.5):.0f} | "
          f"{total.get_response_time_percentile(0.95):.0f} | "
          f"{total.get_response_time_percentile(0.99):.0f} |")  # fmt: skip
    print(f"\nDiary writes acknowledged: {len(load.ACKNOWLEDGED)}; practice logs acknowledged: "
          f"{len(PRACTICE)}; requests cut off and resubmitted: {load.NETWORK_RETRIES['count']}; "
          f"failed logins: {load.STATUS['login_failures']}.")  # fmt: skip
    print(batch_report(args, batch))
    for note in notes:
        print(f"- {note}")
    print(f"\nReconciliation problems: {len(problems)}.")
    for problem in problems[:20]:
        print(f"- {problem}")
    for error in list(stats.errors.values())[:10]:
        print(f"- error: {error.method} {error.name}: {error.error} ×{error.occurrences}")


if __name__ == "__main__":
    sys.exit(main())
