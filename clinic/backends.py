"""Authentication backends that load the signed-in user with their clinic in one query: every
page reads the clinic (branding, the emergency number), so this saves a query on each request."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .models import User


class _WithClinic:
    def get_user(self, user_id):
        user = User._default_manager.select_related("clinic").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_WithClinic, DjangoModelBackend):
    pass


class AuthenticationBackend(_WithClinic, AllauthBackend):
    pass
