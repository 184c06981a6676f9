import time
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clinic import demo

ACCOUNTS = """
Demo accounts (password for all: {password}):
  admin@demo.test       clinic admin   (TOTP secret {secret})
  therapist@demo.test   therapist      (TOTP secret {secret})
  staff@demo.test       front desk     (TOTP secret {secret})
  patient@demo.test     patient
  patient2@demo.test    patient
Workforce accounts ask for a 6-digit code: add the secret to any authenticator app.
Patients can join the demo clinic with the code {code}.
No demo account may use /django-admin/: for that, make a platform operator with
  manage.py create_operator operator@demo.test
(it asks for a password; two-factor authentication is set up at the first login).
"""


class Command(BaseCommand):
    help = "Create the demo clinic, people and content. Safe to run again: it changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even when DJANGO_DEBUG is off."
        )
        parser.add_argument(
            "--scale",
            choices=["small", "large"],
            default="small",
            help="large adds a synthetic group of clinics (2,000 patients) for benchmarks.",
        )
        parser.add_argument(
            "--full-page",
            action="store_true",
            help="Add a benchmark clinic whose therapist's dashboard has a full first page.",
        )

    def handle(
        self, *args, force: bool = False, scale: str = "small", full_page: bool = False, **options
    ):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo adds demo accounts with a published password; it only runs with "
                "DJANGO_DEBUG=1 (or pass --force)."
            )
        people = demo.seed()
        for config in apps.get_app_configs():
            if config.name == "clinic":
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            module.seed(people)
        if scale == "large":
            from clinic.demo_scale import seed_large

            started = time.monotonic()
            if seed_large(people):
                self.stdout.write(f"Large data set added in {time.monotonic() - started:.0f} s.")
        if full_page:
            from clinic.demo_scale import seed_full_page

            seed_full_page()
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(
            ACCOUNTS.format(password=demo.PASSWORD, secret=demo.TOTP_SECRET, code=demo.JOIN_CODE)
        )
