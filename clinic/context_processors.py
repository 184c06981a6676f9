from django.conf import settings


def clinic(request):
    """The user's clinic (for branding) and the emergency number shown on every page."""
    user = getattr(request, "user", None)
    current = user.clinic if user is not None and user.is_authenticated else None
    number = current.emergency_number if current else settings.CLINIC_EMERGENCY_NUMBER
    return {"current_clinic": current, "emergency_number": number}
