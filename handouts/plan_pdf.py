"""The patient's home plan as a PDF: cards with pictures and exact doses, the stop box, a
4-week tick sheet, a paper diary and a QR code to the online plan. Built from the same
HomePlan rows as the web page and given out under the same rules (selfcare/allowed.py): a patient
whose safety check stands in the way gets the one-page "home practice is paused" sheet, and
routines the screening rules out are left off. Cached by plan version, clinic branding and
whatever of the screening changes the printed content."""

import base64
import io
from pathlib import Path

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse

from selfcare.allowed import Allowance, allowance_for, hold_seconds
from selfcare.models import Frequency, HomePlan, Position, Sides, Tool

from .images import PrintImageError, print_image
from .render import branding_key, cached_pdf, render_pdf

TEMPLATE_VERSION = "4"  # bump when the plan template changes, so cached PDFs are redrawn
CARD_IMAGE_MM = 62
DIARY_ROWS = 14  # two weeks on one page; the desk prints more blank sheets


def plan_cache_key(plan: HomePlan, allowance: Allowance) -> str:
    branding = branding_key(plan.patient.clinic)
    site = settings.SITE_URL  # the QR code's address
    return (
        f"plan:{plan.public_id}:{plan.version}:{branding}:{site}:{TEMPLATE_VERSION}"
        f":{allowance.print_key}"
    )


def plan_pdf(plan: HomePlan, allowance: Allowance | None = None) -> bytes:
    """What the patient may be handed on paper now: their plan, or the paused sheet."""
    allowance = allowance or allowance_for(plan.patient)
    if not allowance.may_print:
        return paused_pdf(plan)
    return cached_pdf(plan_cache_key(plan, allowance), lambda: render_plan(plan, allowance))


def paused_pdf(plan: HomePlan) -> bytes:
    """One page, no routines and no clinical detail: safe for the front desk to hand over."""
    context = {"patient": plan.patient}
    return render_pdf("print/paused.html", context, clinic=plan.patient.clinic)


def render_plan(plan: HomePlan, allowance: Allowance) -> bytes:
    context = plan_context(plan, allowance)
    return render_pdf("print/home_plan.html", context, clinic=plan.patient.clinic)


def plan_context(plan: HomePlan, allowance: Allowance) -> dict:
    items = list(plan.items.all())
    cards = []
    for item in items:
        offer = allowance.printable(item.routine)
        if offer.allowed:
            cards.append(_card(_Dose(item, hold_seconds(item, offer)), tools=offer.tools))
    return {
        "plan": plan,
        "patient": plan.patient,
        "therapist": plan.created_by,
        "cards": cards,
        "left_out": len(items) - len(cards),
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


class _Dose:
    """A plan item as printed: its hold within the screening's cap."""

    def __init__(self, item, hold: int):
        self.routine = item.routine
        self.note = item.note
        self.hold_seconds = hold
        self.spots_per_side = item.spots_per_side
        self.sides = item.sides
        self.frequency = item.frequency


def _card(item, tools=None) -> dict:
    routine = item.routine
    tools = routine.tools if tools is None else tools
    return {
        "item": item,
        "routine": routine,
        "image": _image_url(routine),
        "tools": ", ".join(Tool(t).label for t in tools if t in Tool.values),
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
