"""The patient's own pages: diary, progress, visits and questionnaires."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clinic import audit
from clinic.access import own_patient, role_required
from clinic.models import Patient, User

from ..clinic_settings import clinic_triggers
from ..forms import DiaryEntryForm, QuestionnaireForm, QuickDiaryForm
from ..instruments import TIMEPOINT_CHOICES
from ..models import DiaryEntry
from ..reports import due_questionnaires, patient_outcomes, plan_progress
from ..services import (
    DIARY_EDIT_DAYS,
    DiaryLocked,
    diary_editable_days,
    diary_entry_save,
    diary_is_editable,
    diary_no_headache,
    questionnaire_submit,
)

patient_only = role_required(User.Role.PATIENT)
OLDER_PER_PAGE = 28


def me(request) -> Patient:
    patient = own_patient(request)
    if patient is None:
        raise Http404("Join a clinic first.")
    return patient


def _day(value: str, today: date) -> date:
    if value == "today":
        return today
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise Http404("No such day.") from None
    if day > today:
        raise Http404("That day has not happened yet.")
    return day


@patient_only
@require_GET
def diary(request):
    patient = me(request)
    audit.record(request, action="view_diary", patient=patient)
    today = timezone.localdate()
    first_editable = today - timedelta(days=DIARY_EDIT_DAYS - 1)
    entries = DiaryEntry.objects.filter(patient=patient)
    recent = {e.date: e for e in entries.filter(date__gte=first_editable, date__lte=today)}
    older = Paginator(entries.filter(date__lt=first_editable), OLDER_PER_PAGE)
    context = {
        "patient": patient,
        "today": today,
        "today_entry": recent.get(today),
        "week": [(day, recent.get(day)) for day in diary_editable_days(today)],
        "page": older.get_page(request.GET.get("page")),
        "due": due_questionnaires(patient, plan_progress(patient, today=today)),
    }
    return render(request, "plans/diary.html", context)


@patient_only
@require_http_methods(["GET", "POST"])
def diary_entry(request, day: str):
    patient = me(request)
    today = timezone.localdate()
    day = _day(day, today)
    entry = DiaryEntry.objects.filter(patient=patient, date=day).first()
    saving = request.method == "POST"
    audit.record(request, action="save_diary" if saving else "view_diary", patient=patient)
    triggers = clinic_triggers(patient.clinic, active_only=False)
    context = {"day": day, "today": today, "entry": entry, "editable": True}
    if not diary_is_editable(day, today):
        context |= {"editable": False, "trigger_labels": {t.code: t.label for t in triggers}}
        return render(request, "plans/diary_entry.html", context, status=400 if saving else 200)
    form = DiaryEntryForm(request.POST if saving else None, triggers=triggers, entry=entry)
    # "I had a headache" on Today has answered the yes/no question already.
    if not saving and request.GET.get("headache") == "yes":
        form.initial["headache"] = "yes"
        context["headache_given"] = True
    if saving and form.is_valid():
        entry, result = diary_entry_save(
            patient=patient,
            day=day,
            values=form.values(),
            by=request.user,
            today=today,
            token=form.cleaned_data["token"],
        )
        if result != "unchanged":
            messages.success(request, f"Saved your diary for {day:%A %-d %B}.")
        return redirect("plans:diary")
    context["form"] = form
    return render(request, "plans/diary_entry.html", context, status=400 if form.errors else 200)


@patient_only
@require_POST
def diary_quick(request):
    patient = me(request)
    form = QuickDiaryForm(request.POST)
    today = timezone.localdate()
    if not form.is_valid():
        messages.error(request, "That did not work; please try again.")
        return redirect("plans:diary")
    day = form.cleaned_data["day"]
    try:
        entry, created = diary_no_headache(patient=patient, day=day, by=request.user, today=today)
    except DiaryLocked:
        messages.error(request, "That day can no longer be changed.")
        return redirect("plans:diary")
    audit.record(request, action="save_diary", patient=patient)
    if created:
        messages.success(request, f"Saved: no headache on {day:%A %-d %B}.")
    else:
        messages.info(request, f"{day:%A %-d %B} is already in your diary; you can edit it.")
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("plans:diary")


@patient_only
@require_GET
def progress(request):
    patient = me(request)
    audit.record(request, action="view_outcomes", patient=patient)
    outcomes = patient_outcomes(patient, as_of=timezone.localdate())
    return render(request, "plans/progress.html", {"patient": patient, "outcomes": outcomes})


@patient_only
@require_GET
def visits(request):
    patient = me(request)
    audit.record(request, action="view_care_plan", patient=patient)
    progress = plan_progress(patient, today=timezone.localdate())
    context = {
        "patient": patient,
        "progress": progress,
        "rows": [(v, progress.label(v)) for v in progress.visits],
        "due": due_questionnaires(patient, progress),
    }
    return render(request, "plans/visits.html", context)


@patient_only
@require_http_methods(["GET", "POST"])
def questionnaire(request, code: str):
    patient = me(request)
    progress = plan_progress(patient, today=timezone.localdate())
    due = {i.code: (i, t) for i, t in due_questionnaires(patient, progress)}
    if code not in due:
        raise Http404("No questionnaire is due.")
    audit.record(request, action="view_questionnaire", patient=patient)
    instrument, timepoint = due[code]
    form = QuestionnaireForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        response, _ = questionnaire_submit(
            patient=patient,
            plan=progress.plan,
            instrument=instrument,
            timepoint=timepoint,
            answers=form.answers(),
            key=form.cleaned_data["token"],
        )
        audit.record(request, action="submit_questionnaire", patient=patient, obj=response)
        messages.success(request, f"Thank you. Your score is {response.total}.")
        return redirect("plans:progress")
    context = {
        "form": form,
        "instrument": instrument,
        "timepoint_label": dict(TIMEPOINT_CHOICES)[timepoint],
    }
    return render(request, "plans/questionnaire.html", context, status=400 if form.errors else 200)
