"""Import library routines from a JSON file in the export_library format."""

from django.core.management.base import BaseCommand

from selfcare.library import validate_library
from selfcare.services import PlanError, library_load

from ._library_io import fail, read


class Command(BaseCommand):
    help = (
        "Create or update library routines from FILE (a JSON array as written by "
        'export_library; "-" reads standard input), matched by slug. Every object is checked '
        "first: any problem prints 'error: [index] key: problem' lines on standard error, "
        "writes nothing and exits with status 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help='JSON file, or "-" for standard input')

    def handle(self, *args, file: str, **options):
        routines, problems = validate_library(read(file, self))
        if problems:
            fail(problems, self)
        try:
            result = library_load(routines, unpublish_missing=False)
        except PlanError as error:
            fail(error.problems, self)
        self.stdout.write(
            f"Routines: {result.created} new, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
