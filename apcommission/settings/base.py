"""Settings for every environment, switched by environment variables (read once, here).

Quick start (no variables set): DEBUG on, SQLite file, Celery over kombu's filesystem transport.
Production (DJANGO_DEBUG=0): SECRET_KEY and ALLOWED_HOSTS are required and every
`manage.py check --deploy` recommendation is on. See docs/adr/0002-settings-and-quick-start.md.
"""

import datetime as dt
import re
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
# A Notify key is its name, then the service id and the secret, each a UUID, joined by hyphens.
_NOTIFY_API_KEY = re.compile(rf".+-{_UUID.pattern}-{_UUID.pattern}", re.IGNORECASE)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; absent in CI and the quick start

DEBUG = env.bool("DJANGO_DEBUG", default=True)
DEMO_LOGINS_ENABLED = DEBUG and env.bool("DEMO_LOGINS_ENABLED", default=True)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-quick-start-key-never-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver", "[::1]"])
else:
    SECRET_KEY = env("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure"):
        raise ImproperlyConfigured("Production (DJANGO_DEBUG=0) needs SECRET_KEY: 50 or more random characters.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "Production (DJANGO_DEBUG=0) needs ALLOWED_HOSTS: a comma-separated list of host names."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "apcommission.core",
    "providers",
    "placements",
    "funding",
    "reports",
    "apcommission.dataprotection",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # django-csp, with the header for the settings' policy built once (core/content_security.py).
    "apcommission.core.content_security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apcommission.core.caching.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A full disk or an unreachable task queue: a page that says so, never a 500 (docs/operations.md).
    "apcommission.core.faults.FaultPagesMiddleware",
]

ROOT_URLCONF = "apcommission.urls"
WSGI_APPLICATION = "apcommission.wsgi.application"

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
                "apcommission.core.context_processors.service",
            ],
            "builtins": [
                "apcommission.core.templatetags.money",
                "apcommission.core.templatetags.permissions",
                "apcommission.core.templatetags.words",
                "apcommission.core.templatetags.back",
                "apcommission.core.templatetags.paging",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep each worker's connection between requests (opening one costs more than most pages' SQL);
