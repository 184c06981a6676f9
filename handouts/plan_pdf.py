"""The patient's home plan as a PDF: cards with pictures and exact doses, the stop box, a
4-week tick sheet, a paper diary and a QR code to the online plan. Built from the same
HomePlan rows as the web page, and cached by plan version and clinic branding."""

import base64
import io
from pathlib import Path

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse

from selfcare.models import Frequency, HomePlan, Position, Sides, Tool

from .images import PrintImageError, print_image
from .render import branding_key, cached_pdf, render_pdf

TEMPLATE_VERSION = "4"  # bump when the plan template changes, so cached PDFs are redrawn
CARD_IMAGE_MM = 62
DIARY_ROWS = 14  # two weeks on one page; the desk prints more blank sheets


def plan_cache_key(plan: HomePlan) -> str:
    branding = branding_key(plan.patient.clinic)
    site = settings.SITE_URL  # the QR code's address
    return f"plan:{plan.public_id}:{plan.version}:{branding}:{site}:{TEMPLATE_VERSION}"


def plan_pdf(plan: HomePlan) -> bytes:
    return cached_pdf(plan_cache_key(plan), lambda: render_plan(plan))


def render_plan(plan: HomePlan) -> bytes:
    return render_pdf("print/home_plan.html", plan_context(plan), clinic=plan.patient.clinic)


def plan_context(plan: HomePlan) -> dict:
    items = list(plan.items.all())
    return {
        "plan": plan,
        "patient": plan.patient,
        "therapist": plan.created_by,
        "cards": [_card(item) for item in items],
        # Weekday names, not dates: the same printed plan stays right whenever it is reprinted.
        "tick_weeks": range(1, 5),
        "weekdays": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
        "diary_rows": range(DIARY_ROWS),
        "qr": qr_data_uri(settings.SITE_URL + reverse("selfcare:today")),
        "plan_url": settings.SITE_URL + reverse("selfcare:today"),
    }


def routines_context(routines) -> dict:
    """A handout of library routines at their usual doses, without any patient's details."""
    return {"cards": [_card(_DefaultDose(routine)) for routine in routines]}


class _DefaultDose:
    """A routine's usual dose, shaped like a plan item for the card template."""

    note = ""

    def __init__(self, routine):
        self.routine = routine
        self.hold_seconds = routine.hold_seconds_default
        self.spots_per_side = routine.spots_per_side
        self.sides = routine.sides
        self.frequency = routine.frequency


def _card(item) -> dict:
    routine = item.routine
    return {
        "item": item,
        "routine": routine,
        "image": _image_url(routine),
        "tools": ", ".join(Tool(t).label for t in routine.tools if t in Tool.values),
        "position": Position(routine.position).label,
        "sides": Sides(item.sides).label,
        "frequency": Frequency(item.frequency).label,
    }


def _image_url(routine) -> str | None:
    if routine.photo:
        source = Path(settings.MEDIA_ROOT) / routine.photo
    elif routine.image:
        source = Path(settings.BASE_DIR) / routine.image
    else:
        return None
    try:
        scaled = print_image(
            source, width_mm=CARD_IMAGE_MM, cache_dir=Path(settings.MEDIA_ROOT) / "print-cache"
        )
    except PrintImageError:
        return None  # the card still prints, with its steps and dose
    return "/media/" + str(scaled.relative_to(settings.MEDIA_ROOT))


def qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
