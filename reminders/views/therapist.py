"""A therapist suggests a practice reminder that matches the home plan."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from clinic.access import patient_for, role_required
from clinic.models import User

from .. import services


@role_required(User.Role.THERAPIST)
@require_POST
def suggest(request, public_id):
    patient = patient_for(request, public_id, action="suggest_reminders")
    try:
        services.reminder_suggest(
            therapist=request.user, patient=patient, time_zone=settings.TIME_ZONE
        )
    except services.ReminderError as exc:
        messages.info(request, str(exc))
    else:
        messages.success(request, "Reminder suggested. The patient sees it and can accept it.")
    return redirect("plans:patient", public_id=patient.public_id)
