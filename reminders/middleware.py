"""Marks the responses the service worker may keep for offline use, and clears the phone on
sign-out. Pages stay `Cache-Control: no-store` for every other cache; the service worker keeps a
marked page only in a cache named after its owner, and drops every other owner's cache first."""

from django.urls import reverse
from django.utils.crypto import salted_hmac

OFFLINE_ROUTES = frozenset(
    {
        "selfcare:today",
        "selfcare:practice",
        "selfcare:routine-image",
        "plans:diary",
        "plans:diary-entry",
    }
)


def offline_owner(user) -> str:
    """A stable, unguessable name for one user's offline cache."""
    return salted_hmac("reminders.offline-owner", str(user.pk)).hexdigest()[:24]


def offline_pages(get_response):
    logout_path = None

    def middleware(request):
        nonlocal logout_path
        response = get_response(request)
        logout_path = logout_path or reverse("account_logout")
        if request.method == "POST" and request.path == logout_path and response.status_code == 302:
            # The browser drops the offline copies, the queue and the service worker itself.
            response["Clear-Site-Data"] = '"cache", "storage"'
            return response
        user = request.user
        match = getattr(request, "resolver_match", None)
        if (
            request.method == "GET"
            and response.status_code == 200
            and user.is_authenticated
            and user.role == "patient"
            and match is not None
            and match.view_name in OFFLINE_ROUTES
        ):
            response["X-Offline-Owner"] = offline_owner(user)
        return response

    return middleware
