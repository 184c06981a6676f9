import io
from datetime import date, timedelta

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from pypdf import PdfWriter

from clinic import audit
from clinic.access import PRINT, deny, may_access, patient_for, role_required
from clinic.models import User
from selfcare.allowed import allowance_for
from triage.models import Screening
from triage.summary import summary_context

from . import batch as print_batch
from . import desk as desk_queries
from . import limits
from .plan_pdf import TEMPLATE_VERSION, plan_pdf, routines_context
from .render import RenderBusy, branding_key, cached_pdf, render_pdf

staff_only = role_required(User.Role.STAFF)


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
        deny(request, action="print_screening_summary", patient=screening and screening.patient)
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
def home_plan_pdf(request, public_id):
    """The patient's current home plan: for the patient, an assigned therapist or the desk."""
    patient = patient_for(request, public_id, purpose=PRINT, action="print_plan")
    allowance = allowance_for(patient)
    if patient.user_id == request.user.pk and allowance.may_print and not allowance.may_practise:
        return redirect("triage:gate")  # the patient is here: today's quick check first
    plan = desk_queries.current_plans([patient.pk]).get(patient.pk)
    if plan is None:
        return render(request, "handouts/no_plan.html", {"patient": patient}, status=404)
    if limited := _throttled(request):
        return limited
    try:
        pdf = plan_pdf(plan, allowance)
    except RenderBusy:
        return _busy(request)
    return pdf_response(pdf, f"home-plan-v{plan.version}.pdf")


@require_GET
def doctor_summary_pdf(request, public_id):
    """The one-page summary for the patient's doctor: the patient and assigned therapists."""
    from plans.services import doctor_summary_context

    patient = patient_for(request, public_id, action="print_doctor_summary")
    if limited := _throttled(request):
        return limited
    context = doctor_summary_context(patient, as_of=timezone.localdate())
    try:
        pdf = render_pdf("print/doctor_summary.html", context, clinic=patient.clinic)
    except RenderBusy:
        return _busy(request)
    return pdf_response(pdf, f"headache-summary-{timezone.localdate():%Y-%m-%d}.pdf")


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


@role_required(User.Role.STAFF, User.Role.THERAPIST, User.Role.CLINIC_ADMIN)
@require_GET
def routines_pdf(request):
    """Any routines (?slug=…&slug=…) as a handout without patient data, e.g. for the waiting
    room. Only published routines the user's clinic can see."""
    from selfcare.models import Routine

    slugs = request.GET.getlist("slug")[:12]
    found = {r.slug: r for r in Routine.objects.published().for_clinic(request.user.clinic_id)
             .filter(slug__in=slugs)}  # fmt: skip
    routines = [found[s] for s in dict.fromkeys(slugs) if s in found]
    if not routines:
        raise Http404("Choose at least one routine.")
    if limited := _throttled(request):
        return limited
    key = "routines:" + ",".join(f"{r.slug}@{r.updated_at.isoformat()}" for r in routines)
    clinic = request.user.clinic
    try:
        pdf = cached_pdf(
            f"{key}:{branding_key(clinic)}:{TEMPLATE_VERSION}",
            lambda: render_pdf("print/routines.html", routines_context(routines), clinic=clinic),
        )
    except RenderBusy:
        return _busy(request)
    return pdf_response(pdf, "self-release-routines.pdf")


@staff_only
@require_GET
def desk(request):
    clinic_id = request.user.clinic_id
    today = timezone.localdate()
    query = request.GET.get("q", "")
    found = desk_queries.find_patients(clinic_id, query) if query.strip() else None
    days = [
        (label, day, desk_queries.visits_page(clinic_id, day, request.GET.get(f"{key}_page")))
        for key, label, day in (
            ("today", "Today", today),
            ("tomorrow", "Tomorrow", today + timedelta(days=1)),
        )
    ]
    from selfcare.models import Routine

    routines = Routine.objects.published().for_clinic(clinic_id).order_by("title")
    context = {"query": query, "found": found, "days": days, "routines": routines}
    return render(request, "handouts/desk.html", {**context, **_site_address()})


def _site_address() -> dict:
    """The address the QR codes on handouts open, and whether it is still the development
    default (then a printed code leads nowhere a patient can reach)."""
    return {
        "site_url": settings.SITE_URL,
        "site_url_unset": settings.SITE_URL == settings.DEVELOPMENT_SITE_URL,
    }


@staff_only
@require_http_methods(["GET", "POST"])
def batch(request, day: str):
    """The day's plans; POST queues them for the task workers, and the page then follows the
    batch (?batch=<token>) until the whole PDF can be opened."""
    when = _day(day)
    if request.method == "POST":
        token = print_batch.start(request.user.clinic_id, when)
        return redirect(f"{reverse('handouts:batch', args=[when.isoformat()])}?batch={token}")
    plans = desk_queries.plans_for_day(request.user.clinic_id, when)
    token = request.GET.get("batch", "")[:64]
    progress = print_batch.progress(token, request.user.clinic_id, when) if token else None
    context = {"day": when, "plans": plans, "progress": progress, "unknown": bool(token)}
    context.update(_site_address())
    return render(request, "handouts/batch.html", context)


@staff_only
@require_GET
def batch_status(request, day: str):
    """The batch's progress as JSON, for the page's script."""
    token = request.GET.get("batch", "")[:64]
    progress = print_batch.progress(token, request.user.clinic_id, _day(day))
    if progress is None:
        raise Http404("No such batch.")
    return JsonResponse(progress.as_json())


@staff_only
@require_GET
def batch_pdf(request, day: str):
    when = _day(day)
    plans = desk_queries.plans_for_day(request.user.clinic_id, when)
    if not plans:
        return render(request, "handouts/batch.html", {"day": when, "plans": []}, status=404)
    if limited := _throttled(request):
        return limited
    writer = PdfWriter()
    try:
        for plan in plans:
            audit.record(request, action="print_plan", patient=plan.patient, obj=plan)
            writer.append(io.BytesIO(plan_pdf(plan)))
    except RenderBusy:
        return _busy(request)
    out = io.BytesIO()
    writer.write(out)
    return pdf_response(out.getvalue(), f"home-plans-{when:%Y-%m-%d}.pdf")


def _day(text: str) -> date:
    parsed = desk_queries.parse_date(text)
    if parsed is None:
        raise Http404("Not a date.")
    return parsed
