from django import forms

from . import schedule
from .models import Kind

WEEKDAYS = [
    (0, "Mon"),
    (1, "Tue"),
    (2, "Wed"),
    (3, "Thu"),
    (4, "Fri"),
    (5, "Sat"),
    (6, "Sun"),
]


def zone_choices() -> list[tuple[str, str]]:
    return [(z, z.replace("_", " ")) for z in sorted(schedule._zones()) if "/" in z or z == "UTC"]


class ReminderForm(forms.Form):
    enabled = forms.BooleanField(label="Remind me", required=False)
    weekdays = forms.TypedMultipleChoiceField(
        label="On these days",
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    at = forms.TimeField(
        label="Time of day", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    time_zone = forms.ChoiceField(label="Time zone")
    quiet_from = forms.TimeField(
        label="Quiet from",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="No reminders between these times (for example 22:00 to 07:00).",
    )
    quiet_until = forms.TimeField(
        label="Quiet until",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, prefix=kind, **kwargs)
        self.kind = kind
        self.fields["time_zone"].choices = zone_choices()
        self.fields["time_zone"].widget.attrs["data-browser-zone"] = ""

    def clean(self):
        data = super().clean()
        if data.get("enabled") and not data.get("weekdays"):
            self.add_error("weekdays", "Choose at least one day.")
        if bool(data.get("quiet_from")) != bool(data.get("quiet_until")):
            self.add_error("quiet_until", "Give both ends of the quiet hours, or neither.")
        at = data.get("at")
        if at and schedule.in_quiet_hours(at, data.get("quiet_from"), data.get("quiet_until")):
            self.add_error("at", "This time is inside your quiet hours, so it would never ring.")
        return data

    @property
    def title(self) -> str:
        return Kind(self.kind).label
