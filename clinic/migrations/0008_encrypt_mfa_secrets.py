"""Encrypt the MFA secrets (TOTP secrets, recovery-code seeds and codes) written in clear before
the MFA adapter encrypted them. Rows already encrypted are left alone, so it can run again; the
reverse decrypts them (for a rollback to a version that stored them in clear)."""

from django.db import migrations
from django.db.models import Q


def _convert(apps, change) -> None:
    from clinic import crypto

    Authenticator = apps.get_model("mfa", "Authenticator")
    rows = Authenticator.objects.filter(Q(type="totp") | Q(type="recovery_codes"))
    for authenticator in rows.iterator():
        data = crypto.map_mfa_secrets(authenticator.data, change)
        if data != authenticator.data:
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)


def encrypt_secrets(apps, schema_editor) -> None:
    from clinic import crypto

    _convert(apps, lambda v: v if crypto.is_encrypted(v) else crypto.encrypt(v))


def decrypt_secrets(apps, schema_editor) -> None:
    from clinic import crypto

    _convert(apps, lambda v: crypto.decrypt(v) if crypto.is_encrypted(v) else v)


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0007_single_line_names"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets, elidable=False)]
