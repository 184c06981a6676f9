import time
import uuid

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import redirect, render

# Paths a workforce user may reach before enrolling TOTP: the account pages (to enrol, log out),
# static files and the health check. Nothing under them shows patient data.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz")


FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_FORWARDED",
    "HTTP_X_REAL_IP",
)


def proxy_headers(get_response):
    """Forwarded headers count only from a configured proxy (DJANGO_TRUSTED_PROXIES). From any
    other peer they are removed before anything reads them, so a client that reaches the app
    directly can neither pick its own address (rate limits, the audit trail) nor claim HTTPS."""
    from clinic.audit import client_ip, peer_is_trusted_proxy

    def middleware(request):
        if not peer_is_trusted_proxy(request.META):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        client_ip(request)  # worked out once, from what is left
        return get_response(request)

    return middleware


def no_nul_in_query(get_response):
    """A NUL character in the query string is a 400: no page needs one, and PostgreSQL refuses
    it in any query (a search box would answer 500). Forms refuse it in posted fields."""

    def middleware(request):
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest("Bad request.", content_type="text/plain")
        return get_response(request)

    return middleware


def session_timeouts(get_response):
    """Idle logoff (15 min workforce, 30 min patients) and a 12-hour absolute limit.
    The last-seen time is written at most once a minute, so most requests write no session."""

    def middleware(request):
        request.request_id = str(uuid.uuid4())
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault("auth_at", now)
            seen = session.get("seen_at", now)
            idle = (
                settings.SESSION_IDLE_WORKFORCE
                if user.requires_mfa  # the workforce and platform operators
                else settings.SESSION_IDLE_PATIENT
            )
            if now - seen > idle or now - started > settings.SESSION_ABSOLUTE:
                logout(request)
                messages.info(request, "You were signed out to keep your information safe.")
                return redirect(settings.LOGIN_URL)
            if now - seen >= 60 or "seen_at" not in session:
                session["seen_at"] = now
        return get_response(request)

    return middleware


def workforce_mfa_required(get_response):
    """Therapists, front-desk staff, clinic admins and platform operators enrol TOTP before any
    other page."""

    def middleware(request):
        user = request.user
        if (
            user.is_authenticated
            and user.requires_mfa
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and not request.session.get("mfa_enrolled")
        ):
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                messages.info(
                    request, "Please set up two-factor authentication before you continue."
                )
                return redirect("mfa_activate_totp")
            request.session["mfa_enrolled"] = True
        return get_response(request)

    return middleware


def no_store_for_users(get_response):
    """Pages for a logged-in user may hold health data: no browser or proxy may keep them."""

    def middleware(request):
        response = get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response

    return middleware


class AuditFailureMiddleware:
    """When the audit trail cannot be written the record is not served: a calm 503 instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from clinic.audit import AuditUnavailable

        if isinstance(exception, AuditUnavailable):
            response = render(request, "503.html", status=503)
            response["Retry-After"] = "30"
            return response
        return None


class CompressionMiddleware(GZipMiddleware):
    """gzip for pages, with Django's random padding against BREACH, but never for a response
    that could mix a secret with text the requester chose (see docs/performance.md): anything
    answering a query string or a form post, the account pages (two-factor secrets and recovery
    codes) and the calendar page (the feed address). Static files are compressed ahead of time
    by WhiteNoise, which answers them before this runs."""

    SECRET_PREFIXES = ("/accounts/", "/calendar/")
    TYPES = ("text/", "application/json", "image/svg+xml")

    def process_response(self, request, response):
        if (
            request.method != "GET"
            or request.META.get("QUERY_STRING")
            or request.path.startswith(self.SECRET_PREFIXES)
            or not response.get("Content-Type", "").startswith(self.TYPES)
        ):
            return response
        return super().process_response(request, response)
