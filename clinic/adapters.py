from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return "/"


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # The workforce must keep two-factor authentication; patients may turn it off.
        if authenticator.type == Authenticator.Type.TOTP and authenticator.user.is_workforce:
            return False
        return super().can_delete_authenticator(authenticator)
