from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from triage.questions import REGION_LABELS

from . import contraindications, images
from .library import NEVER_PRESSED
from .models import HOLD_MAX, HOLD_MIN, SPOTS_MAX, Frequency, Position, Routine, Sides, Tool
from .services import MAX_PLAN_ROUTINES_ADVISED, sides_allowed

PRESSURE_REGIONS = [(code, label) for code, label in REGION_LABELS.items() if code != NEVER_PRESSED]
PAIN_CHOICES = [("", "Not recorded")] + [(str(n), str(n)) for n in range(11)]
# A tap scale: no answer is "not recorded".
PAIN_SCALE = PAIN_CHOICES[1:]
SPOT_CHOICES = [(n, str(n)) for n in range(1, SPOTS_MAX + 1)]


class LibraryFilterForm(forms.Form):
    """The library search. GET only; every field is optional."""

    q = forms.CharField(label="Search", required=False, max_length=100)
    region = forms.ChoiceField(
        label="Region", required=False, choices=[("", "Any region"), *PRESSURE_REGIONS]
    )
    tool = forms.ChoiceField(
        label="Tool", required=False, choices=[("", "Any tool"), *Tool.choices]
    )
    position = forms.ChoiceField(
        label="Position", required=False, choices=[("", "Any position"), *Position.choices]
    )
    # Therapists only (the patient's library ignores them): check the list against a patient.
    patient = forms.CharField(
        label="Check against a patient's screening",
        required=False,
        max_length=100,
        help_text="A name or email from your caseload.",
    )
    for_patient = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, for_therapist: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_therapist:
            del self.fields["patient"], self.fields["for_patient"]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "text": data["q"],
            "region": data["region"],
            "tool": data["tool"],
            "position": data["position"],
        }


