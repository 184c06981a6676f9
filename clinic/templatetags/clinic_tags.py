from django import template

register = template.Library()


@register.filter
def humanize_code(value: str) -> str:
    """`view_screening` → `view screening`: machine codes shown to people."""
    return str(value).replace("_", " ")
