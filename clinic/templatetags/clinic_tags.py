from django import template

from clinic.audit import action_label
from clinic.models import User

register = template.Library()


@register.filter
def audit_action(value: str) -> str:
    """`print_plan` → "Printed the home plan": the words of clinic/audit.py's ACTION_LABELS."""
    return action_label(str(value))


@register.filter
def role_label(value: str) -> str:
    """`clinic_admin` → "Clinic admin"."""
    if value == "anonymous":
        return "not signed in"
    return dict(User.Role.choices).get(value, str(value).replace("_", " "))
