"""SOAP visit notes: written, signed (then locked), and added to by addenda."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clinic import audit
from clinic.access import role_required
from clinic.models import AuditEvent, User
from plans.models import Visit

from .. import chart, codes, reports, services
from ..access import note_for, visit_for
from ..bodychart import SITES
from ..forms import AddendumForm, NoteForm
from ..models import Assessment

therapist_only = role_required(User.Role.THERAPIST)


def _context(visit, note, form, addendum_form):
    latest = (
        Assessment.objects.filter(patient=visit.plan.patient)
        .prefetch_related("spots")
        .order_by("-assessed_on", "-id")
        .first()
    )
    labels = {s.key: s.label for s in SITES}
    treated = note.treated_sites if note else []
    return {
        "patient": visit.plan.patient, "visit": visit, "note": note, "form": form,
        "addendum_form": addendum_form, "bill": reports.bill_for(note),
        "treated_labels": [labels.get(k, k) for k in treated],
        "views": chart.views(chart.marks_of(latest.spots.all()) if latest else {}),
    }  # fmt: skip


def _initial(note) -> dict:
    if note is None:
        return {}
    initial = {n: getattr(note, n) for n in ("subjective", "objective", "assessment", "plan")}
    initial["treated_sites"] = note.treated_sites
    for row in note.services.all():
        initial[f"minutes_{row.code.code}"] = row.minutes
    return initial


@therapist_only
@require_http_methods(["GET", "POST"])
def note(request, public_id):
    posting = request.method == "POST"
    visit = visit_for(
        request, public_id, action="change_visit_note" if posting else "view_visit_note"
    )
    note = reports.note_for(visit)
    if note is None and visit.status != Visit.Status.ATTENDED:
        context = {"patient": visit.plan.patient, "visit": visit, "not_attended": True}
        return render(request, "assessment/note.html", context, status=409 if posting else 200)
    available = list(codes.services_for(visit.plan.patient.clinic))
    form = NoteForm(request.POST if posting else None, codes=available, initial=_initial(note))
    if posting and note is not None and note.is_signed:
        audit.record(request, action="change_visit_note", patient=visit.plan.patient, obj=note,
                     outcome=AuditEvent.Outcome.DENIED)  # fmt: skip
        messages.error(request, "This note is signed and cannot be changed. Add an addendum.")
        return render(request, "assessment/note.html",
                      _context(visit, note, None, AddendumForm()), status=409)  # fmt: skip
    if posting and form.is_valid():
        try:
            saved = services.note_save(
                visit=visit, author=request.user, soap=form.soap(),
                treated_sites=form.cleaned_data["treated_sites"],
                services=[services.Minutes(c, m) for c, m in form.minutes()],
            )  # fmt: skip
            if "sign" in request.POST:
                services.note_sign(note=saved, by=request.user)
                audit.record(
                    request, action="sign_visit_note", patient=visit.plan.patient, obj=saved
                )
                messages.success(request, "Note signed. It is now locked; changes go in addenda.")
            else:
                messages.success(request, "Note saved as a draft.")
            return redirect("assessment:note", visit.public_id)
        except (services.NoteError, services.NoteLocked) as exc:
            form.add_error(None, str(exc))
    note_form = None if note and note.is_signed else form
    addendum = AddendumForm() if note and note.is_signed else None
    status = 400 if posting else 200
    return render(
        request, "assessment/note.html", _context(visit, note, note_form, addendum), status=status
    )


@therapist_only
@require_POST
def addendum(request, public_id):
    note = note_for(request, public_id, action="add_note_addendum")
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            services.addendum_add(note=note, author=request.user, text=form.cleaned_data["text"],
                                  key=form.cleaned_data["token"])  # fmt: skip
        except services.NoteError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Addendum added.")
    else:
        messages.error(request, "Write the addendum (up to 2,000 characters).")
    return redirect("assessment:note", note.visit.public_id)
