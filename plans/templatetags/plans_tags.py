from django import template
from django.utils import timezone

from ..diary_days import LOCATION_CHOICES
from ..forms import DOSE_LABELS
from ..models import DiaryEntry

register = template.Library()
_LOCATIONS = dict(LOCATION_CHOICES)


@register.simple_tag(takes_context=True)
def diary_today(context, patient):
    """Today's diary entry for the patient, or None: the page's `today_entry` when its view has
    read it already (the diary page), else one query."""
    if "today_entry" in context:
        return context["today_entry"]
    if patient is None:
        return None
    return DiaryEntry.objects.filter(patient=patient, date=timezone.localdate()).first()


@register.filter
def labels(codes, mapping) -> str:
    """Codes shown by their labels, joined with commas: {{ entry.triggers|labels:names }}."""
    mapping = mapping or {}
    return ", ".join(str(mapping.get(code, code)) for code in codes or ())


@register.filter
def location_labels(codes) -> str:
    return ", ".join(_LOCATIONS.get(code, code) for code in codes or ())


@register.filter
def doses(entry) -> str:
    """ "Simple painkillers × 2, Triptans or ergots × 1" for an entry's acute medicines."""
    parts = [
        f"{DOSE_LABELS[field]} × {getattr(entry, field)}"
        for field in DiaryEntry.DOSE_FIELDS.values()
        if getattr(entry, field)
    ]
    return ", ".join(parts)


@register.filter
def percent(value, places: int = 0) -> str:
    """A ratio (0.5) or a percentage change (-42.0) as text; None as an em dash."""
    if value is None:
        return "—"
    return f"{value:.{places}f}%"


@register.filter
def ratio_percent(value) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


@register.filter
def signed(value, places: int = 1) -> str:
    if value is None:
        return "—"
    text = f"{abs(value):.{places}f}".removesuffix(".0")
    if value > 0:
        return f"+{text}"
    return f"−{text}" if value < 0 else text


@register.filter
def one_decimal(value) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".removesuffix(".0")


@register.filter
def magnitude(value):
    return None if value is None else abs(value)
