from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib.sites.shortcuts import get_current_site

from .tasks import email_send_later


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Rendered now (it needs the request), delivered by the task worker with retries, so a
        # slow or unreachable mail server neither delays nor breaks sign-up and password reset.
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        email_send_later(self.render_mail(template_prefix, email, ctx))

    def get_login_redirect_url(self, request):
        return "/"

    def get_client_ip(self, request):
        """The same address as the audit trail: X-Forwarded-For only from a trusted proxy.
        allauth's rate limits (login, failed logins, resets, sign-ups) key on it."""
        from django.core.exceptions import PermissionDenied

        from .audit import client_ip

        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine the client's address.")
        return address


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        """TOTP secrets and recovery-code seeds are stored encrypted (clinic/crypto.py)."""
        from . import crypto

        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        from . import crypto

        return crypto.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # The workforce and operators must keep two-factor authentication; patients may turn
        # it off.
        if authenticator.type == Authenticator.Type.TOTP and authenticator.user.requires_mfa:
            return False
        return super().can_delete_authenticator(authenticator)
