"""Forms list their fields explicitly; none of them accepts a patient, owner or therapist (those
come from the request)."""

from datetime import datetime

from django import forms

from triage.questions import REGION_LABELS

from .diary_days import CHARACTER_CHOICES, LOCATION_CHOICES, Location
from .instruments import HEADACHE_TYPE_CHOICES, Instrument
from .models import MAX_DOSES, MAX_HOURS, MAX_SESSIONS, MAX_WEEKS, DiaryEntry, Visit
from .schedule import (
    DEFAULT_SESSIONS,
    DEFAULT_TAPER,
    DEFAULT_WEEKS,
    TAPER_UNIT_CHOICES,
    WEEKDAY_CHOICES,
    TaperStep,
)
from .tokens import TokenFormMixin

YES_NO = (("yes", "Yes"), ("no", "No"))
# Short enough for both to sit on one line of a phone screen.
SHORT_CHARACTER_LABELS = {"pressing": "Pressing, tight", "pulsating": "Throbbing"}
DOSE_LABELS = {
    "simple_doses": "Simple painkillers",
    "triptan_ergot_doses": "Triptans or ergots",
    "opioid_doses": "Opioids",
    "combination_doses": "Combination",
}
DOSE_HELP = {
    "simple_doses": "Paracetamol, ibuprofen…",
    "triptan_ergot_doses": "Sumatriptan and similar",
    "opioid_doses": "Codeine, tramadol…",
    "combination_doses": "Two painkillers in one",
}


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CarePlanForm(TokenFormMixin, forms.Form):
    start_date = forms.DateField(label="First week starts on", widget=_date_input())
    sessions = forms.IntegerField(
        label="Clinic sessions", min_value=1, max_value=MAX_SESSIONS, initial=DEFAULT_SESSIONS
    )
    weeks = forms.IntegerField(
        label="Over how many weeks", min_value=1, max_value=MAX_WEEKS, initial=DEFAULT_WEEKS
    )
    preferred_weekdays = forms.TypedMultipleChoiceField(
        label="Preferred weekdays",
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Optional. Visits go on these days first, and never on closed days.",
    )
    visit_time = forms.TimeField(
        label="Usual visit time", required=False, widget=_time_input(), help_text="Optional."
    )
    headache_type = forms.ChoiceField(
        label="HIT-6 change threshold",
        choices=[
            (value, f"{label} pattern ({points} points)")
            for (value, label), points in zip(HEADACHE_TYPE_CHOICES, (8, 6), strict=True)
        ],
        initial=HEADACHE_TYPE_CHOICES[0][0],
        widget=forms.RadioSelect,
        help_text="Only chooses which change counts as meaningful; it is not a diagnosis.",
    )

    def __init__(self, *args, closed_weekdays=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.closed_weekdays = set(closed_weekdays)
        self.fields["preferred_weekdays"].choices = [
            (value, label) for value, label in WEEKDAY_CHOICES if value not in self.closed_weekdays
        ]

    def clean(self):
        data = super().clean()
        sessions, weeks = data.get("sessions"), data.get("weeks")
        if sessions and weeks and sessions > weeks * 7:
            self.add_error("sessions", f"At most {weeks * 7} sessions fit into {weeks} weeks.")
        return data


class VisitRecordForm(forms.Form):
    status = forms.ChoiceField(
        label="Attendance",
        choices=[
            (Visit.Status.ATTENDED, "Attended"),
            (Visit.Status.MISSED, "Missed"),
            (Visit.Status.CANCELLED, "Cancelled"),
        ],
        widget=forms.RadioSelect,
    )
    minutes = forms.IntegerField(label="Minutes", min_value=1, max_value=240, required=False)
    areas = forms.MultipleChoiceField(
        label="Areas treated",
        choices=list(REGION_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    techniques = forms.MultipleChoiceField(
        label="Techniques",
        choices=Visit.Technique.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label="Note", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, visit: Visit | None = None, now: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit, self.now = visit, now

    def clean(self):
        data = super().clean()
        if data.get("status") == Visit.Status.ATTENDED and not data.get("minutes"):
            self.add_error("minutes", "Give the length of the visit in minutes.")
        if data.get("status") == Visit.Status.ATTENDED and self._not_started():
            when = f"{self.visit.date:%-d %B}" + (
                f" at {self.visit.time:%H:%M}" if self.visit.time else ""
            )
            self.add_error(
                "status",
                f"This visit starts on {when}. Mark it attended once it has started.",
            )
        return data

    def _not_started(self) -> bool:
        if self.visit is None or self.now is None:
            return False
        today, clock = self.now.date(), self.now.time()
        if self.visit.date != today:
            return self.visit.date > today
        return self.visit.time is not None and self.visit.time > clock


class RescheduleForm(forms.Form):
    date = forms.DateField(label="New date", widget=_date_input())
    time = forms.TimeField(label="Time", required=False, widget=_time_input())


class TaperForm(forms.Form):
    first_every = forms.IntegerField(label="Every", min_value=1, max_value=12)
    first_unit = forms.ChoiceField(label="Unit", choices=TAPER_UNIT_CHOICES)
    first_count = forms.IntegerField(label="Visits", min_value=1, max_value=12)
    then_every = forms.IntegerField(label="Then every", min_value=1, max_value=12)
    then_unit = forms.ChoiceField(label="Unit", choices=TAPER_UNIT_CHOICES)
    then_count = forms.IntegerField(
        label="Visits", min_value=0, max_value=12, help_text="0 for no second step."
    )

    def __init__(self, *args, **kwargs):
        first, then = DEFAULT_TAPER
        kwargs.setdefault(
            "initial",
            {
                "first_every": first.every,
                "first_unit": first.unit.value,
                "first_count": first.count,
                "then_every": then.every,
                "then_unit": then.unit.value,
                "then_count": then.count,
            },
        )
        super().__init__(*args, **kwargs)

    def steps(self) -> tuple[TaperStep, ...]:
        d = self.cleaned_data
        steps = [TaperStep(d["first_every"], d["first_unit"], d["first_count"])]
        if d["then_count"]:
            steps.append(TaperStep(d["then_every"], d["then_unit"], d["then_count"]))
        return tuple(steps)


class DiaryEntryForm(TokenFormMixin, forms.Form):
    headache = forms.TypedChoiceField(
        label="Any headache?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    peak = forms.TypedChoiceField(
        label="Worst pain (0–10)",
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    hours = forms.DecimalField(
        label="How many hours",
        min_value=0,
        max_value=MAX_HOURS,
        max_digits=3,
        decimal_places=1,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    locations = forms.MultipleChoiceField(
        label="Where",
        choices=LOCATION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    character = forms.ChoiceField(
        label="What it felt like",
        choices=[(value, SHORT_CHARACTER_LABELS[value]) for value, _ in CHARACTER_CHOICES],
        required=False,
        widget=forms.RadioSelect,
    )
    nausea = forms.BooleanField(label="Nausea", required=False)
    light = forms.BooleanField(label="Light bothered me", required=False)
    sound = forms.BooleanField(label="Noise bothered me", required=False)
    worse_with_activity = forms.BooleanField(label="Worse if active", required=False)
    simple_doses = forms.IntegerField(min_value=0, max_value=MAX_DOSES, initial=0)
    triptan_ergot_doses = forms.IntegerField(min_value=0, max_value=MAX_DOSES, initial=0)
    opioid_doses = forms.IntegerField(min_value=0, max_value=MAX_DOSES, initial=0)
    combination_doses = forms.IntegerField(min_value=0, max_value=MAX_DOSES, initial=0)
    triggers = forms.MultipleChoiceField(
        label="Possible triggers", required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label="Note", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    DOSE_FIELDS = tuple(DOSE_LABELS)
    SYMPTOM_FIELDS = ("nausea", "light", "sound", "worse_with_activity")

    def __init__(self, *args, triggers=(), entry: DiaryEntry | None = None, **kwargs):
        if entry is not None and not kwargs.get("initial"):
            initial = entry.values()
            initial["headache"] = "yes" if entry.headache else "no"
            initial["peak"] = None if entry.peak is None else str(entry.peak)
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        choices = [(t.code, t.label) for t in triggers if t.active]
        chosen = set(entry.triggers) if entry else set()
        choices += [(t.code, t.label) for t in triggers if not t.active and t.code in chosen]
        self.fields["triggers"].choices = choices
        for name, label in DOSE_LABELS.items():
            self.fields[name].label = label
            self.fields[name].help_text = DOSE_HELP[name]
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "class": "dose"})

    def clean(self):
        data = super().clean()
        if data.get("headache"):
            if data.get("peak") is None:
                self.add_error("peak", "Choose how bad it was at its worst, 0 to 10.")
            places = set(data.get("locations") or ())
            if {Location.ONE_SIDE.value, Location.BOTH_SIDES.value} <= places:
                self.add_error("locations", "Choose one side or both sides, not both.")
        return data

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("token", None)
        data["character"] = data.get("character") or ""
        return data

    def dose_fields(self):
        return [self[name] for name in self.DOSE_FIELDS]

    def symptom_fields(self):
        return [self[name] for name in self.SYMPTOM_FIELDS]


class QuickDiaryForm(forms.Form):
    day = forms.DateField(widget=forms.HiddenInput)


class QuestionnaireForm(TokenFormMixin, forms.Form):
    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for n, item in enumerate(instrument.items, start=1):
            self.fields[item.code] = forms.ChoiceField(
                label=f"{n}. {item.topic}",
                choices=[(o.code, o.label) for o in instrument.options_for(item)],
                widget=forms.RadioSelect,
                error_messages={"required": "Please choose an answer."},
            )

    def answers(self) -> dict[str, str]:
        return {item.code: self.cleaned_data[item.code] for item in self.instrument.items}


class ClosedDayForm(forms.Form):
    date = forms.DateField(label="Date", widget=_date_input())
    reason = forms.CharField(label="Reason", max_length=80, required=False)


class WeeklyClosedForm(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        label="Closed every week on",
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_weekdays(self) -> list[int]:
        days = sorted(set(self.cleaned_data["weekdays"]))
        if len(days) == len(WEEKDAY_CHOICES):
            raise forms.ValidationError("Leave at least one day of the week open.")
        return days


class InstrumentForm(forms.Form):
    enabled = forms.BooleanField(label="Switched on", required=False)


class TriggerForm(forms.Form):
    label = forms.CharField(label="Trigger", max_length=60)

    def clean_label(self):
        label = " ".join(self.cleaned_data["label"].split())
        if not any(ch.isalnum() for ch in label):
            raise forms.ValidationError("Use letters or numbers.")
        return label


class TriggerEditForm(TriggerForm):
    active = forms.BooleanField(label="Shown in the diary", required=False)
