from django.contrib.admin.apps import AdminConfig


class OperatorAdminConfig(AdminConfig):
    """django.contrib.admin with the platform operator's site (clinic/admin_site.py) as
    admin.site. In INSTALLED_APPS instead of "django.contrib.admin"."""

    default_site = "clinic.admin_site.OperatorAdminSite"
