"""The patient's reminder settings and the devices that get notifications."""

import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clinic import audit
from clinic.access import own_patient, role_required
from clinic.models import User

from .. import push, services
from ..forms import ReminderForm
from ..models import Kind, ReminderSchedule

patient_only = role_required(User.Role.PATIENT)
RECENT = 10


def _me(request):
    patient = own_patient(request)
    if patient is None:
        raise Http404("Join a clinic first.")
    return patient


def _initial(reminder: ReminderSchedule | None, kind: str) -> dict:
    if reminder is None:
        return {
            "enabled": False,
            "weekdays": [0, 1, 2, 3, 4, 5, 6],
            "at": services.DEFAULT_TIMES[kind],
            "time_zone": settings.TIME_ZONE,
        }
    return {
        "enabled": reminder.enabled and reminder.accepted,
        "weekdays": reminder.weekdays,
        "at": reminder.at,
        "time_zone": reminder.time_zone,
        "quiet_from": reminder.quiet_from,
        "quiet_until": reminder.quiet_until,
    }


@patient_only
@require_http_methods(["GET", "POST"])
def settings_page(request):
    patient = _me(request)
    saved = {r.kind: r for r in ReminderSchedule.objects.filter(patient=patient)}
    kind = request.POST.get("kind") if request.method == "POST" else None
    forms = {
        k: ReminderForm(
            request.POST if k == kind else None, kind=k, initial=_initial(saved.get(k), k)
        )
        for k in Kind.values
    }
    if kind in forms and forms[kind].is_valid():
        data = forms[kind].cleaned_data
        try:
            services.reminder_save(
                patient=patient,
                choice=services.Choice(kind=kind, **{**data, "weekdays": tuple(data["weekdays"])}),
            )
        except services.ReminderError as exc:
            forms[kind].add_error("time_zone", str(exc))
        else:
            audit.record(request, action="change_reminders", patient=patient)
            messages.success(request, f"{Kind(kind).label} reminder saved.")
            return redirect("reminders:settings")
    context = {
        "forms": list(forms.values()),
        "suggested": [r for r in saved.values() if not r.accepted and r.suggested_by_id],
        "devices": patient.push_devices.order_by("-created_at"),
        "recent": patient.reminder_sends.all()[:RECENT],
        "vapid_key": push.public_key(),
    }
    status = 400 if any(f.errors for f in forms.values()) else 200
    return render(request, "reminders/settings.html", context, status=status)


def _json(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@patient_only
@require_POST
def device_add(request):
    """A browser's push subscription, as the JSON of PushSubscription.toJSON()."""
    patient = _me(request)
    data = _json(request)
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    try:
        services.device_save(
            patient=patient,
            endpoint=str(data.get("endpoint", "")),
            p256dh=str(keys.get("p256dh", "")),
            auth=str(keys.get("auth", "")),
            label=str(data.get("label", ""))[:80],
        )
    except services.ReminderError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    audit.record(request, action="change_reminders", patient=patient)
    return JsonResponse({"ok": True})


@patient_only
@require_POST
def device_remove(request):
    patient = _me(request)
    if request.content_type == "application/json":
        endpoint = str(_json(request).get("endpoint", ""))
    else:
        endpoint = request.POST.get("endpoint", "")
    services.device_remove(patient=patient, endpoint=endpoint[:1000])
    audit.record(request, action="change_reminders", patient=patient)
    if request.content_type == "application/json":
        return JsonResponse({"ok": True})
    messages.success(request, "That device will no longer get reminders.")
    return redirect("reminders:settings")
