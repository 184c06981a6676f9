from django.core.management.base import BaseCommand

from clinic.tasks import requeue_stalled
from reminders.tasks import schedule_next


class Command(BaseCommand):
    help = (
        "Start the once-a-minute reminder task on the queue. Safe to run on every deploy: "
        "a second chain stops at its first run. Also puts back work left running by a worker "
        "that was stopped."
    )

    def handle(self, *args, **options):
        requeue_stalled()  # a chain whose run died before queueing the next one restarts here
        at = schedule_next()
        self.stdout.write(f"Reminders run every minute from {at:%H:%M} UTC.")
