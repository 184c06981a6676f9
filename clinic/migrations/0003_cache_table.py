"""The shared cache lives in the database by default, so `migrate` alone prepares it."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("clinic", "0002_audit_append_only")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
