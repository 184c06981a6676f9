"""Plan PDF timings: first render and cached reprint of the demo plan and of a 10-routine plan,
and our pipeline's overhead over WeasyPrint rendering the same final HTML.

    .venv/bin/python bench/pdf.py          # uses the benchmark database (bench/run.py makes it)
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def best_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def measure(plan) -> dict:
    from django.core.cache import cache
    from weasyprint import HTML

    from handouts.fetcher import BASE_URL
    from handouts.plan_pdf import plan_context, plan_pdf
    from handouts.render import fetcher, render_html
    from selfcare.allowed import allowance_for

    def first_render():
        cache.clear()
        return plan_pdf(plan)

    clinic = plan.patient.clinic
    html = render_html(
        "print/home_plan.html", plan_context(plan, allowance_for(plan.patient)), clinic=clinic
    )

    def weasyprint_alone():  # the same final HTML and output (tagged PDF) as the pipeline's
        HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher()).write_pdf(
            pdf_variant="pdf/ua-1"
        )

    # Taken in turns, so that a change in the machine's load touches both sides alike.
    pairs = [(best_ms(first_render, 1), best_ms(weasyprint_alone, 1)) for _ in range(7)]
    first, weasy = min(p[0] for p in pairs), min(p[1] for p in pairs)
    pdf = plan_pdf(plan)
    reprint = best_ms(lambda: plan_pdf(plan), 50)
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return {"routines": plan.items.count(), "first_ms": first, "reprint_ms": reprint,
            "weasyprint_ms": weasy, "kb": len(pdf) / 1024, "pages": pages}  # fmt: skip


def ten_routine_plan(patient, therapist):
    from selfcare.models import HomePlan, Routine
    from selfcare.services import Dose, plan_save

    existing = HomePlan.objects.filter(patient=patient, items__isnull=False).order_by("-version")
    if existing.exists() and existing.first().items.count() == 10:
        return HomePlan.objects.current_for(patient)
    excluded = set(patient.screenings.first().excluded_regions)
    routines = [
        r
        for r in Routine.objects.library().filter(published=True).order_by("slug")
        if not excluded & set(r.regions)
    ][:10]
    doses = [Dose(r, r.hold_seconds_default, r.spots_per_side, r.sides, r.frequency)
             for r in routines]  # fmt: skip
    plan_save(patient=patient, therapist=therapist, doses=doses)
    return HomePlan.objects.current_for(patient)


def pdf_figures() -> list[dict]:
    from clinic.models import Patient, User
    from handouts.desk import current_plans

    demo = Patient.objects.get(user__email="patient@demo.test")
    other = Patient.objects.get(user__email="patient2@demo.test")
    therapist = User.objects.get(email="therapist@demo.test")
    ten_routine_plan(other, therapist)
    plans = current_plans([demo.pk, other.pk])
    return [measure(plans[demo.pk]), measure(plans[other.pk])]


def table(rows: list[dict]) -> str:
    lines = [
        "| plan | pages | size KB | first render ms | cached reprint ms | × faster | "
        "WeasyPrint alone ms | pipeline overhead |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row, label in zip(rows, ("demo plan", "10-routine plan"), strict=True):
        lines.append(
            f"| {label} ({row['routines']} routines) | {row['pages']} | {row['kb']:.0f} | "
            f"{row['first_ms']:.0f} | {row['reprint_ms']:.2f} | "
            f"{row['first_ms'] / row['reprint_ms']:.0f} | {row['weasyprint_ms']:.0f} | "
            f"{row['first_ms'] / row['weasyprint_ms'] - 1:+.0%} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import os

    from bench.server import ROOT, production_env

    os.environ.update(production_env(ROOT / "var" / "bench-small.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "headache_clinic.settings")
    import django

    django.setup()
    print(table(pdf_figures()))
