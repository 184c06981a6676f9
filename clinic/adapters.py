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


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # The workforce must keep two-factor authentication; patients may turn it off.
        if authenticator.type == Authenticator.Type.TOTP and authenticator.user.is_workforce:
            return False
        return super().can_delete_authenticator(authenticator)
