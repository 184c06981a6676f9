"""The Django admin, for the platform operator only.

Clinic admins work through the app's own clinic pages (people, settings, care settings, audit),
scoped to their clinic and audited. The Django admin stays for what those pages do not do:
setting up clinics and their first workforce accounts, and deactivating accounts. It is kept
small on purpose:

- Only a platform operator (role "operator", staff and superuser, no clinic; made by
  `manage.py create_operator`) gets in, and only in a session that passed TOTP. Everyone else
  who is logged in gets the same 404 as for any page that is not theirs.
- Only the models in ALLOWED are shown: clinics, workforce accounts and clinic-wide settings.
  No health data (patients, diaries, screenings, plans, visits, notes, invitations, the audit
  trail) and no secrets (MFA authenticators, sessions, calendar tokens, email confirmations).
  Models other apps or libraries register (allauth registers its authenticators) are left out.
- Every change (add, change, delete, password) is written to the app's audit log, on the
  changed object's clinic, so that clinic's admins see it on their audit page.
"""

from functools import update_wrapper

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.db.models.base import ModelBase
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

# app_label.model_name of every model the operator may see.
ALLOWED = frozenset(
    {
        "clinic.user",  # workforce accounts only (see clinic/admin.py)
        "clinic.clinic",
        "plans.closedday",
        "plans.clinicinstrument",
        "plans.trigger",
        "selfcare.routine",
        "selfcare.plantemplate",
    }
)


def is_operator(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and getattr(user, "role", None) == "operator"
        and user.is_staff
        and user.is_superuser
    )


def passed_mfa(request) -> bool:
    """This session's login included a TOTP code (or a recovery code)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


class AuditedAdminMixin:
    """Writes every change the admin logs into the app's audit trail as well, and offers only
    workforce accounts wherever a form picks a user (patients' names stay out of the admin)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is get_user_model():
            kwargs["queryset"] = _workforce()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is get_user_model():
            kwargs["queryset"] = _workforce()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        record_admin_change(request, "admin_add", obj)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        record_admin_change(request, "admin_change", obj)
        return entry

    def log_deletions(self, request, queryset):
        for obj in queryset:
            record_admin_change(request, "admin_delete", obj)
        return super().log_deletions(request, queryset)

    def get_deleted_objects(self, objs, request):
        """The delete confirmation names only the objects chosen: Django would also list every
        related object by name, patients' records included. Related records are counted."""
        _, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        chosen = [f"{obj._meta.verbose_name.capitalize()}: {obj}" for obj in objs]
        if protected:
            protected = [f"{len(protected)} related records that must not be deleted"]
        return chosen, model_count, perms_needed, protected


def _workforce():
    User = get_user_model()
    return User.objects.filter(role__in=User.WORKFORCE)


def record_admin_change(request, action: str, obj) -> None:
    from clinic import audit
    from clinic.models import Clinic

    clinic_id = obj.pk if isinstance(obj, Clinic) else getattr(obj, "clinic_id", None)
    audit.record(
        request,
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        clinic_id=clinic_id,
    )


class OperatorAdminSite(admin.AdminSite):
    site_header = "Headache clinic: platform administration"
    site_title = "Platform administration"
    index_title = "Clinics and workforce accounts"
    enable_nav_sidebar = False

    def register(self, model_or_iterable, admin_class=None, **options):
        models = (
            [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        )
        for model in models:
            if model._meta.label_lower not in ALLOWED:
                continue  # not for the operator's eyes (see the module's docstring)
            admin_class = admin_class or admin.ModelAdmin
            if not issubclass(admin_class, AuditedAdminMixin):
                admin_class = type(admin_class.__name__, (AuditedAdminMixin, admin_class), {})
            super().register(model, admin_class, **options)

    def has_permission(self, request) -> bool:
        return is_operator(request.user) and passed_mfa(request)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            user = request.user
            if user.is_authenticated and not is_operator(user):
                raise Http404("No such page.")
            if is_operator(user) and not passed_mfa(request):
                # E.g. right after enrolling TOTP: confirm a code before the admin opens.
                return redirect(f"{reverse('mfa_reauthenticate')}?next={request.path}")
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, view)

    def password_change(self, request, extra_context=None):
        response = super().password_change(request, extra_context)
        if request.method == "POST" and response.status_code == 302:
            record_admin_change(request, "admin_change", request.user)
        return response

    def login(self, request, extra_context=None):
        """The admin's own login form would bypass allauth's rate limits and TOTP: logging in
        happens on the app's login page, then back here."""
        if request.user.is_authenticated:
            if not is_operator(request.user):
                raise Http404("No such page.")
            return redirect("admin:index")
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
