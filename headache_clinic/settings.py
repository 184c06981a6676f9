"""The only settings module. Everything that differs between machines comes from the environment
(or a `.env` file beside manage.py); `.env.example` lists every variable."""

import base64
import hashlib
import ipaddress
import sys
from pathlib import Path

import environ
from cryptography.fernet import Fernet
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env", overwrite=False)


def _stop(message: str) -> None:
    # One clear line instead of a traceback: start-up fails on a misconfigured variable.
    sys.stderr.write(f"error: {message}\n")
    raise SystemExit(1)


def _bool(name: str, default: bool) -> bool:
    raw = env.str(name, default="1" if default else "0").strip().lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off", ""}:
        return False
    _stop(f"{name} must be 1 or 0 (got {raw!r})")


def _int(name: str, default: int) -> int:
    raw = env.str(name, default=str(default)).strip()
    try:
        return int(raw)
    except ValueError:
        _stop(f"{name} must be a whole number (got {raw!r})")


def _retired(name: str, replacement: str) -> None:
    # A variable that no longer works must not be ignored silently.
    if env.str(name, default=""):
        _stop(f"{name} is no longer read; use {replacement}")


def _networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for item in env.str(name, default="").split(","):
        if item.strip():
            try:
                networks.append(ipaddress.ip_network(item.strip(), strict=False))
            except ValueError:
                _stop(f"{name} must be comma-separated addresses or CIDRs (got {item.strip()!r})")
    return networks


DEBUG = _bool("DJANGO_DEBUG", False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        _stop("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG=1"  # noqa: S105

ALLOWED_HOSTS = [h.strip() for h in env.str("DJANGO_ALLOWED_HOSTS", default="").split(",") if h]
if DEBUG:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "[::1]"]
elif not ALLOWED_HOSTS:
    _stop("DJANGO_ALLOWED_HOSTS must list the host names when DJANGO_DEBUG is off")

# Keys for secrets stored in the database (TOTP secrets, recovery-code seeds): Fernet keys,
# comma-separated; the first encrypts, all decrypt (clinic/crypto.py). Required in production;
# with DJANGO_DEBUG=1 a key is derived from SECRET_KEY when none is set.
ENCRYPTION_KEYS = [k.strip() for k in env.str("DJANGO_ENCRYPTION_KEYS", default="").split(",")]
ENCRYPTION_KEYS = [k for k in ENCRYPTION_KEYS if k]
if not ENCRYPTION_KEYS:
    if not DEBUG:
        _stop(
            "DJANGO_ENCRYPTION_KEYS must be set when DJANGO_DEBUG is off (make one with: python "
            "-c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
        )
    _derived = hashlib.sha256(b"headache-clinic encryption key\0" + SECRET_KEY.encode()).digest()
    ENCRYPTION_KEYS = [base64.urlsafe_b64encode(_derived).decode()]
for _key in ENCRYPTION_KEYS:
    try:
        Fernet(_key)
    except ValueError:
        _stop("DJANGO_ENCRYPTION_KEYS must be Fernet keys (44 characters of url-safe base64)")

# Plain-HTTP loopback runs (benchmarks) keep production settings but drop the HTTPS redirect and
# secure-cookie flags.
SECURE_SSL = _bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in env.str("DJANGO_CSRF_TRUSTED_ORIGINS", default="").split(",") if o
]
# The reverse proxies in front of the app, as addresses or CIDRs. X-Forwarded-For and
# X-Forwarded-Proto count only on a request whose direct peer (REMOTE_ADDR) is one of them; the
# client is then the right-most address in X-Forwarded-For that is not a trusted proxy
# (clinic.audit.client_ip). The audit trail and every rate limit use that address.
_retired(
    "DJANGO_TRUSTED_PROXY_COUNT",
    "DJANGO_TRUSTED_PROXIES: list the proxies' addresses as CIDRs (e.g. 127.0.0.1/32)",
)
TRUSTED_PROXIES = _networks("DJANGO_TRUSTED_PROXIES")
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "clinic.admin_config.OperatorAdminConfig",  # the Django admin, for the platform operator
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "clinic",
    "triage",
    "selfcare",
    "plans",
    "handouts",
    "assessment",
    "django_tasks",
    "django_tasks_db",
    "reminders",
]

MIDDLEWARE = [
    "headache_clinic.middleware.proxy_headers",
    "django.middleware.security.SecurityMiddleware",
    "headache_clinic.middleware.no_nul_in_query",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "headache_clinic.middleware.CompressionMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "headache_clinic.middleware.session_timeouts",
    "headache_clinic.middleware.workforce_mfa_required",
    "headache_clinic.middleware.no_store_for_users",
    "reminders.middleware.offline_pages",
    "headache_clinic.middleware.AuditFailureMiddleware",
]

ROOT_URLCONF = "headache_clinic.urls"
WSGI_APPLICATION = "headache_clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.context_processors.clinic",
            ],
        },
    },
]
# Form fields and widgets render through Django's Jinja2 copies of its own form templates (the
# pages themselves stay Django templates): see headache_clinic/renderers.py.
FORM_RENDERER = "headache_clinic.renderers.FormRenderer"

