"""The installable app: manifest, service worker (served from the site root so its scope covers
every page), the offline fallback page, and the endpoint the service worker sends queued writes
to."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_POST

from clinic import audit
from clinic.access import own_patient
from clinic.models import User

from .. import offline

SW_FILE = Path(settings.BASE_DIR) / "static" / "js" / "sw.js"
DEFAULT_THEME = "#0f766e"
MAX_BODY = 256 * 1024


@login_not_required
@require_GET
def manifest(request):
    clinic = getattr(request.user, "clinic", None) if request.user.is_authenticated else None
    name = clinic.name if clinic else "Headache Clinic"
    icons = [
        {
            "src": static(f"img/icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
        }
        for size in (192, 512)
    ]
    icons.append(
        {
            "src": static("img/icons/maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        }
    )
    data = {
        "name": name,
        "short_name": name if len(name) <= 12 else "Clinic",
        "id": "/today/",
        "start_url": "/today/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": clinic.accent_colour if clinic else DEFAULT_THEME,
        "icons": icons,
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_GET
def service_worker(request):
    response = FileResponse(SW_FILE.open("rb"), content_type="text/javascript")
    # Browsers check for a new worker on every visit; never let a cache pin an old one.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
@require_GET
def offline_page(request):
    # Shown by the service worker for a page it has not kept: no personal content at all.
    return render(request, "reminders/offline.html")


@require_POST
def sync(request):
    """Queued writes from the phone, as JSON: {"items": [{key, kind, slug, day, fields}]}."""
    patient = own_patient(request)
    if patient is None or request.user.role != User.Role.PATIENT:
        return JsonResponse({"error": "Only a patient's own phone can send entries."}, status=404)
    if len(request.body) > MAX_BODY:
        return JsonResponse({"error": "Too much at once."}, status=413)
    try:
        items = json.loads(request.body or b"{}").get("items")
    except (ValueError, AttributeError):
        return HttpResponseBadRequest("Send JSON with a list of items.")
    if not isinstance(items, list):
        return HttpResponseBadRequest("Send JSON with a list of items.")
    outcomes = offline.sync_batch(patient=patient, user=request.user, items=items)
    for outcome in outcomes:
        if outcome.kind:
            audit.record(
                request,
                action="log_practice" if outcome.kind == "practice" else "save_diary",
                patient=patient,
                obj=outcome.obj,
                outcome="allowed" if outcome.status == "saved" else "denied",
            )
    return JsonResponse({"results": [o.as_dict() for o in outcomes]})
