from django.shortcuts import render
from django.views.decorators.http import require_GET

from clinic.access import role_required
from clinic.models import User


@role_required(User.Role.STAFF)
@require_GET
def desk(request):
    return render(request, "handouts/desk.html")
