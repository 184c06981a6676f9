from django.urls import path

from .views import patient, pwa, therapist

app_name = "reminders"

urlpatterns = [
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("offline/", pwa.offline_page, name="offline"),
    path("offline/sync/", pwa.sync, name="sync"),
    path("reminders/", patient.settings_page, name="settings"),
    path("reminders/devices/", patient.device_add, name="device-add"),
    path("reminders/devices/remove/", patient.device_remove, name="device-remove"),
    path(
        "therapist/patients/<uuid:public_id>/reminders/",
        therapist.suggest,
        name="suggest",
    ),
]
