from django import forms

from plans.models import Visit
from plans.tokens import TokenFormMixin

from .bodychart import KINDS, MUSCLES, SITES
from .bodychart import Spot as SpotValue
from .measures import ROM_TYPICAL
from .models import Assessment, DiagnosisCode, PlanOfCare, ServiceCode

ROM_CHOICES = [(code, label) for code, (label, _) in ROM_TYPICAL.items()]


def _degrees(label: str, high: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=0, max_value=high,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip


class AssessmentForm(TokenFormMixin, forms.ModelForm):
    rom_reproduces = forms.MultipleChoiceField(
        label="Movements that reproduce the headache",
        choices=ROM_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Assessment
        fields = [
            "kind", "assessed_on", "visit", "flexion", "extension", "side_bend_left",
            "side_bend_right", "rotation_left", "rotation_right", "rom_reproduces",
            "jaw_opening_mm",
            "jaw_deviation", "jaw_clicking", "jaw_pain_chewing", "cva_degrees", "shoulders",
            "notes",
        ]  # fmt: skip
        labels = {
            "assessed_on": "Date",
            "jaw_opening_mm": "Mouth opening (mm)",
            "jaw_deviation": "Deviation on opening",
            "jaw_clicking": "Clicking",
            "jaw_pain_chewing": "Pain on chewing",
            "cva_degrees": "Craniovertebral angle (degrees)",
            "shoulders": "Shoulder position",
        }
        widgets = {"assessed_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"] = forms.ModelChoiceField(
            label="At visit (optional)", required=False, to_field_name="public_id",
            queryset=Visit.objects.filter(plan__patient=patient).order_by("-date", "-number"),
        )  # fmt: skip
        self.fields["visit"].label_from_instance = lambda v: (
            f"Session {v.number}, {v.date:%d %b %Y}"
        )
        for code, (label, typical) in ROM_TYPICAL.items():
            self.fields[code] = _degrees(f"{label} (degrees, typical {typical})", 180)
        self.fields["jaw_opening_mm"] = _degrees("Mouth opening (mm)", 100)
        self.fields["cva_degrees"] = _degrees("Craniovertebral angle (degrees)", 90)
        self.fields["notes"].widget.attrs["rows"] = 3

    def measures(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("kind", "assessed_on", "token", "visit"):
            data.pop(name, None)
        return data


class SpotsForm(forms.Form):
    """One checkbox and its details per body-chart site, so the chart works by keyboard and
    without JavaScript; the SVG taps only tick these boxes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for site in SITES:
            k = site.key
            self.fields[f"{k}__on"] = forms.BooleanField(label=site.label, required=False)
            self.fields[f"{k}__tenderness"] = forms.IntegerField(
                label="Tenderness 0-10", required=False, min_value=0, max_value=10,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )  # fmt: skip
            self.fields[f"{k}__kind"] = forms.ChoiceField(
                label="Kind", choices=KINDS, initial="tender", required=False
            )
            self.fields[f"{k}__reproduces"] = forms.BooleanField(
                label="Reproduces the headache", required=False
            )

    def clean(self):
        data = super().clean()
        for site in SITES:
            k = site.key
            if data.get(f"{k}__on") and data.get(f"{k}__tenderness") is None:
                self.add_error(
                    f"{k}__tenderness",
                    f"Give a tenderness from 0 to 10 for the {site.label.lower()}.",
                )
        return data

    def spots(self) -> list[SpotValue]:
        d = self.cleaned_data
        return [
            SpotValue(
                s.key, d[f"{s.key}__tenderness"], d[f"{s.key}__reproduces"], d[f"{s.key}__kind"]
            )
            for s in SITES
            if d.get(f"{s.key}__on")
        ]

    def groups(self):
        """(muscle label, [(site, on, tenderness, kind, reproduces) ...]) for the template."""
        out = []
        for muscle in MUSCLES:
            rows = []
            for site in SITES:
                if site.muscle is muscle:
                    k = site.key
                    rows.append(
                        (
                            site,
                            *(
                                self[f"{k}__{p}"]
                                for p in ("on", "tenderness", "kind", "reproduces")
                            ),
                        )
                    )
            out.append((muscle.label, rows))
        return out

    @staticmethod
    def initial_from(spots) -> dict:
        initial = {}
        for s in spots:
            initial.update({
                f"{s.site}__on": True, f"{s.site}__tenderness": s.tenderness,
                f"{s.site}__kind": s.kind, f"{s.site}__reproduces": s.reproduces_headache,
            })  # fmt: skip
        return initial


class NoteForm(forms.Form):
    subjective = forms.CharField(
        label="Subjective",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    objective = forms.CharField(
        label="Objective", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    assessment = forms.CharField(
        label="Assessment",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    plan = forms.CharField(
        label="Plan", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    treated_sites = forms.MultipleChoiceField(
        label="Treated spots", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(s.key, s.label) for s in SITES],
    )  # fmt: skip

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = list(codes)
        for code in self.codes:
            self.fields[f"minutes_{code.code}"] = forms.IntegerField(
                label=f"{code.code} {code.label} (minutes{'' if code.timed else ', untimed'})",
                required=False, min_value=0, max_value=240,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )  # fmt: skip

    def minute_fields(self):
        return [self[f"minutes_{c.code}"] for c in self.codes]

    def soap_fields(self):
        return [self[n] for n in ("subjective", "objective", "assessment", "plan")]

    def soap(self) -> dict:
        return {n: self.cleaned_data[n] for n in ("subjective", "objective", "assessment", "plan")}

    def minutes(self):
        return [(c, self.cleaned_data.get(f"minutes_{c.code}") or 0) for c in self.codes]


class AddendumForm(TokenFormMixin, forms.Form):
    text = forms.CharField(
        label="Addendum", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanOfCareForm(forms.ModelForm):
    class Meta:
        model = PlanOfCare
        fields = ["diagnoses", "goals", "visits_per_week", "weeks", "services"]
        labels = {
            "diagnoses": "Diagnosis codes (your choice)",
            "services": "Planned services",
            "visits_per_week": "Visits per week",
            "weeks": "For how many weeks",
        }
        widgets = {
            "diagnoses": forms.CheckboxSelectMultiple,
            "services": forms.CheckboxSelectMultiple,
            "goals": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["diagnoses"].queryset = DiagnosisCode.objects.filter(clinic=clinic, active=True)
        self.fields["services"].queryset = ServiceCode.objects.filter(clinic=clinic, active=True)
        self.fields["visits_per_week"].widget.attrs.update(min=1, max=7)
        self.fields["weeks"].widget.attrs.update(min=1, max=52)

    def clean_visits_per_week(self):
        value = self.cleaned_data["visits_per_week"]
        if not 1 <= value <= 7:
            raise forms.ValidationError("Between 1 and 7 visits a week.")
        return value

    def clean_weeks(self):
        value = self.cleaned_data["weeks"]
        if not 1 <= value <= 52:
            raise forms.ValidationError("Between 1 and 52 weeks.")
        return value
