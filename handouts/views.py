from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clinic import audit
from clinic.access import may_access, role_required
from clinic.models import AuditEvent, User
from triage.models import Screening
from triage.summary import summary_context

from . import limits
from .render import RenderBusy, render_pdf


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _throttled(request) -> HttpResponse | None:
    if wait := limits.take(request.user.pk):
        response = render(request, "handouts/busy.html", status=429)
        response["Retry-After"] = str(wait)
        return response
    return None


def _busy(request) -> HttpResponse:
    response = render(request, "handouts/busy.html", status=503)
    response["Retry-After"] = "10"
    return response


@require_GET
def screening_pdf(request, public_id):
    screening = (
        Screening.objects.select_related("patient__user", "patient__clinic")
        .filter(public_id=public_id)
        .first()
    )
    if screening is None or not may_access(request.user, screening.patient):
        audit.record(request, action="print_screening_summary", outcome=AuditEvent.Outcome.DENIED)
        raise Http404("No such screening.")
    if limited := _throttled(request):
        return limited
    audit.record(
        request, action="print_screening_summary", patient=screening.patient, obj=screening
    )
    try:
        pdf = render_pdf(
            "print/screening_summary.html",
            summary_context(screening),
            clinic=screening.patient.clinic,
        )
    except RenderBusy:
        return _busy(request)
    return pdf_response(pdf, f"screening-{screening.created_at:%Y-%m-%d}.pdf")


@require_GET
def blank_diary(request):
    if limited := _throttled(request):
        return limited
    try:
        pdf = render_pdf(
            "print/blank_diary.html", {"diary_rows": range(28)}, clinic=request.user.clinic
        )
    except RenderBusy:
        return _busy(request)
    return pdf_response(pdf, "headache-diary.pdf")


@role_required(User.Role.STAFF)
@require_GET
def desk(request):
    return render(request, "handouts/desk.html")
