"""Clinic-wide care settings: closed days and questionnaires (clinic admin), and the diary's
trigger list (clinic admin or therapist)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from clinic.access import role_required
from clinic.models import User

from ..clinic_settings import (
    clinic_triggers,
    closed_day_add,
    closed_day_remove,
    closed_weekdays_set,
    instrument_set,
    trigger_add,
    trigger_update,
    visits_booked_on,
)
from ..forms import (
    ClosedDayForm,
    InstrumentForm,
    TriggerEditForm,
    TriggerForm,
    WeeklyClosedForm,
)
from ..instruments import get_instrument, registered_instruments
from ..models import ClinicInstrument, ClosedDay, Trigger

admin_only = role_required(User.Role.CLINIC_ADMIN)
admin_or_therapist = role_required(User.Role.CLINIC_ADMIN, User.Role.THERAPIST)


def _settings_page(request, *, closed_form=None, weekly_form=None, status=200):
    clinic = request.user.clinic
    enabled = set(
        ClinicInstrument.objects.filter(clinic=clinic, enabled=True).values_list("code", flat=True)
    )
    context = {
        "instruments": [(i, i.code in enabled) for i in registered_instruments()],
        "closed_days": ClosedDay.objects.filter(clinic=clinic, date__gte=timezone.localdate()),
        "closed_form": closed_form or ClosedDayForm(),
        "weekly_form": weekly_form
        or WeeklyClosedForm(initial={"weekdays": clinic.closed_weekdays}),
    }
    return render(request, "plans/clinic_settings.html", context, status=status)


@admin_only
@require_GET
def care_settings(request):
    return _settings_page(request)


@admin_only
@require_POST
def instrument_switch(request, code: str):
    try:
        instrument = get_instrument(code)
    except ValueError:
        raise Http404("No such questionnaire.") from None
    form = InstrumentForm(request.POST)
    enabled = form.is_valid() and form.cleaned_data["enabled"]
    instrument_set(clinic=request.user.clinic, code=code, enabled=enabled)
    state = "switched on" if enabled else "switched off"
    messages.success(request, f"{instrument.name} is {state}.")
    return redirect("plans:care-settings")


@admin_only
@require_POST
def closed_day_new(request):
    form = ClosedDayForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, closed_form=form, status=400)
    day, created = closed_day_add(
        clinic=request.user.clinic,
        day=form.cleaned_data["date"],
        reason=form.cleaned_data["reason"],
    )
    if created:
        messages.success(request, f"Closed on {day.date:%-d %B %Y}. New plans will skip it.")
    booked = list(visits_booked_on(request.user.clinic, day.date))
    if booked:
        names = ", ".join(v.plan.patient.user.display_name for v in booked)
        messages.warning(
            request,
            ngettext(
                "%(n)d visit is already booked on %(day)s (%(names)s). Its therapist needs to "
                "move it: closing the day does not move visits.",
                "%(n)d visits are already booked on %(day)s (%(names)s). Their therapists need "
                "to move them: closing the day does not move visits.",
                len(booked),
            )
            % {"n": len(booked), "day": f"{day.date:%-d %B}", "names": names},
        )
    return redirect("plans:care-settings")


@admin_only
@require_POST
def closed_weekdays_save(request):
    form = WeeklyClosedForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, weekly_form=form, status=400)
    closed_weekdays_set(clinic=request.user.clinic, weekdays=form.cleaned_data["weekdays"])
    messages.success(request, "Weekly closed days saved. New plans and moved visits skip them.")
    return redirect("plans:care-settings")


@admin_only
@require_POST
def closed_day_delete(request):
    form = ClosedDayForm(request.POST)
    form.fields["reason"].required = False
    if form.is_valid() and closed_day_remove(
        clinic=request.user.clinic, day=form.cleaned_data["date"]
    ):
        messages.success(request, "The clinic is open on that day again.")
    return redirect("plans:care-settings")


def _triggers_page(request, *, form=None, status=200):
    rows = [
        (t, TriggerEditForm(initial={"label": t.label, "active": t.active}, prefix=t.code))
        for t in clinic_triggers(request.user.clinic, active_only=False)
    ]
    return render(
        request,
        "plans/triggers.html",
        {"rows": rows, "form": form or TriggerForm()},
        status=status,
    )


@admin_or_therapist
@require_GET
def triggers(request):
    return _triggers_page(request)


@admin_or_therapist
@require_POST
def trigger_new(request):
    form = TriggerForm(request.POST)
    if not form.is_valid():
        return _triggers_page(request, form=form, status=400)
    trigger, _ = trigger_add(clinic=request.user.clinic, label=form.cleaned_data["label"])
    messages.success(request, f"“{trigger.label}” is in the diary's trigger list.")
    return redirect("plans:triggers")


@admin_or_therapist
@require_POST
def trigger_edit(request, code: str):
    trigger = Trigger.objects.filter(clinic=request.user.clinic, code=code).first()
    if trigger is None:
        raise Http404("No such trigger.")
    form = TriggerEditForm(request.POST, prefix=code)
    if form.is_valid():
        trigger_update(
            trigger=trigger, label=form.cleaned_data["label"], active=form.cleaned_data["active"]
        )
        messages.success(request, f"Saved “{trigger.label}”.")
    else:
        messages.error(request, "A trigger needs a name with letters or numbers.")
    return redirect("plans:triggers")
