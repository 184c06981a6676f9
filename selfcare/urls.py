from django.urls import path

from . import views

app_name = "selfcare"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("today/practice/<slug:slug>/", views.practice, name="practice"),
    path("today/practice/<slug:slug>/log/", views.practice_log, name="practice-log"),
    path("library/", views.library, name="library"),
    path("library/<slug:slug>/", views.routine, name="routine"),
    path("library/<slug:slug>/image/<str:size>/", views.routine_image, name="routine-image"),
    path("therapist/routines/new/", views.routine_new, name="routine-new"),
    path("therapist/patients/<uuid:public_id>/home-plan/", views.plan_edit, name="plan-edit"),
]
