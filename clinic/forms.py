import re

from django import forms
from django.contrib.auth import password_validation
from django.db.models import Q

from .audit import ACTION_LABELS
from .models import SCREENING_VALID_DAYS_MAX, AuditEvent, Clinic, Patient, User
from .validators import database_id, single_line

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds for this site: a name and an optional clinic code."""

    full_name = forms.CharField(
        label="Your name",
        max_length=150,
        validators=[single_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    clinic_code = forms.CharField(
        label="Clinic code (optional)",
        max_length=8,
        required=False,
        help_text="The 8-character code your clinic gave you. You can also add it later.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_clinic_code(self) -> str:
        code = self.cleaned_data["clinic_code"].strip().upper()
        if code and not Clinic.objects.filter(join_code=code).exists():
            raise forms.ValidationError("We could not find a clinic with that code.")
        return code

    def signup(self, request, user: User) -> None:
        from .services import patient_join_clinic

        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])
        if code := self.cleaned_data.get("clinic_code"):
            patient_join_clinic(user=user, clinic=Clinic.objects.get(join_code=code))


class JoinClinicForm(forms.Form):
    clinic_code = forms.CharField(label="Clinic code", max_length=8)

    def clean_clinic_code(self) -> Clinic:
        code = self.cleaned_data["clinic_code"].strip().upper()
        clinic = Clinic.objects.filter(join_code=code).first()
        if clinic is None:
            raise forms.ValidationError("We could not find a clinic with that code.")
        return clinic


class InviteForm(forms.Form):
    full_name = forms.CharField(label="Patient's name", max_length=150, validators=[single_line])
    email = forms.EmailField(label="Patient's email")

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class StaffInviteForm(forms.Form):
    full_name = forms.CharField(label="Name", max_length=150)
    email = forms.EmailField(label="Email")
    role = forms.ChoiceField(
        label="Role",
        choices=[(User.Role.THERAPIST, "Therapist"), (User.Role.STAFF, "Front desk")],
        widget=forms.RadioSelect,
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Someone already has an account with this email.")
        return email


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label="Your name", max_length=150, validators=[single_line])
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. A few unrelated words make a good one.",
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords are not the same.")
        elif p1:
            try:
                password_validation.validate_password(p1, User(email=self.email))
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ColourInput(forms.TextInput):
    """The browser's colour picker. A colour input always holds a colour, so it takes neither
    `required` nor `maxlength` (the HTML standard refuses both); the form still checks both."""

    input_type = "color"

    def use_required_attribute(self, initial) -> bool:
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("maxlength", None)
        return context


class ClinicSettingsForm(forms.ModelForm):
    class Meta:
        model = Clinic
        fields = [
            "name",
            "address",
            "phone",
            "emergency_number",
            "logo",
            "accent_colour",
            "page_size",
            "screening_valid_days",
        ]
        widgets = {
            "accent_colour": ColourInput,
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"screening_valid_days": "Days a safety screening stays valid"}
        help_texts = {
            "screening_valid_days": "After this, patients answer the safety questions again.",
            "logo": "JPEG, PNG or WebP, up to 5 MB. Shown on every page and on printed plans.",
        }

    def clean_accent_colour(self) -> str:
        # The format first: the contrast check below parses the digits, and the colour ends up
        # in a style attribute.
        colour = self.cleaned_data["accent_colour"].lower()
        if not HEX_COLOUR.fullmatch(colour):
            raise forms.ValidationError("A colour like #0f766e: # and six digits 0-9 or a-f.")
        if contrast_with_white(colour) < 4.5:
            raise forms.ValidationError(
                "This colour is too light for white text. Please choose a darker one."
            )
        return colour

    def clean_logo(self):
        """A new logo is checked and re-encoded like every upload: no metadata, no payloads."""
        import secrets

        from django.core.files.base import ContentFile

        from selfcare.images import ImageRejected, process

        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "content_type"):  # unchanged or cleared
            return logo
        try:
            processed = process(logo)
        except ImageRejected as exc:
            raise forms.ValidationError(str(exc)) from exc
        return ContentFile(processed.renditions["small"], name=f"{secrets.token_hex(12)}.jpg")

    def clean_screening_valid_days(self) -> int:
        days = self.cleaned_data["screening_valid_days"]
        if not 1 <= days <= SCREENING_VALID_DAYS_MAX:
            raise forms.ValidationError(
                f"Choose between 1 and {SCREENING_VALID_DAYS_MAX} days. A screening can be asked "
                f"for more often, but never less often than every {SCREENING_VALID_DAYS_MAX} days."
            )
        return days


class IdChoicesField(forms.ModelMultipleChoiceField):
    """Checks that every submitted id is a database-sized whole number before it queries."""

    def _check_values(self, value):
        for pk in value:
            if database_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(pk)[:40]},
                )
        return super()._check_values(value)


class AssignTherapistsForm(forms.Form):
    therapists = IdChoicesField(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, patient: Patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["therapists"].queryset = User.objects.filter(
            clinic_id=patient.clinic_id, role=User.Role.THERAPIST, is_active=True
        ).order_by("full_name")


def contrast_with_white(hex_colour: str) -> float:
    """WCAG 2 contrast ratio of a colour against white."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="Person (name or email)", required=False, max_length=254)
    patient = forms.CharField(label="Patient name", required=False, max_length=100)
    action = forms.ChoiceField(
        label="What happened",
        required=False,
        choices=[("", "Anything"), *sorted(ACTION_LABELS.items(), key=lambda kv: kv[1])],
    )
    outcome = forms.ChoiceField(choices=[("", "Any"), *AuditEvent.Outcome.choices], required=False)
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def apply(self, events, clinic_id: int):
        data = self.cleaned_data
        if actor := data["actor"].strip():
            events = events.filter(
                Q(actor_email__icontains=actor)
                | Q(actor__in=User.objects.filter(clinic_id=clinic_id, full_name__icontains=actor))
            )
        if name := data["patient"].strip():
            ids = Patient.objects.in_clinic(clinic_id).filter(user__full_name__icontains=name)
            events = events.filter(patient_public_id__in=ids.values("public_id"))
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["outcome"]:
            events = events.filter(outcome=data["outcome"])
        if data["since"]:
            events = events.filter(at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(at__date__lte=data["until"])
        return events
