from django.contrib import admin

from .models import HomePlan, PlanItem, PlanTemplate, PlanTemplateItem, Routine


@admin.register(Routine)
class RoutineAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "position", "frequency", "published", "clinic"]
    list_filter = ["published", "position", "frequency", "clinic"]
    search_fields = ["title", "slug"]
    readonly_fields = ["created_at", "updated_at"]


class PlanTemplateItemInline(admin.TabularInline):
    model = PlanTemplateItem
    extra = 0
    autocomplete_fields = ["routine"]


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "clinic"]
    list_filter = ["clinic"]
    inlines = [PlanTemplateItemInline]


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    can_delete = False
    readonly_fields = ["routine", "order", "hold_seconds", "spots_per_side", "sides", "frequency"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(HomePlan)
class HomePlanAdmin(admin.ModelAdmin):
    """Read-only: plan versions are history; therapists change plans in the plan builder."""

    list_display = ["patient", "version", "created_by", "created_at"]
    readonly_fields = ["patient", "version", "created_by", "created_at"]
    inlines = [PlanItemInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
