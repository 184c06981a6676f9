from django.urls import path

from .views import clinic, data, patient, therapist

app_name = "plans"

urlpatterns = [
    # Patients
    path("diary/", patient.diary, name="diary"),
    path("diary/no-headache/", patient.diary_quick, name="diary-quick"),
    path("diary/<str:day>/", patient.diary_entry, name="diary-entry"),
    path("progress/", patient.progress, name="progress"),
    path("visits/", patient.visits, name="visits"),
    path("questionnaires/<slug:code>/", patient.questionnaire, name="questionnaire"),
    path("my-data/", data.export, name="export"),
    path("calendar/", data.calendar_page, name="calendar"),
    path("calendar/new-address/", data.calendar_issue, name="calendar-issue"),
    path("calendar/switch-off/", data.calendar_revoke, name="calendar-revoke"),
    path("calendar/<str:token>.ics", data.calendar_feed, name="calendar-feed"),
    # Therapists
    path("therapist/", therapist.dashboard, name="dashboard"),
    path("therapist/patients/<uuid:public_id>/", therapist.patient, name="patient"),
    path("therapist/patients/<uuid:public_id>/plan/", therapist.plan_new, name="plan-create"),
    path("therapist/plans/<uuid:public_id>/taper/", therapist.plan_taper, name="plan-taper"),
    path("therapist/plans/<uuid:public_id>/discharge/", therapist.plan_end, name="plan-discharge"),
    path("therapist/visits/<uuid:public_id>/", therapist.visit, name="visit"),
    path("therapist/visits/<uuid:public_id>/move/", therapist.visit_move, name="visit-move"),
    # The patient and their assigned therapists
    path(
        "patients/<uuid:public_id>/doctor-summary/",
        therapist.doctor_summary,
        name="doctor-summary",
    ),
    # Clinic settings
    path("clinic/care-settings/", clinic.care_settings, name="care-settings"),
    path(
        "clinic/care-settings/questionnaires/<slug:code>/",
        clinic.instrument_switch,
        name="instrument-switch",
    ),
    path("clinic/care-settings/closed-days/", clinic.closed_day_new, name="closed-day-add"),
    path(
        "clinic/care-settings/closed-days/remove/",
        clinic.closed_day_delete,
        name="closed-day-remove",
    ),
    path(
        "clinic/care-settings/weekly-closed-days/",
        clinic.closed_weekdays_save,
        name="closed-weekdays",
    ),
    path("clinic/triggers/", clinic.triggers, name="triggers"),
    path("clinic/triggers/add/", clinic.trigger_new, name="trigger-add"),
    path("clinic/triggers/<slug:code>/", clinic.trigger_edit, name="trigger-edit"),
]
