"""The clinic admin's code lists: add codes, switch them on or off."""

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from clinic.access import role_required
from clinic.models import User

from ..codes import seed_codes
from ..models import DiagnosisCode, ServiceCode

admin_only = role_required(User.Role.CLINIC_ADMIN)
KINDS = {"diagnosis": DiagnosisCode, "service": ServiceCode}


class CodeForm(forms.Form):
    kind = forms.ChoiceField(
        label="List", choices=[("diagnosis", "Diagnosis codes"), ("service", "Service codes")]
    )
    code = forms.RegexField(
        label="Code", max_length=12, regex=r"^[A-Za-z0-9.\-]+$",
        error_messages={"invalid": "Letters, digits, dots and hyphens only."},
    )  # fmt: skip
    label = forms.CharField(label="Description", max_length=120)
    timed = forms.BooleanField(label="Timed (billed per 15 minutes)", required=False)


def _toggle(request, clinic) -> None:
    kind, _, pk = request.POST.get("toggle", "").partition(":")
    model = KINDS.get(kind)
    row = model.objects.filter(clinic=clinic, pk=pk).first() if model and pk.isdigit() else None
    if row is None:
        messages.error(request, "No such code.")
        return
    row.active = not row.active
    row.save(update_fields=["active"])
    messages.success(request, f"{row.code} is {'on' if row.active else 'off'}.")


@admin_only
@require_http_methods(["GET", "POST"])
def code_lists(request):
    clinic = request.user.clinic
    seed_codes(clinic)
    form = CodeForm(request.POST if "add" in request.POST else None)
    if request.method == "POST" and "toggle" in request.POST:
        _toggle(request, clinic)
        return redirect("assessment:codes")
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        extra = {"timed": d["timed"]} if d["kind"] == "service" else {}
        try:
            with transaction.atomic():
                KINDS[d["kind"]].objects.create(
                    clinic=clinic, code=d["code"].upper(), label=d["label"], **extra
                )
        except IntegrityError:
            form.add_error("code", "That code is already on the list.")
        else:
            messages.success(request, f"Added {d['code'].upper()}.")
            return redirect("assessment:codes")
    context = {
        "form": form,
        "diagnoses": DiagnosisCode.objects.filter(clinic=clinic),
        "services": ServiceCode.objects.filter(clinic=clinic),
    }
    return render(request, "assessment/codes.html", context, status=400 if form.errors else 200)
