from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AuditEvent, Clinic, Invitation, Patient, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "clinic", "is_active"]
    list_filter = ["role", "clinic", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "role", "clinic"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "role", "clinic", "password1", "password2"]})
    ]
    filter_horizontal = ["groups"]


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "emergency_number", "join_code"]


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ["user", "clinic", "created_at"]
    list_select_related = ["user", "clinic"]
    raw_id_fields = ["user"]
    filter_horizontal = ["therapists"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "clinic", "therapist", "created_at", "accepted_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_email", "role", "action", "patient_public_id", "outcome"]
    list_filter = ["action", "outcome", "role"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
