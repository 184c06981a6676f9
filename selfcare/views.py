from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from clinic.access import own_patient, role_required
from clinic.models import User
from triage.gate import self_care_gate


@role_required(User.Role.PATIENT)
@require_GET
def today(request):
    patient = own_patient(request)
    if patient is None:
        return redirect("clinic:home")
    return render(
        request, "selfcare/today.html", {"patient": patient, "gate": self_care_gate(patient)}
    )
