from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator


class AccountAdapter(DefaultAccountAdapter):
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
