"""The routine library and plan templates for the platform operator's admin
(clinic/admin_site.py). Patients' home plans are health data: therapists change them in the plan
builder, and they are not in the admin."""

from django.contrib import admin

from .models import PlanTemplate, PlanTemplateItem, Routine


@admin.register(Routine)
class RoutineAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "position", "frequency", "published", "clinic"]
    list_filter = ["published", "position", "frequency", "clinic"]
    search_fields = ["title", "slug"]
    # Photos are uploaded (and re-encoded) through the app's routine form only.
    readonly_fields = ["photo", "image", "created_at", "updated_at"]


class PlanTemplateItemInline(admin.TabularInline):
    model = PlanTemplateItem
    extra = 0
    autocomplete_fields = ["routine"]


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "clinic"]
    list_filter = ["clinic"]
    inlines = [PlanTemplateItemInline]
