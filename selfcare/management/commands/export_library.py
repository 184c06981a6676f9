"""Write the published routine library to standard output as JSON."""

import json

from django.core.management.base import BaseCommand

from selfcare.library import as_file_object
from selfcare.models import Routine


class Command(BaseCommand):
    help = (
        "Print the published library routines (not clinics' own) as a JSON array in the "
        "routines.json format; `image` is the illustration's path relative to the project root."
    )

    def handle(self, *args, **options):
        routines = Routine.objects.library().published().order_by("slug")
        data = [as_file_object(routine) for routine in routines]
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
