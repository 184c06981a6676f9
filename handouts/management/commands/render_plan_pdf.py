import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from clinic.models import Patient
from handouts.desk import current_plans
from handouts.plan_pdf import plan_pdf


class Command(BaseCommand):
    help = "Write the current home plan of the patient with this email as a PDF."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("out", type=Path)

    def handle(self, *args, email: str, out: Path, **options):
        patient = Patient.objects.filter(user__email__iexact=email.strip()).first()
        if patient is None:
            self._fail(f"no patient with the email {email}")
        plan = current_plans([patient.pk]).get(patient.pk)
        if plan is None:
            self._fail(f"{email} has no home plan yet")
        try:
            out.write_bytes(plan_pdf(plan))
        except OSError as exc:
            self._fail(f"cannot write {out}: {exc.strerror}")
        self.stdout.write(f"Wrote plan version {plan.version} for {email} to {out}")

    def _fail(self, message: str) -> None:
        self.stderr.write(f"error: {message}")
        sys.exit(2)
