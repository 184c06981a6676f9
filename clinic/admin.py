"""The platform operator's admin for clinics and workforce accounts (see admin_site.py).

Patients, invitations and the audit trail are not here: they are health data or point at it.
Clinic admins manage their own clinic in the app; the operator sets clinics up, creates their
first accounts and deactivates accounts. Branding (logo, colour) and care settings are the
clinic admin's, on the clinic's own pages."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from .models import Clinic, User

WORKFORCE_CHOICES = [(role.value, role.label) for role in User.WORKFORCE]


class WorkforceFieldsMixin:
    def clean(self):
        data = super().clean()
        if data.get("role") not in User.WORKFORCE:
            self.add_error("role", "Choose therapist, front desk or clinic admin.")
        if not data.get("clinic"):
            self.add_error("clinic", "Every workforce account belongs to a clinic.")
        return data


class WorkforceCreationForm(WorkforceFieldsMixin, AdminUserCreationForm):
    role = forms.ChoiceField(choices=WORKFORCE_CHOICES)

    class Meta:
        model = User
        fields = ["email", "full_name", "role", "clinic"]


class WorkforceChangeForm(WorkforceFieldsMixin, UserChangeForm):
    role = forms.ChoiceField(choices=WORKFORCE_CHOICES)

    class Meta:
        model = User
        fields = ["email", "full_name", "role", "clinic", "is_active"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Workforce accounts (therapists, front desk, clinic admins). Not patients, whose being a
    patient of a headache clinic is itself health information, and not operators, who are
    made by `manage.py create_operator`. No staff, superuser, group or permission fields: no
    one but an operator may use this site."""

    form = WorkforceChangeForm
    add_form = WorkforceCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "clinic", "is_active", "last_login"]
    list_filter = ["role", "clinic", "is_active"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "role", "clinic"]}),
        ("Access", {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "email",
                    "full_name",
                    "role",
                    "clinic",
                    "usable_password",
                    "password1",
                    "password2",
                ]
            },
        )
    ]
    filter_horizontal: list[str] = []

    def get_queryset(self, request):
        return super().get_queryset(request).filter(role__in=User.WORKFORCE)

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: the audit trail keeps pointing at the account


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "emergency_number", "join_code", "created_at"]
    search_fields = ["name"]
    fields = ["name", "address", "phone", "emergency_number", "join_code", "created_at"]
    readonly_fields = ["join_code", "created_at"]

    def has_delete_permission(self, request, obj=None):
        return False  # a clinic's patients, records and audit trail outlive any admin click
