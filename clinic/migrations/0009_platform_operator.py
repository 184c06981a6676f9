"""Separate the platform operator from clinic admins.

Clinic admins used to be Django superusers (the demo seed made them so), which let an admin of
one clinic read and change another clinic's people through /django-admin/. From here on only a
platform operator (role "operator", no clinic, created by `manage.py create_operator`) may be
staff or superuser, and two constraints keep it so.

The data step, before the constraints: a staff or superuser account without a clinic (made by
`createsuperuser`, which could not be a member of any clinic) becomes an operator; every other
account loses is_staff, is_superuser and any Django permissions."""

from django.db import migrations, models


def separate_operators(apps, schema_editor) -> None:
    User = apps.get_model("clinic", "User")
    privileged = User.objects.filter(models.Q(is_staff=True) | models.Q(is_superuser=True))
    privileged.filter(clinic__isnull=True).exclude(role="operator").update(role="operator")
    demoted = User.objects.exclude(role="operator").filter(
        models.Q(is_staff=True) | models.Q(is_superuser=True)
    )
    for user in demoted.iterator():
        user.groups.clear()
        user.user_permissions.clear()
    demoted.update(is_staff=False, is_superuser=False)


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('clinic', '0008_encrypt_mfa_secrets'),
    ]

    operations = [
        migrations.RunPython(separate_operators, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='user',
            name='is_staff',
            field=models.BooleanField(default=False, help_text='May use the Django admin site (platform operators only).'),
        ),
        migrations.AlterField(
            model_name='user',
            name='role',
            field=models.CharField(choices=[('patient', 'Patient'), ('therapist', 'Therapist'), ('staff', 'Front desk'), ('clinic_admin', 'Clinic admin'), ('operator', 'Platform operator')], default='patient', max_length=12),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(('role', 'operator'), models.Q(('is_staff', False), ('is_superuser', False)), _connector='OR'), name='user_only_operators_are_staff'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', 'operator'), _negated=True), ('clinic__isnull', True), _connector='OR'), name='user_operator_has_no_clinic'),
        ),
    ]
