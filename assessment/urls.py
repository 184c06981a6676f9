from django.urls import path

from .views import assess, care, clinic, notes

app_name = "assessment"

urlpatterns = [
    path(
        "therapist/patients/<uuid:public_id>/assessments/new/",
        assess.assessment_new,
        name="new",
    ),
    path("therapist/assessments/<uuid:public_id>/", assess.assessment_edit, name="edit"),
    path("therapist/visits/<uuid:public_id>/note/", notes.note, name="note"),
    path("therapist/notes/<uuid:public_id>/addenda/", notes.addendum, name="addendum"),
    path(
        "therapist/patients/<uuid:public_id>/plan-of-care/",
        care.plan_of_care,
        name="plan-of-care",
    ),
    path("print/plan-of-care/<uuid:public_id>.pdf", care.plan_of_care_pdf, name="plan-of-care-pdf"),
    path("print/superbill/<uuid:public_id>.pdf", care.superbill_pdf, name="superbill-pdf"),
    path("clinic/codes/", clinic.code_lists, name="codes"),
]