# --- Database --------------------------------------------------------------------------------
if env.str("DATABASE_URL", default=""):
    try:
        DATABASES = {"default": env.db("DATABASE_URL")}
    except (ImproperlyConfigured, ValueError) as exc:
        _stop(f"DATABASE_URL is not a valid database URL ({exc})")
    if DATABASES["default"]["ENGINE"] not in {
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    }:
        _stop("DATABASE_URL must start with postgres:// (or sqlite:///path)")
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.str("DJANGO_SQLITE_PATH", default=str(VAR_DIR / "db.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so read-then-write transactions
                # wait for each other (busy timeout) instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
            },
        }
    }
# Each app server worker keeps its connection between requests, on either database: opening
# one costs more than a simple page (on SQLite about 3 ms of CPU, Django registering its SQL
# functions and the PRAGMAs above; on PostgreSQL a login round trip). Checked before reuse.
# Not under the development server, which answers each request on a new thread.
DATABASES["default"]["CONN_MAX_AGE"] = _int("DJANGO_CONN_MAX_AGE", 0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache shared by every worker process so allauth's rate limits, the print rate limit and the
# rendered-PDF cache hold across workers. Several app servers share one Redis:
# DJANGO_CACHE_URL=redis://host:6379/0 selects Django's built-in RedisCache (needs `redis`).
# Sessions live in the database, so they are shared by every server that shares it.
CACHES = {"default": env.cache("DJANGO_CACHE_URL", default="dbcache://django_cache")}

# --- Background tasks ------------------------------------------------------------------------
# django-tasks (the backport of Django 6's django.tasks) with its database backend: the queue is a
# table in the main database, so SQLite and PostgreSQL both work and several `db_worker` processes
# share one PostgreSQL queue (SELECT ... FOR UPDATE SKIP LOCKED). DJANGO_TASKS_BACKEND=immediate
# runs each task inside the call that enqueues it (tests; a one-process demo).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env.str("DJANGO_TASKS_BACKEND", default="database")
if _task_backend not in _TASK_BACKENDS:
    _stop("DJANGO_TASKS_BACKEND must be database or immediate")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend], "QUEUES": ["default"]}}
# A task still running after this long is taken for one whose worker died, and queued again
# (clinic/tasks.py). No task of ours takes more than seconds.
TASK_STALLED_SECONDS = _int("DJANGO_TASK_STALLED_SECONDS", 300)
if TASK_STALLED_SECONDS < 10:
    _stop("DJANGO_TASK_STALLED_SECONDS must be 10 or more")

# Web Push for reminders: a VAPID private key (base64url or PEM). Unset with DJANGO_DEBUG=1: one
# is generated under var/. Unset in production: reminders go by email only.
WEBPUSH_VAPID_PRIVATE_KEY = env.str("WEBPUSH_VAPID_PRIVATE_KEY", default="")
WEBPUSH_VAPID_SUBJECT = env.str("WEBPUSH_VAPID_SUBJECT", default="")
# The server posts reminders only to these push services (a device's address comes from the
# browser, so anything else is refused rather than fetched).
WEBPUSH_ENDPOINT_HOSTS = env.list(
    "WEBPUSH_ENDPOINT_HOSTS",
    default=[
        "fcm.googleapis.com",
        "updates.push.services.mozilla.com",
        "web.push.apple.com",
        ".notify.windows.com",
    ],
)

# --- People and accounts ---------------------------------------------------------------------
AUTH_USER_MODEL = "clinic.User"
AUTHENTICATION_BACKENDS = [
    "clinic.backends.ModelBackend",
    "clinic.backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "clinic.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "clinic:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "clinic.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "clinic.forms.SignupExtraForm"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    # Five failed logins for one account in five minutes locks it for the rest of the window.
    "login_failed": "10/m/ip,5/5m/key",
}
MFA_ADAPTER = "clinic.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("CLINIC_NAME", default="Headache Clinic")
USERSESSIONS_TRACK_ACTIVITY = False

# Idle logoff in seconds, and the absolute session limit.
SESSION_IDLE_WORKFORCE = 15 * 60
SESSION_IDLE_PATIENT = 30 * 60
SESSION_ABSOLUTE = 12 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_HTTPONLY = True

# --- Email -----------------------------------------------------------------------------------
if env.str("DJANGO_EMAIL_URL", default=""):
    vars().update(env.email_url("DJANGO_EMAIL_URL"))
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
# Otherwise Django's default: SMTP on localhost:25.
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="clinic@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WEBPUSH_VAPID_SUBJECT = WEBPUSH_VAPID_SUBJECT or f"mailto:{DEFAULT_FROM_EMAIL}"

# --- The clinic ------------------------------------------------------------------------------
# The public address of the app, for links printed on handouts (QR codes) and in emails.
DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"
SITE_URL = env.str("DJANGO_SITE_URL", default=DEVELOPMENT_SITE_URL).rstrip("/")
# Shown on every page (tap to call) unless the clinic sets its own in clinic settings.
CLINIC_EMERGENCY_NUMBER = env.str("CLINIC_EMERGENCY_NUMBER", default="112")

# --- Security headers ------------------------------------------------------------------------
SECURE_SSL_REDIRECT = SECURE_SSL
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
if DEBUG:
    SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008"]
elif not SECURE_SSL:
    # The loopback benchmark runs over plain HTTP on purpose.
    SILENCED_SYSTEM_CHECKS = ["security.W008", "security.W012", "security.W016"]

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

# --- Locale ----------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Europe/London")
USE_I18N = True
# English in sentence case for the account pages: locale/en/LC_MESSAGES/django.po, compiled
# to django.mo with msgfmt (both committed).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# --- Logging: never health data; request paths carry only random ids -------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}
ADMINS: list[tuple[str, str]] = []
