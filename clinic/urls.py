from django.urls import path

from . import views

app_name = "clinic"

urlpatterns = [
    path("", views.home, name="home"),
    path("join/", views.join_clinic, name="join"),
    path("account/ping/", views.ping, name="ping"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept-invitation"),
    path("therapist/invite/", views.invite, name="invite"),
    path("clinic/people/", views.people, name="people"),
    path("clinic/people/invite/", views.staff_invite, name="staff-invite"),
    path("clinic/people/deactivate/", views.staff_deactivate_view, name="staff-deactivate"),
    path("clinic/people/reactivate/", views.staff_reactivate_view, name="staff-reactivate"),
    path("clinic/people/<uuid:public_id>/therapists/", views.assign_therapists, name="assign"),
    path("clinic/settings/", views.clinic_settings, name="settings"),
    path("clinic/audit/", views.audit_log, name="audit-log"),
    path("clinic/audit.csv", views.audit_export, name="audit-export"),
    path("my/access-log/", views.access_log, name="my-access-log"),
    path("therapist/patients/<uuid:public_id>/access-log/", views.access_log, name="access-log"),
]