# checked before reuse, so a restarted database or PgBouncer costs one failed check, not an error.
# DATABASE_CONN_MAX_AGE=0 closes it after every request; behind PgBouncer in transaction pooling,
# DATABASE_DISABLE_SERVER_SIDE_CURSORS=1 (docs/performance.md, "Deployment that grows").
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DATABASE_CONN_HEALTH_CHECKS", default=True)
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DATABASE_DISABLE_SERVER_SIDE_CURSORS", default=False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server let psycopg prepare a statement a connection has run five
    # times: PostgreSQL then plans it once, not on every request (the lists' joins took longer to
    # plan than to run). Behind PgBouncer, this needs PgBouncer 1.21+ with max_prepared_statements
    # set, or DATABASE_SERVER_SIDE_BINDING=0.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env.bool(
        "DATABASE_SERVER_SIDE_BINDING", default=True
    )
    if DATABASES["default"]["OPTIONS"]["server_side_binding"]:
        # Django turns psycopg's preparing off unless OPTIONS sets a threshold (for poolers): without
        # it nothing was prepared and the record pages' joins were planned on every request (2.5–10.8
        # ms of planning for the placement page's 0.4 ms read, by EXPLAIN ANALYZE).
        threshold = env.str("DATABASE_PREPARE_THRESHOLD", default="5")
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = None if threshold == "off" else int(threshold)
#: Prepared statements psycopg keeps a connection (its default is 100; core/connections.py).
DATABASE_PREPARED_MAX = env.int("DATABASE_PREPARED_MAX", default=250)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the quick start's web server and Celery worker share one file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:sign-in"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served publicly: documents are streamed by scoped views
# Development and tests: WhiteNoise serves straight from the finders (static/), so no collectstatic
# and no "No directory at staticfiles" warning. Production serves the collected, hashed files.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    # Uploads are written to a temporary file and renamed when complete (apcommission/core/storage.py).
    "default": {"BACKEND": "apcommission.core.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
UPLOAD_MAX_BYTES = 10 * 1024 * 1024  # the service's limit on evidence files (10 MB)

# Forms render as GOV.UK Design System components (crispy-forms-gds; see docs/adr/0003).
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# E-mail (docs/adr/0009): GOV.UK Notify when NOTIFY_API_KEY is set, else SMTP when EMAIL_HOST is
# set, else printed to the console (the quick start). EMAIL_BACKEND, when set, overrides the choice.
#: GOV.UK Notify: an API key ("name-<service id>-<secret>") and the generic template whose subject
#: is ((subject)) and whose body is ((body)).
NOTIFY_API_KEY = env("NOTIFY_API_KEY", default="")
NOTIFY_TEMPLATE_ID = env("NOTIFY_TEMPLATE_ID", default="")
if NOTIFY_API_KEY and not _UUID.fullmatch(NOTIFY_TEMPLATE_ID):
    raise ImproperlyConfigured(
        "NOTIFY_API_KEY is set, so e-mail goes through GOV.UK Notify: it needs NOTIFY_TEMPLATE_ID, the id of "
        "a template whose subject is ((subject)) and whose message is ((body))."
    )
if NOTIFY_API_KEY and not _NOTIFY_API_KEY.fullmatch(NOTIFY_API_KEY):
    raise ImproperlyConfigured("NOTIFY_API_KEY is not a GOV.UK Notify API key (its name, service id and secret).")
EMAIL_HOST = env("EMAIL_HOST", default="")
if NOTIFY_API_KEY:
    _chosen_email_backend = "apcommission.core.mail.NotifyEmailBackend"
elif EMAIL_HOST:
    _chosen_email_backend = "django.core.mail.backends.smtp.EmailBackend"
else:
    _chosen_email_backend = "django.core.mail.backends.console.EmailBackend"
EMAIL_BACKEND = env("EMAIL_BACKEND", default="") or _chosen_email_backend
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="AP Commissioning <no-reply@apcommission.invalid>")

