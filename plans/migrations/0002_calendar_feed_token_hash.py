"""Calendar feed tokens are kept only as SHA-256 hashes. Existing addresses keep working: the
hash of the token in the address matches the stored hash."""

import hashlib

from django.db import migrations, models


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_tokens(apps, schema_editor) -> None:
    CalendarFeed = apps.get_model("plans", "CalendarFeed")
    for feed in CalendarFeed.objects.only("pk", "token").iterator():
        CalendarFeed.objects.filter(pk=feed.pk).update(token_hash=token_hash(feed.token))


def forget_feeds(apps, schema_editor) -> None:
    # The tokens cannot be recovered from their hashes: going back switches every feed off.
    apps.get_model("plans", "CalendarFeed").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(hash_tokens, migrations.RunPython.noop),
        migrations.RemoveField(model_name="calendarfeed", name="token"),
        # Backwards this runs before the token column comes back, on an empty table.
        migrations.RunPython(migrations.RunPython.noop, forget_feeds),
        migrations.AlterField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
