"""Create a platform operator: the only account that may use the Django admin (/django-admin/).

    manage.py create_operator EMAIL            # asks for the password twice
    manage.py create_operator EMAIL --no-input # makes a random password and prints it once

An operator belongs to no clinic and opens none of the app's clinical pages. Like the
workforce, an operator sets up two-factor authentication (TOTP) at the first login, before any
other page, and the admin opens only in a session that passed a TOTP code."""

import getpass
import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from clinic.models import User


class Command(BaseCommand):
    help = "Create a platform operator account (Django admin, TOTP at first login)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--full-name", default="", help="The operator's name.")
        parser.add_argument(
            "--no-input",
            action="store_true",
            help="Do not ask for a password: make a random one and print it once.",
        )

    def handle(self, *args, email: str, full_name: str, no_input: bool, **options):
        email = User.objects.normalize_email(email.strip()).lower()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"{email!r} is not an email address.") from exc
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(
                f"An account with {email} exists already. An operator needs an address of its "
                "own: clinic accounts cannot be turned into operators."
            )
        candidate = User(email=email, full_name=full_name, role=User.Role.OPERATOR)
        password = self._password(candidate, no_input)
        with transaction.atomic():
            user = User.objects.create_superuser(email, password, full_name=full_name)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        self.stdout.write(f"Platform operator {email} created.")
        if no_input:
            self.stdout.write(f"Password (shown only now): {password}")
        self.stdout.write(
            "Log in on the app's login page; set up two-factor authentication when asked, "
            "then open /django-admin/."
        )

    def _password(self, candidate: User, no_input: bool) -> str:
        if no_input:
            return secrets.token_urlsafe(18)
        for _ in range(3):
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password again: "):
                self.stderr.write("The two passwords are not the same.")
                continue
            try:
                validate_password(password, candidate)
            except ValidationError as exc:
                self.stderr.write(" ".join(exc.messages))
                continue
            return password
        raise CommandError("No password set; nothing was created.")
