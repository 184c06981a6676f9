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


# Browser and system names in a user-agent string, most specific first (Edge and Samsung
# Internet also say "Chrome"; Chrome also says "Safari"; Android also says "Linux").
BROWSERS = (
    ("Edg/", "Edge"), ("SamsungBrowser", "Samsung Internet"), ("Firefox", "Firefox"),
    ("FxiOS", "Firefox"), ("CriOS", "Chrome"), ("Chrome", "Chrome"), ("Safari", "Safari"),
)  # fmt: skip
SYSTEMS = (
    ("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"),
    ("Macintosh", "Mac"), ("CrOS", "ChromeOS"), ("Linux", "Linux"),
)  # fmt: skip


@register.filter
def device_name(user_agent: str) -> str:
    """A browser's user-agent string in words: "Chrome on Android", "Safari on iPhone"."""
    text = str(user_agent or "")
    browser = next((name for key, name in BROWSERS if key in text), "A browser")
    system = next((name for key, name in SYSTEMS if key in text), None)
    return f"{browser} on {system}" if system else browser
