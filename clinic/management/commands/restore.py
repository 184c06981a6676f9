from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clinic.backup import BackupError, restore, verify


class Command(BaseCommand):
    help = "Verify a backup folder and restore it over the configured database and media."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--verify-only", action="store_true", help="Check the backup, change nothing."
        )

    def handle(self, *args, directory: Path, verify_only: bool = False, **options):
        try:
            manifest = verify(directory) if verify_only else restore(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        done = "is intact" if verify_only else "was restored"
        self.stdout.write(f"The backup from {manifest['created_at']} {done}.")
