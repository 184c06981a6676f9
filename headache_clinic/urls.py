from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from clinic.views import healthz

# The admin's own login page would bypass allauth's rate limits and MFA.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Headache clinic administration"

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