class PlanRowForm(forms.Form):
    """One routine in the plan builder: whether it is in the plan, and its dose."""

    include = forms.BooleanField(required=False)
    hold_seconds = forms.IntegerField(
        label="Hold (seconds)", widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    spots_per_side = forms.TypedChoiceField(
        label="Spots per side", choices=SPOT_CHOICES, coerce=int
    )
    sides = forms.ChoiceField(label="Sides", choices=Sides.choices)
    frequency = forms.ChoiceField(label="How often", choices=Frequency.choices)
    note = forms.CharField(label="Note for the patient", required=False, max_length=500, strip=True)

    def __init__(self, *args, routine: Routine, blocked_reason: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.routine = routine
        self.blocked_reason = blocked_reason
        low = max(routine.hold_seconds_min, HOLD_MIN)
        high = min(routine.hold_seconds_max, HOLD_MAX)
        hold = self.fields["hold_seconds"]
        hold.min_value, hold.max_value = low, high
        hold.validators += [MinValueValidator(low), MaxValueValidator(high)]
        hold.widget.attrs.update(min=low, max=high)
        hold.label = f"Hold ({low}–{high} seconds)"
        self.fields["include"].label = f"Include “{routine.title}” in the plan"
        allowed = sides_allowed(routine)
        self.fields["sides"].choices = [(v, label) for v, label in Sides.choices if v in allowed]
        if blocked_reason:
            for field in self.fields.values():
                field.widget.attrs["disabled"] = True

    def clean(self):
        data = super().clean()
        if not data.get("include"):
            # A routine left out needs no valid dose.
            self._errors = forms.utils.ErrorDict()
        return data


class PlanForm(forms.Form):
    allow_long = forms.BooleanField(
        label=f"Keep more than {MAX_PLAN_ROUTINES_ADVISED} routines",
        help_text="Fewer routines are easier to keep up: adherence falls with longer programmes.",
        required=False,
    )
    template_name = forms.CharField(
        label="Also save as a template named",
        help_text="Optional. A template with the same name is replaced.",
        required=False,
        max_length=80,
    )


class PracticeLogForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=200)
    with_timer = forms.BooleanField(widget=forms.HiddenInput, required=False)
    # Set by the timer when a hold was skipped or the session ended early.
    partial = forms.BooleanField(widget=forms.HiddenInput, required=False)
    pain_before = forms.TypedChoiceField(
        label="Before you start: headache or tension (0–10)",
        help_text="Optional. 0 = none, 10 = the worst.",
        choices=PAIN_SCALE,
        coerce=int,
        empty_value=None,
        required=False,
        # The "before" question sits beside the timer, outside the form element.
        widget=forms.RadioSelect(attrs={"form": "practice-log"}),
    )
    pain_after = forms.TypedChoiceField(
        label="Headache or tension now (0–10)",
        help_text="Optional. 0 = none, 10 = the worst.",
        choices=PAIN_SCALE,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class RoutineForm(forms.Form):
    """A therapist's own routine with an optional photo. Owner and clinic come from the
    request, never from the form."""

    title = forms.CharField(label="Title", max_length=120)
    summary = forms.CharField(
        label="Summary", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False
    )
    regions = forms.MultipleChoiceField(
        label="Where it presses",
        help_text="Never the front of the neck. Leave empty for a stretch or posture drill.",
        choices=PRESSURE_REGIONS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    tools = forms.MultipleChoiceField(
        label="Tools", choices=Tool.choices, widget=forms.CheckboxSelectMultiple
    )
    contraindications = forms.MultipleChoiceField(
        label="When it must not be offered",
        help_text="Pressure, neck, jaw and scalp regions and the floor position add their own.",
        choices=[(code, contraindications.LABELS[code]) for code in contraindications.CODES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    position = forms.ChoiceField(
        label="Position", choices=Position.choices, widget=forms.RadioSelect
    )
    steps = forms.CharField(
        label="Steps", help_text="One step per line.", widget=forms.Textarea(attrs={"rows": 6})
    )
    hold_seconds_min = forms.IntegerField(
        label="Shortest hold (seconds)", min_value=HOLD_MIN, max_value=HOLD_MAX, initial=30
    )
    hold_seconds_default = forms.IntegerField(
        label="Usual hold (seconds)", min_value=HOLD_MIN, max_value=HOLD_MAX, initial=60
    )
    hold_seconds_max = forms.IntegerField(
        label="Longest hold (seconds)", min_value=HOLD_MIN, max_value=HOLD_MAX, initial=90
    )
    spots_per_side = forms.TypedChoiceField(
        label="Spots per side", choices=SPOT_CHOICES, coerce=int, initial=2
    )
    sides = forms.ChoiceField(
        label="Sides", choices=Sides.choices, widget=forms.RadioSelect, initial=Sides.BOTH
    )
    frequency = forms.ChoiceField(
        label="How often", choices=Frequency.choices, widget=forms.RadioSelect, initial="daily"
    )
    cautions = forms.CharField(
        label="Cautions",
        help_text="One per line.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=3000,
    )
    photo = forms.FileField(
        label="Photo",
        help_text="Optional. JPEG, PNG or WebP, up to 5 MB and 4096 × 4096 pixels.",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    image_alt = forms.CharField(
        label="Describe the photo",
        help_text="For people who cannot see it, e.g. “A person leans on a ball against a wall”.",
        required=False,
        max_length=500,
    )

    STOP_IF = [
        "You feel dizzy, light-headed or faint.",
        "You feel numbness, tingling or weakness, or find it hard to speak.",
        "Your vision changes: blurring, double vision or flashing lights.",
        "The pain turns sharp or your headache gets worse.",
    ]

    def clean_regions(self):
        regions = self.cleaned_data["regions"]
        if NEVER_PRESSED in regions:
            raise forms.ValidationError("No routine may press on the front of the neck.")
        return regions

    def clean_steps(self):
        steps = _lines(self.cleaned_data["steps"])
        if not steps:
            raise forms.ValidationError("Add at least one step.")
        return steps

    def clean_cautions(self):
        return _lines(self.cleaned_data["cautions"])

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            return images.process(upload)
        except images.ImageRejected as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self):
        data = super().clean()
        low = data.get("hold_seconds_min")
        usual = data.get("hold_seconds_default")
        high = data.get("hold_seconds_max")
        if None not in (low, usual, high) and not low <= usual <= high:
            self.add_error("hold_seconds_default", "The usual hold must lie between the others.")
        if data.get("photo") and not data.get("image_alt"):
            self.add_error("image_alt", "Describe the photo for people who cannot see it.")
        return data

    def routine_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("photo", None)
        pulse = ["You feel a pulse under the ball or your fingers: move off that spot."]
        data["stop_if"] = self.STOP_IF + (pulse if data["regions"] else [])
        implied = contraindications.implied(data["regions"], data["position"])
        chosen = set(data.get("contraindications", ())) | implied
        data["contraindications"] = [code for code in contraindications.CODES if code in chosen]
        return data
