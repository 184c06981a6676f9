from django import template
from django.urls import reverse

from triage.questions import REGION_LABELS

from ..models import Frequency, Position, Sides, Tool

register = template.Library()

SIDE_WORDS = {
    Sides.BOTH: "on each side",
    Sides.LEFT: "on the left side",
    Sides.RIGHT: "on the right side",
    Sides.MIDLINE: "",
}


@register.filter
def dose(item) -> str:
    """ "Hold 60 s · 2 spots on each side · every day" for a plan item or a routine."""
    hold = getattr(item, "hold_seconds", None) or item.hold_seconds_default
    spots = item.spots_per_side
    where = SIDE_WORDS[item.sides]
    spot_text = f"{spots} spot{'s' if spots != 1 else ''}"
    parts = [f"Hold {hold} s", f"{spot_text} {where}".strip(), Frequency(item.frequency).label]
    return " · ".join(part[0].upper() + part[1:] for part in parts)


@register.filter
def percent(pair) -> str:
    done, due = pair
    return f"{round(100 * done / due)}%" if due else "–"


@register.filter
def region_names(codes) -> str:
    return ", ".join(REGION_LABELS.get(code, code) for code in codes) or "No pressure"


@register.filter
def tool_names(codes) -> str:
    labels = dict(Tool.choices)
    return ", ".join(labels.get(code, code) for code in codes)


@register.filter
def position_name(code) -> str:
    return dict(Position.choices).get(code, code)


@register.filter
def image_url(routine, size: str = "small") -> str:
    if not routine.has_image:
        return ""
    return reverse("selfcare:routine-image", args=[routine.slug, size])
