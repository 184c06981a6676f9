from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from clinic.views import healthz

# admin.site is the platform operator's site (clinic/admin_site.py): it logs in through
# allauth (rate limits, TOTP) and refuses everyone else.
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("django-admin/", admin.site.urls),
    path("", include("clinic.urls")),
    path("", include("triage.urls")),
    path("", include("selfcare.urls")),
    path("", include("plans.urls")),
    path("", include("handouts.urls")),
    path("", include("assessment.urls")),
    path("", include("reminders.urls")),
]

if settings.DEBUG:
    from django.views.static import serve

    # Media (clinic logos, routine photos) in development only; production serves it from the
    # web server or object storage.
    urlpatterns += [
        path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
