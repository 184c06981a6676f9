from django.urls import path

from . import views

app_name = "handouts"

urlpatterns = [
    path("desk/", views.desk, name="desk"),
    path("desk/batch/<str:day>/", views.batch, name="batch"),
    path("desk/batch/<str:day>.pdf", views.batch_pdf, name="batch-pdf"),
    path("desk/batch/<str:day>/status/", views.batch_status, name="batch-status"),
    path("print/diary.pdf", views.blank_diary, name="blank-diary"),
    path("print/routines.pdf", views.routines_pdf, name="routines-pdf"),
    path("print/plan/<uuid:public_id>.pdf", views.home_plan_pdf, name="plan-pdf"),
    path("print/screening/<uuid:public_id>.pdf", views.screening_pdf, name="screening-pdf"),
    path(
        "print/doctor-summary/<uuid:public_id>.pdf",
        views.doctor_summary_pdf,
        name="doctor-summary-pdf",
    ),
]