# Celery. Quick start: kombu's filesystem transport (no server). CI and production: Redis.
# The filesystem transport has no host; naming localhost keeps kombu from warning that none was given.
#: kombu warns "No hostname was supplied" for a URL without one, though the transport needs none.
QUICK_START_BROKER_URL = "filesystem://localhost/"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=QUICK_START_BROKER_URL)
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        # kombu keeps fanout exchange bindings here; its default is ./control in the working folder.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    # kombu does not create its folders, and publishing into a missing one fails. Every process
    # that may publish or consume (web, worker, tests, a fresh clone) imports these settings.
    for _folder in ("out", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
else:
    # Redis: a task acknowledged late (acks_late) whose worker died goes back on the queue once
    # unacknowledged for this long; the tasks make a second run harmless (docs/operations.md).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60),
        "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
        "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# One static schedule, plain data (django-celery-beat copies it into its tables when beat starts).
# Nothing runs between 01:00 and 02:00 Europe/London: that hour is skipped when the clocks go
# forward in March and happens twice when they go back in October, so a job there would be
# missed or run twice. Hence hour="0,2-23" rather than "*".
#: When the daily sweep of statutory deadline reminders runs (Europe/London).
PLACEMENTS_REMINDERS_AT = env("PLACEMENTS_REMINDERS_AT", default="07:00")
if not 0 <= int(PLACEMENTS_REMINDERS_AT.split(":")[0]) < 24 or PLACEMENTS_REMINDERS_AT.startswith("01:"):
    raise ValueError("PLACEMENTS_REMINDERS_AT must be HH:MM outside 01:00-02:00")
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {
        "task": "apcommission.core.tasks.heartbeat",
        "schedule": crontab(minute="*/5", hour="0,2-23"),
        "options": {"expires": 4 * 60},  # a late heartbeat is worthless: the next one is due
    },
    # Missing-pupil alerts (docs/placements-attendance.md): from the 10:30 alert time, every 15
    # minutes to 16:00 on weekdays; the service itself skips days that are not school days.
    "placements-attendance-alerts-morning": {
        "task": "placements.tasks.send_attendance_alerts",
        "schedule": crontab(minute="30,45", hour="10", day_of_week="mon-fri"),
        "options": {"expires": 14 * 60},
    },
    "placements-attendance-alerts-day": {
        "task": "placements.tasks.send_attendance_alerts",
        "schedule": crontab(minute="*/15", hour="11-15", day_of_week="mon-fri"),
        "options": {"expires": 14 * 60},
    },
    "placements-attendance-alerts-close": {
        "task": "placements.tasks.send_attendance_alerts",
        "schedule": crontab(minute="0", hour="16", day_of_week="mon-fri"),
        "options": {"expires": 14 * 60},
    },
    # Maintained figures (docs/adr/0005): recounts those that changed, or are 15 minutes old.
    "placements-refresh-figures": {
        "task": "placements.tasks.refresh_figures",
        "schedule": crontab(minute="*", hour="0,2-23"),
        "options": {"expires": 50},
    },
    # The equity page's rows per school (docs/adr/0005): recounts LAs whose are stale, or 15 minutes old.
    "funding-refresh-equity-figures": {
        "task": "funding.tasks.refresh_equity_figures",
        "schedule": crontab(minute="*", hour="0,2-23"),
        "options": {"expires": 50},
    },
    # Reminders of statutory deadlines (docs/placements-clock.md): daily, 07:00 Europe/London by
    # default; PLACEMENTS_REMINDERS_AT="HH:MM" moves it (keep it out of 01:00-02:00).
    "placements-deadline-reminders": {
        "task": "placements.tasks.send_deadline_reminders",
        "schedule": crontab(
            minute=str(int(PLACEMENTS_REMINDERS_AT.split(":")[1])), hour=str(int(PLACEMENTS_REMINDERS_AT.split(":")[0]))
        ),
        "options": {"expires": 6 * 60 * 60},
    },
    # Open statutory deadlines worked out again on the calendars as they are now (term dates and
    # closures entered since), before the morning's reminders.
    "placements-refresh-open-deadlines": {
        "task": "placements.tasks.refresh_open_deadlines",
        "schedule": crontab(minute="45", hour="2"),
        "options": {"expires": 3 * 60 * 60},
    },
    # Committed costs for the High Needs Block dashboard (docs/funding.md), worked out every night
    # after the 01:00-02:00 hour.
    "funding-refresh-commitments": {
        "task": "funding.tasks.refresh_commitments",
        "schedule": crontab(minute="30", hour="2"),
        "options": {"expires": 60 * 60},
    },
    # Data protection (docs/data-protection.md): records past their retention date are anonymised
    # each night; subject access exports that could not be queued (broker down) are sent again.
    "dataprotection-apply-retention": {
        "task": "apcommission.dataprotection.tasks.apply_retention",
        "schedule": crontab(minute="15", hour="3"),
        "options": {"expires": 2 * 60 * 60},
    },
    # The AP census return's figures (docs/adr/0005): after the placement figures they follow.
    "reports-refresh-census-figures": {
        "task": "reports.tasks.refresh_census_figures",
        "schedule": crontab(minute="*", hour="0,2-23"),
        "options": {"expires": 50},
    },
    "reports-requeue-waiting-packs": {
        "task": "reports.tasks.requeue_waiting_packs",
        "schedule": crontab(minute="*/5", hour="0,2-23"),
        "options": {"expires": 4 * 60},
    },
    "dataprotection-requeue-waiting-exports": {
        "task": "apcommission.dataprotection.tasks.requeue_waiting_exports",
        "schedule": crontab(minute="*/5", hour="0,2-23"),
        "options": {"expires": 4 * 60},
    },
}
#: Retention periods that differ from the documented defaults, e.g. {"pupil_record": "31 years"}
#: (keys and defaults: docs/data-protection.md and the privacy notice).
DATA_RETENTION_PERIODS = env.json("DATA_RETENTION_PERIODS", default={})
#: The service's own address, for absolute links in e-mails (e.g. https://ap.example.gov.uk).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Security headers. Production adds HTTPS-only settings below.
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
# A cache every web process shares (CACHE_URL, e.g. redis://redis:6379/1): sessions are then read
# from it and written to it and to the database (cached_db) with the signed-in user's row kept
# beside them (core.signed_in), saving each request two queries. Only a
# shared cache: a session ended in one process must be gone for all of them, and Django's default
# local-memory cache is each process's own. Without CACHE_URL (the quick start), sessions are in
# the database alone (docs/performance.md, "Deployment that grows").
CACHE_URL = env("CACHE_URL", default="")
if CACHE_URL:
    CACHES = {"default": env.cache_url("CACHE_URL")}
    if CACHES["default"]["BACKEND"] in (
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    ):
        raise ImproperlyConfigured("CACHE_URL must name a cache every web process shares, such as Redis.")
    if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        # Django's Redis cache, keeping one client per server rather than making one per call.
        CACHES["default"]["BACKEND"] = "apcommission.core.redis_cache.RedisCache"
    # Django's cached_db, reading the signed-in user's row kept beside the session in the same
    # round trip (core.signed_in, docs/performance.md).
    SESSION_ENGINE = "apcommission.core.signed_in"
