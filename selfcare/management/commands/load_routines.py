"""Load the routine library from selfcare/content/routines.json."""

from django.core.management.base import BaseCommand

from selfcare.library import CONTENT_FILE, validate_library
from selfcare.services import PlanError, library_load

from ._library_io import fail, read


class Command(BaseCommand):
    help = (
        "Create or update the library routines in selfcare/content/routines.json, matched by "
        "slug, and unpublish library routines that are no longer in the file. Routines that "
        "therapists made are never touched. Safe to run again: an unchanged file changes "
        "nothing. Bad content prints 'error: [index] key: problem' lines and exits with 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(CONTENT_FILE), help="another routines.json")

    def handle(self, *args, file: str, **options):
        routines, problems = validate_library(read(file, self))
        if problems:
            fail(problems, self)
        try:
            result = library_load(routines, unpublish_missing=True)
        except PlanError as error:
            fail(error.problems, self)
        self.stdout.write(
            f"Routines: {result.created} new, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.unpublished} unpublished."
        )
