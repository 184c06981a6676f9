from django import template

from triage.models import DISPOSITION_LABELS

register = template.Library()


@register.filter
def disposition_label(code: str) -> str:
    return DISPOSITION_LABELS.get(code, code)
