from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import audit, csvfile
from .access import PEOPLE, own_patient, patient_for, role_required
from .forms import (
    AcceptInvitationForm,
    AssignTherapistsForm,
    ClinicSettingsForm,
    InviteForm,
    JoinClinicForm,
    StaffInviteForm,
)
from .models import AuditEvent, Invitation, Patient, User
from .services import (
    InvitationError,
    StaffError,
    clinic_assign_therapists,
    colleague,
    invitation_accept,
    invitation_send,
    patient_join_clinic,
    staff_deactivate,
    staff_reactivate,
)

Role = User.Role


@login_not_required
@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def ping(request):
    """The smallest signed-in page: who is signed in. Also the benchmarks' ceiling."""
    return render(request, "clinic/ping.html")


@require_GET
def home(request):
    role = request.user.role
    if role == Role.THERAPIST:
        return redirect("plans:dashboard")
    if role == Role.STAFF:
        return redirect("handouts:desk")
    if role == Role.CLINIC_ADMIN:
        return redirect("clinic:people")
    if role == Role.OPERATOR:
        return redirect("admin:index")
    return patient_home(request)


def patient_home(request):
    patient = own_patient(request)
    if patient is None:
        return render(request, "clinic/patient_join.html", {"form": JoinClinicForm()})
    return redirect("selfcare:today")


@require_POST
def join_clinic(request):
    if request.user.role != Role.PATIENT:
        return redirect("clinic:home")
    form = JoinClinicForm(request.POST)
    if not form.is_valid():
        return render(request, "clinic/patient_join.html", {"form": form}, status=400)
    patient_join_clinic(user=request.user, clinic=form.cleaned_data["clinic_code"])
    messages.success(request, f"You have joined {form.cleaned_data['clinic_code'].name}.")
    return redirect("clinic:home")


