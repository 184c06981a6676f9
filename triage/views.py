from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clinic import audit
from clinic.access import deny, may_access, own_patient, patient_for, role_required
from clinic.models import Patient, User

from . import gate as gates
from .forms import ClearanceForm, QuickCheckForm, StepForm, StopForm
from .models import QuickCheck, Screening, ScreeningDraft
from .partial import resume_step
from .questions import STEPS, fill_hidden_defaults, web_questions
from .rules import RULESET_VERSION
from .services import (
    InvalidAnswers,
    quick_check_submit,
    screening_clear,
    screening_submit,
    session_stop_submit,
    step_answers_save,
)
from .summary import summary_context

STEP_CODES = [code for code, _ in STEPS]
patient_only = role_required(User.Role.PATIENT)


def _own_patient_or_home(request) -> Patient:
    patient = own_patient(request)
    if patient is None:
        raise Http404("Join a clinic first.")
    return patient


@patient_only
@require_GET
def start(request):
    patient = _own_patient_or_home(request)
    draft = ScreeningDraft.objects.filter(patient=patient).first()
    resume = resume_step(draft.answers) if draft and draft.answers else STEP_CODES[0]
    latest = patient.screenings.first()
    context = {"draft": draft, "resume": resume, "latest": latest}
    return render(request, "triage/start.html", context)


@patient_only
@require_http_methods(["GET", "POST"])
def step(request, code: str):
    if code not in STEP_CODES:
        raise Http404("No such step.")
    patient = _own_patient_or_home(request)
    draft, _ = ScreeningDraft.objects.get_or_create(patient=patient)
    questions = web_questions(code)
    form = StepForm(request.POST or None, questions=questions, initial=draft.answers)
    if request.method == "POST" and form.is_valid():
        return _save_step(request, patient, code, form.answers())
    index = STEP_CODES.index(code)
    context = {
        "form": form,
        "step_code": code,
        "step_title": dict(STEPS)[code],
        "step_number": index + 1,
        "steps": STEPS,
        "previous": STEP_CODES[index - 1] if index else None,
    }
    return render(request, "triage/step.html", context, status=400 if form.errors else 200)


def _save_step(request, patient: Patient, code: str, answers: dict):
    """Save a step; if the answers so far decide the result on their own, show it now."""
    try:
        ended = step_answers_save(patient=patient, answers=answers)
    except InvalidAnswers:
        # Only a draft saved under older questions can fail here: start again, never a 500.
        ScreeningDraft.objects.filter(patient=patient).delete()
        messages.error(request, "Please answer the questions again from the start.")
        return redirect("triage:step", STEP_CODES[0])
    if ended is not None:
        audit.record(request, action="submit_screening", patient=patient, obj=ended)
        return redirect("triage:result", ended.public_id)
    index = STEP_CODES.index(code)
    if index + 1 < len(STEP_CODES):
        return redirect("triage:step", STEP_CODES[index + 1])
    return _submit(request, patient, ScreeningDraft.objects.get(patient=patient))


def _submit(request, patient: Patient, draft: ScreeningDraft):
    try:
        screening = screening_submit(patient=patient, answers=fill_hidden_defaults(draft.answers))
    except InvalidAnswers as exc:
        # An earlier step was skipped: go back to the first one with a missing answer.
        missing = {problem.split(":")[0] for problem in exc.problems}
        first = next(c for c in STEP_CODES if {q.key for q in web_questions(c)} & missing)
        messages.error(request, "A few questions still need an answer.")
        return redirect("triage:step", first)
    audit.record(request, action="submit_screening", patient=patient, obj=screening)
    return redirect("triage:result", screening.public_id)


def _screening_for(request, public_id, action: str) -> Screening:
    screening = (
        Screening.objects.select_related("patient__user", "patient__clinic")
        .filter(public_id=public_id)
        .first()
    )
    if screening is None or not may_access(request.user, screening.patient):
        deny(request, action=action, patient=screening and screening.patient)
        raise Http404("No such screening.")
    audit.record(request, action=action, patient=screening.patient, obj=screening)
    return screening


