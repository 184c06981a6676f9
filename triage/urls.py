from django.urls import path

from . import views

app_name = "triage"

urlpatterns = [
    path("screening/", views.start, name="start"),
    path("screening/step/<slug:code>/", views.step, name="step"),
    path("screening/before-practice/", views.gate, name="gate"),
    path("screening/check/", views.quick_check, name="quick-check"),
    path("screening/stop/", views.stop, name="stop"),
    path("screening/<uuid:public_id>/", views.result, name="result"),
    path("screening/<uuid:public_id>/summary/", views.summary, name="summary"),
    path(
        "therapist/patients/<uuid:public_id>/screenings/",
        views.patient_history,
        name="patient-history",
    ),
    path("therapist/screenings/<uuid:public_id>/clear/", views.clear, name="clear"),
    path("therapist/attention/", views.attention, name="attention"),
]