@login_not_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token: str):
    invitation = get_object_or_404(Invitation.objects.select_related("clinic"), token=token)
    if not invitation.is_usable or request.user.is_authenticated:
        return render(request, "clinic/invitation_used.html", {"invitation": invitation})
    form = AcceptInvitationForm(
        request.POST or None, email=invitation.email, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except InvitationError as exc:
            form.add_error(None, str(exc))
        else:
            login(request, user, backend="clinic.backends.ModelBackend")
            messages.success(request, f"Welcome to {invitation.clinic.name}.")
            return redirect("clinic:home")
    return render(
        request, "clinic/accept_invitation.html", {"form": form, "invitation": invitation}
    )


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def invite(request):
    """Invite a patient by email; the therapist's open invitations are listed below the form.
    (The caseload itself is the dashboard.)"""
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation_send(
                therapist=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
        except InvitationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("clinic:invite")
    pending = Invitation.objects.filter(
        clinic_id=request.user.clinic_id, therapist=request.user, accepted_at__isnull=True
    ).order_by("-created_at")[:50]
    # A form the user must correct is a 400; an email that could not be sent is not their
    # fault, so the page with the message is a 200.
    status = 400 if any(k != "__all__" for k in form.errors) else 200
    return render(request, "clinic/invite.html", {"form": form, "pending": pending}, status=status)


@role_required(Role.CLINIC_ADMIN)
@require_GET
def people(request):
    return _people_page(request)


def _people_page(request, *, invite_form=None, status=200):
    clinic = request.user.clinic
    workforce = (
        User.objects.filter(clinic=clinic)
        .exclude(role=Role.PATIENT)
        .annotate(caseload=Count("assigned_patients"))
        .order_by("role", "full_name")
    )
    query = request.GET.get("q", "").strip()[:100]
    patients_qs = Patient.objects.in_clinic(clinic.pk).select_related("user")
    if query:
        patients_qs = patients_qs.filter(user__full_name__icontains=query)
    patients_qs = patients_qs.prefetch_related("therapists").order_by("user__full_name", "pk")
    page = Paginator(patients_qs, 25).get_page(request.GET.get("page"))
    # Patients who joined with the clinic code wait here until someone assigns them.
    waiting = (
        Patient.objects.in_clinic(clinic.pk)
        .filter(therapists__isnull=True)
        .select_related("user")
        .order_by("-pk")
    )
    pending = Invitation.objects.filter(
        clinic=clinic, accepted_at__isnull=True, role__in=(Role.THERAPIST, Role.STAFF)
    ).order_by("-created_at")
    context = {
        "workforce": workforce, "page": page, "query": query, "clinic": clinic,
        "invite_form": invite_form or StaffInviteForm(), "pending": pending,
        "waiting": waiting[:20],
    }  # fmt: skip
    return render(request, "clinic/people.html", context, status=status)


@role_required(Role.CLINIC_ADMIN)
@require_POST
def staff_invite(request):
    form = StaffInviteForm(request.POST)
    if not form.is_valid():
        return _people_page(request, invite_form=form, status=400)
    invitation_send(
        therapist=request.user, email=form.cleaned_data["email"],
        full_name=form.cleaned_data["full_name"], role=form.cleaned_data["role"],
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )  # fmt: skip
    audit.record(request, action="invite_staff")
    messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
    return redirect("clinic:people")


def _switch_access(request, service, action: str, done: str):
    """Deactivate or reactivate the colleague named by the posted email; say how it went."""
    try:
        person = service(admin=request.user, email=request.POST.get("email", "")[:254])
    except StaffError as exc:
        messages.error(request, str(exc))
    else:
        audit.record(request, action=action, obj=person)
        messages.success(request, f"{person.display_name} {done}.")
    return redirect("clinic:people")


@role_required(Role.CLINIC_ADMIN)
@require_POST
def staff_deactivate_view(request):
    # The people page's button asks first; only the confirmation page's button deactivates.
    if request.POST.get("confirm") != "yes":
        try:
            person = colleague(request.user, request.POST.get("email", "")[:254])
        except StaffError as exc:
            messages.error(request, str(exc))
            return redirect("clinic:people")
        return render(request, "clinic/deactivate_confirm.html", {"person": person})
    return _switch_access(request, staff_deactivate, "deactivate_staff", "can no longer sign in")


@role_required(Role.CLINIC_ADMIN)
@require_POST
def staff_reactivate_view(request):
    return _switch_access(request, staff_reactivate, "reactivate_staff", "can sign in again")


@role_required(Role.CLINIC_ADMIN)
@require_http_methods(["GET", "POST"])
def assign_therapists(request, public_id):
    patient = patient_for(request, public_id, purpose=PEOPLE, action="assign_therapists")
    form = AssignTherapistsForm(
        request.POST or None, patient=patient, initial={"therapists": patient.therapists.all()}
    )
    if request.method == "POST" and form.is_valid():
        clinic_assign_therapists(patient=patient, therapists=form.cleaned_data["therapists"])
        audit.record(request, action="change_assignment", patient=patient)
        messages.success(request, f"Therapists updated for {patient.name}.")
        return redirect("clinic:people")
    return render(request, "clinic/assign.html", {"form": form, "patient": patient})


@role_required(Role.CLINIC_ADMIN)
@require_http_methods(["GET", "POST"])
def clinic_settings(request):
    clinic = request.user.clinic
    form = ClinicSettingsForm(request.POST or None, request.FILES or None, instance=clinic)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Clinic settings saved.")
        return redirect("clinic:settings")
    return render(request, "clinic/settings.html", {"form": form, "clinic": clinic})


AUDIT_PAGE_SIZE = 50


def _audit_events(request):
    """The clinic's audit events, filtered by the query string (bad values are ignored)."""
    from .forms import AuditFilterForm

    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.filter(clinic_id=request.user.clinic_id)
    if form.is_valid():
        events = form.apply(events, request.user.clinic_id)
    return form, events


@dataclass
class AuditRow:
    """One line of the audit log: an event, with the same event repeated right after it folded
    in (a page opened five times in a row is one line, "5 times")."""

    event: AuditEvent
    patient_name: str
    times: int = 1
    first_at: object = None


def audit_rows(events, clinic_id: int) -> list[AuditRow]:
    ids = {e.patient_public_id for e in events if e.patient_public_id}
    names = dict(
        Patient.objects.in_clinic(clinic_id)
        .filter(public_id__in=ids)
        .values_list("public_id", "user__full_name")
    )
    rows: list[AuditRow] = []
    for e in events:
        last = rows[-1].event if rows else None
        key = (e.actor_id, e.actor_email, e.action, e.patient_public_id, e.outcome, e.client_ip)
        if last and key == (
            last.actor_id, last.actor_email, last.action, last.patient_public_id, last.outcome,
            last.client_ip,
        ):  # fmt: skip
            rows[-1].times += 1
            rows[-1].first_at = e.at
            continue
        name = names.get(e.patient_public_id, "Another clinic's or a removed record")
        rows.append(AuditRow(e, name if e.patient_public_id else "", first_at=e.at))
    return rows


@role_required(Role.CLINIC_ADMIN)
@require_GET
def audit_log(request):
    form, events = _audit_events(request)
    page = Paginator(events.select_related("actor"), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = audit_rows(page.object_list, request.user.clinic_id)
    return render(request, "clinic/audit_log.html", {"form": form, "page": page, "rows": rows})


@role_required(Role.CLINIC_ADMIN)
@require_GET
def audit_export(request):
    _, events = _audit_events(request)
    audit.record(request, action="export_audit")
    fields = [
        "at", "actor_email", "role", "action", "patient_public_id", "object_type", "object_id",
        "outcome", "request_id", "client_ip",
    ]  # fmt: skip

    rows = events.values_list(*fields).iterator(chunk_size=2000)
    response = StreamingHttpResponse(
        csvfile.stream(fields, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response


@require_GET
def access_log(request, public_id=None):
    """Who has opened a patient's record: the patient's own, or an assigned therapist's view."""
    if public_id is None:
        patient = own_patient(request)
        if patient is None:
            raise Http404
    else:
        patient = patient_for(request, public_id, action="view_access_log")
    events = AuditEvent.objects.filter(patient_public_id=patient.public_id).select_related("actor")
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "clinic/access_log.html", {"patient": patient, "page": page})
