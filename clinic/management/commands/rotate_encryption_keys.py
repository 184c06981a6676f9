"""Re-encrypt every stored secret with the first key of DJANGO_ENCRYPTION_KEYS.

Key rotation: put the new key first (DJANGO_ENCRYPTION_KEYS=new,old), restart, run this
command, then remove the old key and restart again. Every row is checked first: if any value
cannot be opened with the configured keys, nothing is changed."""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from clinic import crypto


class Command(BaseCommand):
    help = "Re-encrypt the stored MFA secrets with the first key of DJANGO_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only check that every value can be opened."
        )

    def handle(self, *args, check: bool = False, **options):
        rows = Authenticator.objects.filter(
            type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
        )
        with transaction.atomic():
            changed = 0
            for authenticator in rows.select_for_update().iterator():
                try:
                    data = crypto.map_mfa_secrets(authenticator.data, crypto.rotate)
                except crypto.DecryptionFailed as exc:
                    raise CommandError(
                        f"Authenticator {authenticator.pk} cannot be opened with the configured "
                        "keys; nothing was changed. Is the old key still in "
                        "DJANGO_ENCRYPTION_KEYS?"
                    ) from exc
                if not check:
                    Authenticator.objects.filter(pk=authenticator.pk).update(data=data)
                    changed += 1
            if check:
                self.stdout.write(f"All {rows.count()} authenticators open with the keys.")
            else:
                self.stdout.write(f"Re-encrypted {changed} authenticators with the first key.")
