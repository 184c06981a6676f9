from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from clinic.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (online) and media files into a new folder, with checksums."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        try:
            manifest = backup(directory)
        except (BackupError, FileExistsError) as exc:
            raise CommandError(str(exc)) from exc
        count = len(manifest["files"])
        self.stdout.write(f"Backed up {count} file{pluralize(count)} to {directory}")