@require_GET
def result(request, public_id):
    screening = _screening_for(request, public_id, "view_screening")
    return render(request, "triage/result.html", summary_context(screening))


@require_GET
def summary(request, public_id):
    screening = _screening_for(request, public_id, "print_screening_summary")
    return render(request, "triage/summary.html", summary_context(screening))


@patient_only
@require_GET
def gate(request):
    """Where the self-care gate sends a patient: what is needed before practice, and why."""
    patient = _own_patient_or_home(request)
    state = gates.self_care_gate(patient)
    if state.state == gates.BLOCKED:
        return redirect("triage:result", state.screening.public_id)
    if state.state == gates.NEEDS_QUICK_CHECK:
        return redirect("triage:quick-check")
    if state.open:
        return redirect("selfcare:today")
    return render(request, "triage/gate.html", {"gate": state})


@patient_only
@require_http_methods(["GET", "POST"])
def quick_check(request):
    patient = _own_patient_or_home(request)
    form = QuickCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check, _ = quick_check_submit(
            patient=patient, day=timezone.localdate(), answers=form.answers()
        )
        audit.record(request, action="submit_quick_check", patient=patient, obj=check)
        if check.anything_new:
            messages.info(
                request, "Thank you. Something has changed, so please answer the full questions."
            )
            return redirect("triage:start")
        return redirect("selfcare:today")
    return render(
        request, "triage/quick_check.html", {"form": form}, status=400 if form.errors else 200
    )


@patient_only
@require_http_methods(["GET", "POST"])
def stop(request):
    patient = _own_patient_or_home(request)
    form = StopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        screening = session_stop_submit(
            patient=patient,
            symptoms=form.cleaned_data["session_symptoms"],
            resolved=form.cleaned_data["session_symptoms_resolved"] == "yes",
        )
        audit.record(request, action="submit_session_stop", patient=patient, obj=screening)
        return redirect("triage:result", screening.public_id)
    return render(request, "triage/stop.html", {"form": form}, status=400 if form.errors else 200)


@role_required(User.Role.THERAPIST)
@require_GET
def patient_history(request, public_id):
    patient = patient_for(request, public_id, action="view_screenings")
    page = Paginator(patient.screenings.select_related("cleared_by"), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "triage/history.html",
        {"patient": patient, "page": page, "form": ClearanceForm(), "ruleset": RULESET_VERSION},
    )


@role_required(User.Role.THERAPIST)
@require_POST
def clear(request, public_id):
    screening = get_object_or_404(Screening.objects.select_related("patient"), public_id=public_id)
    patient = patient_for(request, screening.patient.public_id, action="clear_screening")
    form = ClearanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A note is required to clear a result.")
    else:
        # patient_for above has already written this clearance to the audit trail
        screening_clear(screening=screening, therapist=request.user, note=form.cleaned_data["note"])
        messages.success(request, f"Self-care cleared for {patient.name}.")
    return redirect("triage:patient-history", patient.public_id)


@role_required(User.Role.THERAPIST)
@require_GET
def attention(request):
    """Open red-flag results, and "something new" quick checks with no full screening since."""
    open_flags = Screening.objects.open_red_flags().filter(patient=OuterRef("pk"))
    new_checks = QuickCheck.objects.something_new_open().filter(patient=OuterRef("pk"))
    patients = (
        Patient.objects.for_therapist(request.user)
        .filter(Exists(open_flags) | Exists(new_checks))
        .select_related("user")
        .order_by("user__full_name")
    )
    flags: dict[int, Screening] = {}
    for flag in Screening.objects.open_red_flags().filter(patient__in=patients):
        flags.setdefault(flag.patient_id, flag)  # newest first by the model's ordering
    checks: dict[int, QuickCheck] = {}
    for check in QuickCheck.objects.something_new_open().filter(patient__in=patients):
        if check.patient_id not in checks or check.created_at > checks[check.patient_id].created_at:
            checks[check.patient_id] = check
    rows = [(p, flags.get(p.pk), checks.get(p.pk)) for p in patients]
    return render(request, "triage/attention.html", {"rows": rows})
