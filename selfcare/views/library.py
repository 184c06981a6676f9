"""The routine library: browsing, one routine, its picture, and therapists' own routines."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from clinic.access import own_patient, patient_for, role_required
from clinic.models import Patient, User
from triage.models import Screening
from triage.questions import REGION_LABELS

from .. import images, queries, services
from ..allowed import allowance_for
from ..forms import LibraryFilterForm, RoutineForm
from ..library import CONTENT_DIR, PROJECT_ROOT
from ..models import Routine

Role = User.Role
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}


def _patient_allowance(request):
    """For a patient: (patient, allowance) when they may practise, else a redirect to what the
    gate needs first."""
    patient = own_patient(request)
    if patient is None:
        return None, redirect("clinic:home")
    allowance = allowance_for(patient)
    if not allowance.may_practise:
        return None, redirect("triage:gate")
    return (patient, allowance), None


@role_required(Role.PATIENT, Role.THERAPIST)
@require_GET
def library(request):
    routines = queries.routines_for(request.user)
    form = LibraryFilterForm(request.GET or None, for_therapist=request.user.role == Role.THERAPIST)
    context = {"form": form, "hidden": 0, "for_patient": None, "reasons": {}}
    if request.user.role == Role.PATIENT:
        found, response = _patient_allowance(request)
        if response:
            return response
        shown = queries.filter_routines(routines, **form.filters())
        visible = found[1].keep(shown, routine=lambda r: r)
        context["hidden"] = len(shown) - len(visible)
        shown = visible
    else:
        shown = queries.filter_routines(routines, **form.filters())
        context.update(_checked_against(request, form, shown))
    context["routines"] = [(r, context["reasons"].get(r.pk, "")) for r in shown]
    return render(request, "selfcare/library.html", context)


PATIENT_MATCHES = 10


def _checked_against(request, form, shown) -> dict:
    """A therapist checks the list against one patient of their caseload: found by a name or
    email search (at most PATIENT_MATCHES offered; one match is chosen at once) or already
    chosen from those (?for_patient=<id>)."""
    valid = form.is_valid()
    text = form.cleaned_data["patient"].strip() if valid else ""
    chosen = form.cleaned_data["for_patient"] if valid and not text else None
    matches = []
    if text:
        caseload = Patient.objects.for_therapist(request.user).select_related("user")
        matches = list(
            caseload.filter(
                Q(user__full_name__icontains=text) | Q(user__email__icontains=text)
            ).order_by("user__full_name", "pk")[: PATIENT_MATCHES + 1]
        )
        if len(matches) == 1:
            chosen, matches = matches[0].public_id, []
    found = {"patient_matches": matches[:PATIENT_MATCHES],
             "more_matches": len(matches) > PATIENT_MATCHES, "patient_query": text}  # fmt: skip
    if chosen:
        patient = patient_for(request, str(chosen), action="view_exclusions")
        exclusion = queries.exclusion_for(patient)
        found["for_patient"] = patient
        found["reasons"] = {r.pk: exclusion.reason(r) for r in shown if exclusion.blocks(r)}
    return found


def _hidden_for_caseload(therapist: User, routine: Routine) -> list[tuple[Patient, str]]:
    """Which of the therapist's patients cannot see this routine, and why."""
    caseload = list(Patient.objects.for_therapist(therapist).select_related("user"))
    latest: dict[int, Screening] = {}
    screenings = Screening.objects.filter(patient__in=caseload, kind=Screening.Kind.FULL)
    for screening in screenings.only("patient_id", "excluded_regions", "answers", "created_at"):
        latest.setdefault(screening.patient_id, screening)  # newest first by model ordering
    out = []
    for patient in caseload:
        screening = latest.get(patient.pk)
        if screening is None:
            continue
        if reason := queries.exclusion_of(screening).reason(routine):
            out.append((patient, reason))
    return out


@role_required(Role.PATIENT, Role.THERAPIST)
@require_GET
def routine(request, slug: str):
    item = get_object_or_404(Routine.objects.for_clinic(request.user.clinic_id), slug=slug)
    context = {
        "routine": item,
        "regions": [REGION_LABELS[r] for r in item.regions],
        "in_plan": None,
        "hidden_for": [],
    }
    if request.user.role == Role.PATIENT:
        found, response = _patient_allowance(request)
        if response:
            return response
        patient, allowance = found
        if not allowance.offer(item).allowed:
            raise Http404("This routine is hidden by your latest safety check.")
        context["in_plan"] = queries.current_plan_item(patient, slug)
    else:
        context["hidden_for"] = _hidden_for_caseload(request.user, item)
    return render(request, "selfcare/routine.html", context)


@require_GET
def routine_image(request, slug: str, size: str):
    """A routine's picture. Library illustrations are read straight from
    selfcare/content/img (only from that folder); a therapist's photo from media storage, in
    the size asked for. Served by the app itself, so it works the same under DEBUG, in tests
    and in production, and a clinic's own photos are only shown to that clinic's people."""
    if size not in images.SIZES:
        raise Http404("No such size.")
    scope = Q(clinic__isnull=True) | Q(clinic_id=request.user.clinic_id or 0)
    item = get_object_or_404(Routine.objects.filter(scope), slug=slug)
    if request.user.role == Role.PATIENT:
        patient = own_patient(request)
        if patient is None or not allowance_for(patient).practise(item).allowed:
            raise Http404("No picture.")
    if item.photo:
        path = images.rendition(item.photo, size)
        if not default_storage.exists(path):
            raise Http404("No picture.")
        return FileResponse(default_storage.open(path, "rb"), content_type="image/jpeg")
    folder = (CONTENT_DIR / "img").resolve()
    source = (PROJECT_ROOT / item.image).resolve() if item.image else None
    if source is None or folder not in source.parents or not source.is_file():
        raise Http404("No picture.")
    content_type = IMAGE_TYPES.get(source.suffix.lower())
    if content_type is None:
        raise Http404("No picture.")
    return FileResponse(source.open("rb"), content_type=content_type)


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def routine_new(request):
    form = RoutineForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        created = services.routine_create(
            therapist=request.user, data=form.routine_data(), photo=form.cleaned_data["photo"]
        )
        messages.success(request, f"“{created.title}” is now in your clinic's library.")
        return redirect("selfcare:routine", created.slug)
    status = 400 if form.errors else 200
    return render(request, "selfcare/routine_new.html", {"form": form}, status=status)
