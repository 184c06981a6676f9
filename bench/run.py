"""Benchmark the pages people use most, against gunicorn with production settings on loopback.

    .venv/bin/python bench/run.py                 # demo data (small scale), SQLite
    .venv/bin/python bench/run.py --scale large   # adds 2,000 patients and 180,000 diary days
    .venv/bin/python bench/run.py --scale both    # both, each page at each scale in turn, then
                                                  # each page's large/small latency
    DATABASE_URL=postgres://… .venv/bin/python bench/run.py

Prints a Markdown table: throughput (wrk) and its ratio to a minimal logged-in page (the
ceiling: same middleware, session and user lookups, a tiny template), p50/p99 latency, SQL
queries per page, page weight, and the plan PDF's render, reprint and pipeline overhead.
Only 127.0.0.1 is ever contacted."""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.server import (  # noqa: E402
    ROOT,
    Browser,
    gunicorn,
    manage,
    production_env,
    with_fresh_database,
)

PAGES = [
    # label, persona, path (resolved later for patient-specific pages)
    ("ceiling: minimal logged-in page", "patient", "/account/ping/"),
    ("patient: today", "patient", "/today/"),
    ("patient: diary", "patient", "/diary/"),
    ("patient: progress with charts", "patient", "/progress/"),
    ("therapist: dashboard", "therapist", "/therapist/"),
    ("therapist: dashboard, a full page at both scales", "therapist-full", "/therapist/"),
    ("routine library", "therapist", "/library/"),
    ("front desk: print desk", "staff", "/desk/"),
    ("front desk: print desk, full days at both scales", "staff-full", "/desk/"),
]
PERSONAS = {
    "patient": "patient@demo.test",
    "therapist": "therapist@demo.test",
    "therapist-full": "full-page-therapist@demo.test",  # 40 patients at both scales
    "staff": "staff@demo.test",
    "staff-full": "full-page-desk@demo.test",  # 20 visits today and 20 tomorrow at both scales
}


def wrk(url: str, cookie: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H",
         f"Cookie: {cookie}", url], capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip

    def latency(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def page_weight(base: str, cookie: str, path: str) -> tuple[int, bool]:
    """Bytes of HTML plus the CSS and JS it links, and whether it names another host."""

    def get(p: str) -> bytes:
        req = urllib.request.Request(base + p, headers={"Cookie": cookie})
        return urllib.request.urlopen(req).read()

    html = get(path)
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    total = len(html) + sum(len(get(a.decode())) for a in set(assets))
    external = re.search(rb'(?:href|src)="(?:https?:)?//(?!127\.0\.0\.1)', html) is not None
    return total, external


def in_process(env) -> dict:
    """Query counts and PDF timings, measured inside Django with the same settings."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "headache_clinic.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from clinic.models import User

    results = {"queries": {}}
    for label, persona, path in PAGES:
        client = Client()
        client.force_login(User.objects.get(email=PERSONAS[persona]))
        if persona != "patient":
            session = client.session
            session["mfa_enrolled"] = True
            session.save()
        client.get(path)  # warm caches the way a running server has them
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        results["queries"][label] = (len(queries), status)
    from bench.pdf import pdf_figures

    results["pdf"] = pdf_figures()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=["small", "large", "both"], default="small")
    parser.add_argument("--seconds", type=int, default=8, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process:
        print(json.dumps(in_process(dict(os.environ))))
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk (scripts/setup dev installs it)")
    scales = ["small", "large"] if args.scale == "both" else [args.scale]
    prepared = {scale: prepare(scale) for scale in scales}
    rows = {scale: [] for scale in scales}
    with ExitStack() as servers:
        bases = {s: servers.enter_context(gunicorn(env, workers=args.workers))
                 for s, (env, _) in prepared.items()}  # fmt: skip
        cookies = {s: {p: Browser(base).log_in(e).cookie_header() for p, e in PERSONAS.items()}
                   for s, base in bases.items()}  # fmt: skip
        for label, persona, path in PAGES:
            # Each page at each scale in turn, so that the machine's load changes alike for
            # both sides of the small-to-large ratio.
            for scale, base in bases.items():
                load = wrk(base + path, cookies[scale][persona], args.seconds, args.connections)
                weight, external = page_weight(base, cookies[scale][persona], path)
                rows[scale].append((label, path, load, weight, external))
    for scale, (env, measured) in prepared.items():
        report(args, scale, env, rows[scale], measured)
    if len(scales) == 2:
        growth(rows)


def prepare(scale: str) -> tuple[dict, dict]:
    """The scale's fresh database, seeded, and what is measured in-process (query counts and
    PDF timings); returns the server environment with it."""
    sqlite_path = ROOT / "var" / f"bench-{scale}.sqlite3"
    env = production_env(sqlite_path)
    # A fresh database each run: demo accounts kept from an earlier run would hold MFA secrets
    # encrypted with that run's key.
    if "DATABASE_URL" in env:
        env = with_fresh_database(env, f"bench_{scale}")
    else:
        sqlite_path.unlink(missing_ok=True)
    print(f"Preparing the {scale} data set…", file=sys.stderr)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--force", "--scale", scale, "--full-page")
    manage(env, "collectstatic", "--noinput", "-v0")
    measured = json.loads(subprocess.run(  # a fresh process: Django is set up once per process
        [sys.executable, __file__, "--in-process"], env=env, capture_output=True, text=True,
        check=True).stdout)  # fmt: skip
    return env, measured


def growth(results: dict) -> None:
    """Each page's latency at the large scale against the small, and its share of the ceiling
    at each scale (the ceiling measured in the same run)."""
    print("\n### From small to large scale\n")
    print("| page | × ceiling small | × ceiling large | p50 large / small |")
    print("|---|---:|---:|---:|")
    small, large = results["small"], results["large"]
    for (label, _, s, _, _), (_, _, g, _, _) in zip(small, large, strict=True):
        print(f"| {label} | {s['rps'] / small[0][2]['rps']:.2f} | "
              f"{g['rps'] / large[0][2]['rps']:.2f} | {g['p50'] / s['p50']:.2f} |")  # fmt: skip


def report(args, scale, env, rows, measured) -> None:
    database = "PostgreSQL" if "DATABASE_URL" in env else "SQLite"
    ceiling = rows[0][2]["rps"]
    print(f"\n### {scale} scale, {database}, gunicorn {args.workers} workers, "
          f"wrk {args.connections} connections × {args.seconds} s\n")  # fmt: skip
    header = (
        "page | req/s | × ceiling | p50 ms | p99 ms | errors | queries | weight KB | other hosts"
    )
    print(f"| {header} |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for label, path, load, weight, external in rows:
        queries, status = measured["queries"][label]
        print(
            f"| {label} (`{path}`) | {load['rps']:.0f} | {load['rps'] / ceiling:.2f} | "
            f"{load['p50']:.1f} | {load['p99']:.1f} | {load['errors']} | {queries} | "
            f"{weight / 1024:.1f} | {'yes' if external else 'no'} |"
        )
    from bench.pdf import table

    print("\n" + table(measured["pdf"]))
    print(json.dumps({"rows": [(r[0], r[2], r[3]) for r in rows], **measured}), file=sys.stderr)


if __name__ == "__main__":
    main()
