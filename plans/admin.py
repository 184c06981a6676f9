from django.contrib import admin

from .models import (
    CarePlan,
    ClinicInstrument,
    ClosedDay,
    Trigger,
    Visit,
)


@admin.register(ClosedDay)
class ClosedDayAdmin(admin.ModelAdmin):
    list_display = ["date", "clinic", "reason"]
    list_filter = ["clinic"]
    date_hierarchy = "date"


@admin.register(ClinicInstrument)
class ClinicInstrumentAdmin(admin.ModelAdmin):
    list_display = ["clinic", "code", "enabled"]
    list_filter = ["clinic", "enabled"]


@admin.register(Trigger)
class TriggerAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "clinic", "active", "position"]
    list_filter = ["clinic", "active"]


class VisitInline(admin.TabularInline):
    model = Visit
    fields = ["number", "kind", "date", "time", "status", "minutes"]
    readonly_fields = ["number", "kind"]
    extra = 0


@admin.register(CarePlan)
class CarePlanAdmin(admin.ModelAdmin):
    # Schedule only: visit notes, the diary and questionnaires stay in the audited app pages.
    list_display = ["public_id", "patient", "therapist", "start_date", "sessions", "state"]
    list_filter = ["state"]
    list_select_related = ["patient__user", "therapist"]
    raw_id_fields = ["patient", "therapist"]
    readonly_fields = ["public_id", "idempotency_key"]
    inlines = [VisitInline]
