"""Where a page's server time goes, measured in-process as CPU time (so the machine's load
matters little; SQLite runs in-process, so its time is CPU time too):
SQL (count and time), template rendering, the audit write, and the rest (middleware, view
code), each the median over several requests. Optionally a pyinstrument profile of one page.

    DJANGO_SQLITE_PATH=var/bench-large.sqlite3 .venv/bin/python bench/profile.py
    DJANGO_SQLITE_PATH=… .venv/bin/python bench/profile.py --pyinstrument /therapist/

Run it on a database that `bench/run.py` (or `seed_demo`) has prepared."""

import argparse
import os
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.run import PAGES, PERSONAS  # noqa: E402
from bench.server import production_env  # noqa: E402


class Timer:
    """Time spent in a function; less the time another timer counted meanwhile (`exclusive_of`)."""

    def __init__(self, exclusive_of: "Timer | None" = None):
        self.seconds = 0.0
        self.active = False
        self.exclusive_of = exclusive_of

    def wrap(self, fn):
        def timed(*args, **kwargs):
            if self.active:  # nested (an included template): counted by the outer call
                return fn(*args, **kwargs)
            inner = self.exclusive_of.seconds if self.exclusive_of else 0.0
            start, self.active = time.process_time(), True
            try:
                return fn(*args, **kwargs)
            finally:
                self.active = False
                spent = time.process_time() - start
                if self.exclusive_of:
                    spent -= self.exclusive_of.seconds - inner
                self.seconds += spent

        return timed


def client_for(persona: str):
    from django.test import Client

    from clinic.models import User

    client = Client()
    client.force_login(User.objects.get(email=PERSONAS[persona]))
    if persona != "patient":
        session = client.session
        session["mfa_enrolled"] = True
        session.save()
    return client


def breakdown(path: str, persona: str, repeat: int) -> dict:
    from django.db import connection
    from django.template.backends.django import Template

    from clinic import audit

    client = client_for(persona)
    client.get(path)  # warm
    samples = []
    for _ in range(repeat):
        sql, audit_write = Timer(), Timer()
        render = Timer(exclusive_of=sql)
        count = 0

        def wrapper(execute, sql_text, params, many, context, sql=sql, audit_write=audit_write):
            nonlocal count
            count += 1
            if audit_write.active:  # the audit INSERT is counted as the audit write
                return execute(sql_text, params, many, context)
            return sql.wrap(execute)(sql_text, params, many, context)

        with ExitStack() as stack:
            stack.enter_context(connection.execute_wrapper(wrapper))
            stack.enter_context(mock.patch.object(Template, "render", render.wrap(Template.render)))
            stack.enter_context(mock.patch.object(audit, "_write", audit_write.wrap(audit._write)))
            start = time.process_time()
            status = client.get(path).status_code
            total = time.process_time() - start
        samples.append((total, sql.seconds, render.seconds, audit_write.seconds, count, status))
    med = {k: statistics.median(s[i] for s in samples) * 1000 for i, k in
           enumerate(("total", "sql", "template", "audit"))}  # fmt: skip
    # SQL run lazily while rendering counts as SQL, the audit INSERT as the audit write.
    med["other"] = med["total"] - med["template"] - med["sql"] - med["audit"]
    med["queries"], med["status"] = samples[0][4], samples[0][5]
    return med


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--pyinstrument", metavar="PATH", help="print a profile of this page")
    args = parser.parse_args()
    os.environ.update(production_env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "headache_clinic.settings")
    import django

    django.setup()
    if args.pyinstrument:
        from pyinstrument import Profiler

        persona = next(p for _, p, path in PAGES if path == args.pyinstrument)
        client = client_for(persona)
        client.get(args.pyinstrument)
        with Profiler(interval=0.0005) as profiler:
            for _ in range(args.repeat):
                client.get(args.pyinstrument)
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return
    print("| page | total ms | SQL ms | queries | template ms | audit ms | rest ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, persona, path in PAGES:
        m = breakdown(path, persona, args.repeat)
        print(f"| {label} (`{path}`) | {m['total']:.1f} | {m['sql']:.1f} | {m['queries']} | "
              f"{m['template']:.1f} | {m['audit']:.1f} | {m['other']:.1f} |")  # fmt: skip


if __name__ == "__main__":
    main()
