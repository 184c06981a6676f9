from django.shortcuts import render
from django.views.decorators.http import require_GET

from clinic.access import own_patient, role_required
from clinic.models import User


@role_required(User.Role.PATIENT)
@require_GET
def today(request):
    return render(request, "selfcare/today.html", {"patient": own_patient(request)})
