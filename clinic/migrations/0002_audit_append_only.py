"""The audit table is append-only at the database level: UPDATE and DELETE raise."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER clinic_auditevent_no_update BEFORE UPDATE ON clinic_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    """CREATE TRIGGER clinic_auditevent_no_delete BEFORE DELETE ON clinic_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS clinic_auditevent_no_update",
    "DROP TRIGGER IF EXISTS clinic_auditevent_no_delete",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION clinic_auditevent_refuse() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER clinic_auditevent_no_change BEFORE UPDATE OR DELETE ON clinic_auditevent
       FOR EACH ROW EXECUTE FUNCTION clinic_auditevent_refuse()""",
    """CREATE TRIGGER clinic_auditevent_no_truncate BEFORE TRUNCATE ON clinic_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION clinic_auditevent_refuse()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS clinic_auditevent_no_truncate ON clinic_auditevent",
    "DROP TRIGGER IF EXISTS clinic_auditevent_no_change ON clinic_auditevent",
    "DROP FUNCTION IF EXISTS clinic_auditevent_refuse()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("clinic", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
