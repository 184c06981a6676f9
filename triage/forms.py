"""Web forms built from the question catalogue. They check each step's fields for a kind
message; the complete answer set then goes through `questions.validate`, like the CLI's."""

from typing import Any

from django import forms

from .questions import BP_RANGES, QUESTIONS_BY_KEY, Question

YES_NO = [("yes", "Yes"), ("no", "No")]
NONE = "none"


class StepForm(forms.Form):
    def __init__(self, *args, questions: tuple[Question, ...], **kwargs):
        self.questions = questions
        initial = kwargs.pop("initial", None) or {}
        super().__init__(*args, initial=_to_initial(questions, initial), **kwargs)
        for q in questions:
            self.fields.update(_fields_for(q))

    def clean(self):
        data = super().clean()
        for q in self.questions:
            if q.kind in ("multi", "regions"):
                picked = data.get(q.key) or []
                if NONE in picked and len(picked) > 1:
                    self.add_error(q.key, "Tick “None of these” or the ones that apply, not both.")
            if q.kind == "bp" and data.get("bp_known") == "yes":
                for part in ("systolic", "diastolic"):
                    if data.get(f"bp_{part}") is None and f"bp_{part}" not in self.errors:
                        self.add_error(f"bp_{part}", "Please enter this number.")
        for q in self.questions:
            if q.shown_when and not q.is_relevant(data):
                self.errors.pop(q.key, None)
        return data

    def answers(self) -> dict[str, Any]:
        """The cleaned data as contract values (booleans, lists, the bp object)."""
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for q in self.questions:
            if q.shown_when and not q.is_relevant(data):
                continue
            if q.kind == "bool":
                out[q.key] = data[q.key] == "yes"
            elif q.kind in ("multi", "regions"):
                out[q.key] = [v for v in data[q.key] if v != NONE]
            elif q.kind == "bp":
                out[q.key] = (
                    {"systolic": data["bp_systolic"], "diastolic": data["bp_diastolic"]}
                    if data["bp_known"] == "yes"
                    else None
                )
            else:
                out[q.key] = data[q.key]
        return out


def _fields_for(q: Question) -> dict[str, forms.Field]:
    required = {"required": True, "error_messages": {"required": "Please answer this question."}}
    if q.kind == "int":
        field = forms.IntegerField(
            label=q.label,
            help_text=q.help_text,
            min_value=q.min_value,
            max_value=q.max_value,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            **required,
        )
        return {q.key: field}
    if q.kind in ("bool", "choice"):
        choices = YES_NO if q.kind == "bool" else list(q.choices)
        return {
            q.key: forms.ChoiceField(
                label=q.label,
                help_text=q.help_text,
                choices=choices,
                widget=forms.RadioSelect,
                required=q.shown_when is None,
                error_messages=required["error_messages"],
            )
        }
    if q.kind in ("multi", "regions"):
        choices = [*q.choices, (NONE, "None of these")]
        return {
            q.key: forms.MultipleChoiceField(
                label=q.label,
                help_text=q.help_text or "Tick all that apply, or “None of these”.",
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "required": "Tick the ones that apply, or “None of these”.",
                    "invalid_choice": "Please choose from the list.",
                },
            )
        }
    if q.kind == "bp":
        return {
            "bp_known": forms.ChoiceField(
                label=q.label,
                help_text=q.help_text,
                choices=[("yes", "I know my latest reading"), ("no", "I don't know it")],
                widget=forms.RadioSelect,
                **required,
            ),
            **{
                f"bp_{part}": forms.IntegerField(
                    label=f"{part.title()} (the {'top' if part == 'systolic' else 'bottom'} "
                    "number)",
                    min_value=low,
                    max_value=high,
                    required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
                for part, (low, high) in BP_RANGES.items()
            },
        }
    raise ValueError(f"unknown question kind {q.kind!r}")


def _to_initial(questions: tuple[Question, ...], answers: dict[str, Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for q in questions:
        if q.key not in answers:
            continue
        value = answers[q.key]
        if q.kind == "bool":
            initial[q.key] = "yes" if value else "no"
        elif q.kind in ("multi", "regions"):
            initial[q.key] = list(value) or [NONE]
        elif q.kind == "bp":
            initial["bp_known"] = "no" if value is None else "yes"
            if value:
                initial["bp_systolic"], initial["bp_diastolic"] = (
                    value["systolic"],
                    value["diastolic"],
                )
        else:
            initial[q.key] = value
    return initial


QUICK_CHECK_QUESTIONS = (
    ("new_headache", "A new headache, or one that feels different from your usual ones?"),
    ("new_symptoms", "New symptoms, such as weakness, numbness, changes in sight, fever or "
     "confusion?"),
    ("injury", "A fall, an accident or a knock to the head or neck?"),
    ("pregnancy", "A pregnancy, or have you given birth?"),
    ("new_medicines", "New medicines, including blood thinners?"),
)  # fmt: skip


class QuickCheckForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in QUICK_CHECK_QUESTIONS:
            self.fields[key] = forms.ChoiceField(
                label=label,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": "Please answer this question."},
            )

    def answers(self) -> dict[str, bool]:
        return {key: self.cleaned_data[key] == "yes" for key, _ in QUICK_CHECK_QUESTIONS}


class StopForm(forms.Form):
    session_symptoms = forms.MultipleChoiceField(
        label="What did you notice?",
        help_text="Tick all that apply. If it was something else, tick nothing.",
        choices=QUESTIONS_BY_KEY["session_symptoms"].choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    session_symptoms_resolved = forms.ChoiceField(
        label=QUESTIONS_BY_KEY["session_symptoms_resolved"].label,
        choices=[("yes", "Yes, it has gone"), ("no", "No, I still feel it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Please answer this question."},
    )


class ClearanceForm(forms.Form):
    note = forms.CharField(
        label="Why is it safe to continue self-care?",
        help_text="For example: seen by GP on 3 May, tension-type headache confirmed; "
        "continue plan without neck work.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "A note is required to clear a result."},
    )

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError("A note is required to clear a result.")
        return note
