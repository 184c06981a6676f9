"""Django templates → HTML → WeasyPrint → PDF bytes, with the clinic's branding and page size.

Everything the PDF loads goes through SafeURLFetcher (static and media files only). Rendering
happens outside any database transaction and at most PDF_RENDER_CONCURRENCY at a time per
process, so a burst of prints cannot starve the web workers."""

import hashlib
import threading
from functools import cache as memoize
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from weasyprint import HTML

from clinic.models import Clinic

from .fetcher import BASE_URL, SafeURLFetcher

RENDER_WAIT_SECONDS = 20
_slots = threading.BoundedSemaphore(getattr(settings, "PDF_RENDER_CONCURRENCY", 2))


class RenderBusy(Exception):
    """Every render slot stayed busy; the caller should answer 503 with Retry-After."""


@memoize
def fetcher() -> SafeURLFetcher:
    static_dirs = [*settings.STATICFILES_DIRS, settings.STATIC_ROOT]
    return SafeURLFetcher(
        {
            "/static/": [d for d in static_dirs if d],
            "/media/": [settings.MEDIA_ROOT],
            "/content/": [settings.BASE_DIR / "selfcare" / "content"],
        }
    )


def render_html(template: str, context: dict[str, Any], *, clinic: Clinic | None) -> str:
    return render_to_string(
        template,
        {
            **context,
            "clinic": clinic,
            "emergency_number": clinic.emergency_number
            if clinic
            else settings.CLINIC_EMERGENCY_NUMBER,
            "page_class": "page-letter" if clinic and clinic.page_size == "letter" else "page-a4",
        },
    )


def html_to_pdf(html: str) -> bytes:
    if _in_transaction():
        raise RuntimeError("PDFs are never rendered inside a database transaction.")
    if not _slots.acquire(timeout=RENDER_WAIT_SECONDS):
        raise RenderBusy
    try:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher())
        # Tagged (PDF/UA-1): a structure tree, headings, language and title for screen readers.
        return document.write_pdf(pdf_variant="pdf/ua-1")
    finally:
        _slots.release()


def _in_transaction() -> bool:
    # The test suite wraps each test in its own atomic blocks; those don't count.
    return any(not getattr(b, "_from_testcase", False) for b in connection.atomic_blocks)


def render_pdf(template: str, context: dict[str, Any], *, clinic: Clinic | None) -> bytes:
    return html_to_pdf(render_html(template, context, clinic=clinic))


def branding_key(clinic: Clinic | None) -> str:
    if clinic is None:
        return "none"
    logo = clinic.logo.name if clinic.logo else ""
    parts = (clinic.name, clinic.address, clinic.phone, clinic.emergency_number, logo,
             clinic.accent_colour, clinic.page_size)  # fmt: skip
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


PDF_CACHE_SECONDS = 30 * 24 * 3600


def cached_pdf(key: str, build) -> bytes:
    """The cached PDF for `key`, or build, cache and return it: a reprint costs one cache read.
    Keys must change whenever anything printed changes (plan version, branding, template).
    The cache is the shared one (database by default), never a public file location."""
    name = "pdf:" + hashlib.sha256(key.encode()).hexdigest()
    pdf = cache.get(name)
    if pdf is None:
        pdf = build()
        cache.set(name, pdf, PDF_CACHE_SECONDS)
    return pdf
