from django.core.management.base import BaseCommand

from reminders.tasks import schedule_next


class Command(BaseCommand):
    help = (
        "Start the once-a-minute reminder task on the queue. Safe to run on every deploy: "
        "a second chain stops at its first run."
    )

    def handle(self, *args, **options):
        at = schedule_next()
        self.stdout.write(f"Reminders run every minute from {at:%H:%M} UTC.")