CSRF_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers and container health checks probe over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=63072000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Empty (as docker-compose passes when unset) means the default too.
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[]) or [f"https://{h}" for h in ALLOWED_HOSTS]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A refused request (403, 404) is one line, without a traceback (apcommission/core/logging.py).
    "filters": {"refusals_on_one_line": {"()": "apcommission.core.logging.RefusalsOnOneLine"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["refusals_on_one_line"]}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# The service's own names.
SERVICE_NAME = "AP Commissioning"
SERVICE_PHASE = env("SERVICE_PHASE", default="Beta")
#: When the accessibility statement (templates/core/accessibility.html) was last reviewed.
ACCESSIBILITY_STATEMENT_DATE = "30 November 2026"

# Accounts and sign-in security (docs/security.md). Two-factor sign-in with django-otp (TOTP apps
# and single-use recovery codes), failed sign-ins throttled and locked by django-axes.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static", "axes"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "apcommission.core.sessions.SessionSecurityMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as django-axes asks
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account or address first
    "apcommission.core.backends.EmailBackend",  # refuses demo accounts outside the quick start
]
#: Roles that must use two-factor sign-in (others may choose to). Django admin staff always must.
TWO_FACTOR_REQUIRED_ROLES = env.list(
    "TWO_FACTOR_REQUIRED_ROLES", default=["la_officer", "la_finance", "la_manager", "administrator"]
)
OTP_TOTP_ISSUER = SERVICE_NAME
OTP_TOTP_THROTTLE_FACTOR = 1  # wrong codes wait 1, 2, 4, 8 ... seconds before the next is checked
OTP_STATIC_THROTTLE_FACTOR = 1
#: Signed-in users are signed out after this long without a request, warned this long before.
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30)
SESSION_IDLE_WARNING_MINUTES = env.int("SESSION_IDLE_WARNING_MINUTES", default=2)
#: However active, a session ends this long after signing in.
SESSION_ABSOLUTE_LIMIT_HOURS = env.int("SESSION_ABSOLUTE_LIMIT_HOURS", default=10)
#: Failed sign-ins (password or code) per account, and per address, before a lockout.
AXES_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("SIGN_IN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False  # a right password must not wipe the count of wrong codes after it
AXES_USERNAME_CALLABLE = "apcommission.core.sign_in_throttle.username_from_request"
AXES_CLIENT_IP_CALLABLE = "apcommission.core.sign_in_throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "apcommission.core.views.sign_in.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are in the audit log already
AXES_VERBOSE = False
#: Number of proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
#: Password reset links work once, for this long (Django's default is three days).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_MINUTES", default=60) * 60
#: Invitation links work once, for this many days.
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)
#: A school's head may invite colleagues for their own school.
HEADS_MAY_INVITE = env.bool("HEADS_MAY_INVITE", default=True)
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # every attempt is in the audit log already
