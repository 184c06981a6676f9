"""Clinic-wide settings for the platform operator's admin (clinic/admin_site.py). Care plans,
visits and their notes, the diary and questionnaires are health data: they stay in the audited
app pages and are not in the admin."""

from django.contrib import admin

from .models import ClinicInstrument, ClosedDay, Trigger


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
