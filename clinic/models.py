import secrets
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .validators import single_line

# A clinic may ask for the full safety questions more often than this, never less often.
SCREENING_VALID_DAYS_MAX = 30


def new_join_code() -> str:
    # Eight characters without look-alikes (0/O, 1/I/L) so it can be read out over the phone.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Clinic(models.Model):
    class PageSize(models.TextChoices):
        A4 = "A4", "A4"
        LETTER = "letter", "US Letter"

    name = models.CharField(max_length=120, validators=[single_line])
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True, validators=[single_line])
    emergency_number = models.CharField(
        max_length=20,
        validators=[RegexValidator(r"^[0-9+ ]{2,20}$", "Digits, spaces and + only.")],
        help_text="The local emergency number patients are told to call.",
    )
    logo = models.ImageField(upload_to="clinic-logos/", blank=True)
    accent_colour = models.CharField(
        max_length=7,
        default="#0f766e",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "A colour like #0f766e.")],
    )
    page_size = models.CharField(max_length=6, choices=PageSize, default=PageSize.A4)
    join_code = models.CharField(max_length=8, unique=True, default=new_join_code)
    # Weekdays the clinic is closed (0 = Monday … 6 = Sunday); visits are never scheduled then.
    closed_weekdays = models.JSONField(default=list, blank=True)
    screening_valid_days = models.PositiveSmallIntegerField(
        default=SCREENING_VALID_DAYS_MAX,
        validators=[MinValueValidator(1), MaxValueValidator(SCREENING_VALID_DAYS_MAX)],
        help_text="How long a self-care screening stays valid.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(screening_valid_days__gte=1)
                & Q(screening_valid_days__lte=SCREENING_VALID_DAYS_MAX),
                name="clinic_screening_valid_days_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        """A platform operator (see `manage.py create_operator`): the only kind of account that
        may use the Django admin. Never a member of a clinic."""
        extra.update(is_staff=True, is_superuser=True, role=User.Role.OPERATOR, clinic=None)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        PATIENT = "patient", "Patient"
        THERAPIST = "therapist", "Therapist"
        STAFF = "staff", "Front desk"
        CLINIC_ADMIN = "clinic_admin", "Clinic admin"
        # Runs the platform: the Django admin (clinics and workforce accounts; no health data,
        # no secrets). Belongs to no clinic and opens none of the app's clinical pages.
        OPERATOR = "operator", "Platform operator"

    WORKFORCE = (Role.THERAPIST, Role.STAFF, Role.CLINIC_ADMIN)

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150, blank=True, validators=[single_line])
    role = models.CharField(max_length=12, choices=Role, default=Role.PATIENT)
    clinic = models.ForeignKey(
        Clinic, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="May use the Django admin site (platform operators only)."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        indexes = [models.Index(fields=["clinic", "role"])]
        constraints = [
            # Clinic admins and everyone else work through the app's own pages; only a platform
            # operator may be staff or superuser (the Django admin).
            models.CheckConstraint(
                condition=Q(role="operator") | Q(is_staff=False, is_superuser=False),
                name="user_only_operators_are_staff",
            ),
            models.CheckConstraint(
                condition=~Q(role="operator") | Q(clinic__isnull=True),
                name="user_operator_has_no_clinic",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_workforce(self) -> bool:
        return self.role in self.WORKFORCE

    @property
    def is_operator(self) -> bool:
        return self.role == self.Role.OPERATOR

    @property
    def requires_mfa(self) -> bool:
        """Everyone who sees other people's data or runs the platform uses TOTP."""
        return self.is_workforce or self.is_operator

    @property
    def display_name(self) -> str:
        return self.full_name or self.email.split("@")[0]


class PatientQuerySet(models.QuerySet):
    def for_therapist(self, user: User) -> "PatientQuerySet":
        return self.filter(clinic_id=user.clinic_id, therapists=user)

    def in_clinic(self, clinic_id: int | None) -> "PatientQuerySet":
        return self.filter(clinic_id=clinic_id)


class Patient(models.Model):
    """The clinical identity of a patient account. URLs carry `public_id`, never the key."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    date_of_birth = models.DateField(null=True, blank=True)
    therapists = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="assigned_patients",
        blank=True,
        limit_choices_to={"role": User.Role.THERAPIST},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PatientQuerySet.as_manager()

    def __str__(self) -> str:
        return str(self.user)

    @property
    def name(self) -> str:
        return self.user.display_name


class Invitation(models.Model):
    """An email invitation; the link in the email joins the clinic on sign-up. A therapist
    invites patients; a clinic admin invites therapists and front-desk staff (`role`)."""

    token = models.CharField(max_length=43, unique=True, default=secrets.token_urlsafe)
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="invitations")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    email = models.EmailField()
    full_name = models.CharField(max_length=150, blank=True, validators=[single_line])
    role = models.CharField(max_length=12, choices=User.Role, default=User.Role.PATIENT)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    INVITATION_DAYS = 14

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "email"],
                condition=Q(accepted_at__isnull=True),
                name="invitation_one_open_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    @property
    def is_usable(self) -> bool:
        age = timezone.now() - self.created_at
        return self.accepted_at is None and age.days < self.INVITATION_DAYS


class AuditEvent(models.Model):
    """Append-only: who touched which patient's record, when, from where, and the outcome.
    Never the health data itself. Database triggers refuse UPDATE and DELETE."""

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", "Allowed"
        DENIED = "denied", "Denied"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_email = models.CharField(max_length=254, blank=True)
    role = models.CharField(max_length=12, blank=True)
    clinic_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    patient_public_id = models.UUIDField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome, default=Outcome.ALLOWED)
    request_id = models.CharField(max_length=36, blank=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.outcome}"
