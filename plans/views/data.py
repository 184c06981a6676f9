"""The patient's data download and the visit calendar feed."""

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from clinic import audit

from .. import export as exporter
from ..ical import Event, calendar, visit_uid
from ..models import CalendarFeed, Visit
from ..services import calendar_feed_issue, calendar_feed_revoke
from .patient import me, patient_only

DEFAULT_VISIT_MINUTES = 45


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@patient_only
@require_GET
def export(request):
    patient = me(request)
    chosen = request.GET.get("format", "")
    kind = request.GET.get("kind", "")
    if chosen not in ("json", "csv"):
        return render(request, "plans/export.html", {"kinds": exporter.KIND_LABELS.items()})
    if kind and kind not in exporter.KINDS:
        raise Http404("No such kind of data.")
    audit.record(request, action="export", patient=patient)
    now = timezone.now()
    data = exporter.patient_data(patient)
    stamp = timezone.localdate(now).isoformat()
    if chosen == "json":
        return _download(
            exporter.as_json(data, exported=now), f"my-data-{stamp}.json", "application/json"
        )
    if kind:
        return _download(
            exporter.as_csv(data[kind], exporter.COLUMNS[kind]),
            f"my-{kind}-{stamp}.csv",
            "text/csv; charset=utf-8",
        )
    return _download(exporter.as_zip(data), f"my-data-{stamp}.zip", "application/zip")


@patient_only
@require_GET
def calendar_page(request):
    patient = me(request)
    feed = CalendarFeed.objects.filter(patient=patient).first()
    return render(request, "plans/calendar.html", {"feed": feed})


@patient_only
@require_POST
def calendar_issue(request):
    """A new address, shown on this one answer only: the database keeps just its hash."""
    patient = me(request)
    feed = calendar_feed_issue(patient=patient)
    audit.record(request, action="issue_calendar_feed", patient=patient)
    url = request.build_absolute_uri(reverse("plans:calendar-feed", args=[feed.token]))
    context = {
        "feed": feed,
        "feed_token": feed.token,
        "feed_url": url,
        # Phones open webcal:// addresses straight in their calendar app as a subscription.
        "webcal_url": "webcal://" + url.split("://", 1)[1],
    }
    return render(request, "plans/calendar.html", context)


@patient_only
@require_POST
def calendar_revoke(request):
    patient = me(request)
    calendar_feed_revoke(patient=patient)
    audit.record(request, action="revoke_calendar_feed", patient=patient)
    messages.success(request, "Your calendar address is switched off.")
    return redirect("plans:calendar")


@login_not_required
@require_GET
def calendar_feed(request, token: str):
    """Visit times and the clinic's name only: no treatment details, nothing about health."""
    feed = CalendarFeed.for_token(token).select_related("patient__clinic", "patient__user").first()
    if feed is None or not feed.patient.user.is_active:
        raise Http404("No such calendar.")
    patient = feed.patient
    audit.record(request, action="calendar_feed", patient=patient)
    clinic = patient.clinic.name
    visits = Visit.objects.filter(plan__patient=patient, status__in=Visit.UPCOMING)
    events = []
    for visit in visits.order_by("date", "time"):
        start = None
        if visit.time is not None:
            start = timezone.make_aware(datetime.combine(visit.date, visit.time))
        events.append(
            Event(
                uid=visit_uid(visit),
                summary=f"Visit: {clinic}",
                day=visit.date,
                start=start,
                end=start + timedelta(minutes=DEFAULT_VISIT_MINUTES) if start else None,
            )
        )
    body = calendar(events, name=clinic, stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
