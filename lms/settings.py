"""Settings for the clinical training LMS: one module, configured by environment variables.

Defaults are for a developer's machine (SQLite file, Celery eager, console email, DEBUG on
only when asked). Production and CI set DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY,
ALLOWED_HOSTS and the email variables; see README.md for the full list.
"""

import re
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# An insecure key is only acceptable on a developer's machine; production must set SECRET_KEY
# (`check --deploy` in CI fails on a short or default key).
DEV_ONLY_FALLBACK = "dev-only-insecure-key-change-me"
SECRET_KEY = env("SECRET_KEY", default=DEV_ONLY_FALLBACK)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The one origin of every absolute URL in emails, certificates and credentials. Production must
# set it: lms/wsgi.py refuses to start with DEBUG=0 without it (or on the development key).
SITE_URL_GIVEN = bool(env("SITE_URL", default=""))
SITE_URL = env("SITE_URL", default=f"http://127.0.0.1:{env('PORT', default='8000')}").rstrip("/")

INSTALLED_APPS = [
    # First: it adds a column per language to the catalogue fields registered in each app's
    # translation.py, before any app reads those models.
    "modeltranslation",
    "lms",
    "certificates",
    "courses",
    "fellowships",
    "simulation",
    "live",
    "competencies",
    "reports",
    "cms",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.users_app.WagtailUsersConfig",  # wagtail.users, with role changes through our services
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # API
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "django_countries",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lms.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML and JSON compressed (static files come compressed from WhiteNoise, above, and never
    # reach it). Django pads compressed pages against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.middleware.UserLanguageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.context_processors.language_prefix",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts and wait for each other, instead of
    # failing with "database is locked" when a read turns into a write (web + eager tasks).
    # In WAL mode, synchronous=NORMAL syncs at checkpoints instead of on every commit (SQLite's
    # recommended pairing): a power cut may lose the last commits but never corrupts the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "lms.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "lms.passwords.MinimumLengthValidator"},  # Django 5.2 lacks its Catalan words
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: email is the login, confirmed before first login; failed logins are
# throttled per account ("key") and per address ("ip") through the cache.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up and password reset answer the same for known and unknown emails (no account
# enumeration); the email tells the truth: "you already have an account: log in or reset your
# password", or "no account uses this address".
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
ACCOUNT_SIGNUP_FORM_CLASS = "lms.forms.SignupProfileForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Clinical Training] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
ACCOUNT_ADAPTER = "lms.accounts.AccountAdapter"
# Failed logins are limited per account, with growing waits: 5 in 5 minutes, then 10 in an
# hour, then 20 in a day lock that account for the rest of the window; a password reset (the
# link the lockout message offers) unlocks it at once. Per address the limit is 300 failures in
# 5 minutes: a partner hospital's staff reach us through one NAT address, and one person
# mistyping must not lock out the rest (a password-guessing run on one account still meets the
# per-account limit).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("LOGIN_FAILED_RATE_LIMIT", default="300/5m/ip,5/5m/key,10/h/key,20/d/key"),
    # Every attempt, and the other account forms, per address: raised from the library's 20-30
    # a minute so a class signing up together in a partner hospital is not refused.
    "login": "300/m/ip",
    "signup": "60/m/ip",
    "reset_password": "60/m/ip,5/m/key",
    "reset_password_from_key": "60/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Clinical Training LMS"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("ca", _("Catalan")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates are written in each language's own way (Django's formats, "7 de diciembre de 2026");
# lms/formats/en says how English writes them here.
FORMAT_MODULE_PATH = ["lms.formats"]
# Catalogue data people read (scenario titles, disciplines, rooms, checklist items, intake
# names) has a column per language (django-modeltranslation). English is the one every row
# must have; a language left blank reads as English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = env("TIME_ZONE", default="Europe/Madrid")
USE_I18N = True
USE_TZ = True
# Page content is translated with Wagtail's own localisation: one page tree per language
# (wagtail.locales manages the languages, wagtail.contrib.simple_translation copies a page or a
# subtree into another language for translating). A page created in one tree is aliased into the
# others, so every page has an address in every language until it is translated.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Private files (application documents, certificate PDFs, submissions) never sit under a
# public URL: they are served by views that check who asks.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media")))
# Media (public images, and the private files above) go through Django's storage setting:
# the local disk by default (one node, or a volume every node mounts); any S3-compatible store
# with MEDIA_STORAGE=s3 (django-storages and boto3, see the README), public media in
# AWS_STORAGE_BUCKET_NAME and private files in AWS_PRIVATE_BUCKET_NAME, never public-read.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "s3":
    _s3 = {
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env("AWS_S3_REGION_NAME", default=None),
        "access_key": env("AWS_ACCESS_KEY_ID", default=None),
        "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
    }
    _media_storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3, "bucket_name": env("AWS_STORAGE_BUCKET_NAME"), "file_overwrite": False},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_s3,
                "bucket_name": env("AWS_PRIVATE_BUCKET_NAME"),
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
else:
    _media_storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "lms.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
        },
    }
STORAGES = {
    **_media_storages,
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))  # for the file-based backend
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="International Training Office <training@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Web nodes keep no state of their own. With REDIS_URL (production, CI, the Compose file)
# the cache, and with it rate limits, cached page reads and sessions, is shared by every
# process; sessions are also written to PostgreSQL (cached_db), so a Redis restart logs nobody
# out. Without Redis (`make run`, one process) the cache is the process's memory and sessions
# live in the database only.
REDIS_URL = env("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)

# Celery: without a broker, tasks run eagerly in the calling process so that one command
# starts the whole site; with CELERY_BROKER_URL set, real workers run them.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Even eagerly, a task's failure never fails the request that queued it (it is recorded and
# retried by the task itself).
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=200)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers a message whose worker died once this many seconds have passed; the outbox
# lease (below) hands such work over sooner. Longer than any task we run.
# Publishing to a broker that is down fails fast (one retry within half a second, instead of
# kombu's default of about six seconds): the outbox keeps the work and the beat sweep hands it
# over once the broker answers again, so a request never waits for, or fails by, the broker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_PUBLISH_RETRY = False
# How long one outbox message may run before the sweep gives it to another worker.
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=120)
# Applications that never led to a placement: what the applicant wrote and uploaded is erased
# this many days after their last change (GDPR storage limitation; the row stays for counts).
APPLICATION_RETENTION_DAYS = env.int("APPLICATION_RETENTION_DAYS", default=730)
# Certificates still pending this long after issue get their render queued again.
CERTIFICATE_RENDER_STUCK_MINUTES = env.int("CERTIFICATE_RENDER_STUCK_MINUTES", default=10)
CELERY_BEAT_SCHEDULE = {
    "relay-outbox": {"task": "lms.tasks.relay_outbox", "schedule": env.float("OUTBOX_RELAY_SECONDS", default=5.0)},
    "seal-audit": {"task": "lms.tasks.seal_audit", "schedule": 60.0},
    "erase-unaccepted-applications": {
        "task": "fellowships.tasks.erase_unaccepted_applications_task",
        "schedule": 24 * 60 * 60,
    },
    "live-reminders": {"task": "live.tasks.send_reminders_task", "schedule": 15 * 60.0},
    "erase-expired-cases": {"task": "live.tasks.erase_expired_cases_task", "schedule": 60 * 60.0},
    "epa-assessment-reminders": {
        "task": "competencies.tasks.remind_and_expire_assessments_task",
        "schedule": 60 * 60.0,
    },
    "requeue-stuck-renders": {"task": "certificates.tasks.requeue_stuck_renders_task", "schedule": 120.0},
    "certificate-expiry-reminders": {
        "task": "certificates.tasks.send_expiry_reminders_task",
        "schedule": 6 * 60 * 60,  # four times a day; each reminder is sent once
    },
}
# Certificates: the issuing institution printed on every certificate, the serial prefix, and
# the EC P-256 private key (PEM) that signs Open Badges credentials (a development key is
# generated under PRIVATE_MEDIA_ROOT when unset).
# The default name is translated on PDFs and pages (certificates.services.DEFAULT_ISSUER); a
# name of your own shows as written unless you add it to the catalogues.
CERTIFICATE_ISSUER = env("CERTIFICATE_ISSUER", default="International Training Office, Children's Hospital")
# Where activities take place, for the accreditor's yearly activity summary (e.g. "Barcelona, ES").
CPD_ACTIVITY_LOCATION = env("CPD_ACTIVITY_LOCATION", default="")
CERTIFICATE_SERIAL_PREFIX = env("CERTIFICATE_SERIAL_PREFIX", default="ITO")
CERTIFICATE_SIGNING_KEY = env("CERTIFICATE_SIGNING_KEY", default="").replace("\\n", "\n")
# Public keys (PEM) that signed credentials before a key rotation, one after another: published
# in the DID document and the JWKS, never used to sign.
CERTIFICATE_RETIRED_KEYS = re.findall(
    r"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----",
    env("CERTIFICATE_RETIRED_KEYS", default="").replace("\\n", "\n"),
    re.DOTALL,
)

REST_FRAMEWORK = {
    # Token first: an anonymous call then answers 401 with `WWW-Authenticate: Token` (the first
    # class names the challenge; session authentication has none and would make it 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "lms.parsers.JSONParser",  # deeply nested JSON is a 400, not a 500
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "lms.pagination.Pagination",
    "DEFAULT_THROTTLE_RATES": {"token": env("TOKEN_RATE_LIMIT", default="10/min")},
    "EXCEPTION_HANDLER": "lms.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Clinical Training LMS API",
    "DESCRIPTION": "Courses, residential programmes, simulation training and certificates.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["lms.api.only_api_paths"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI is served from our own static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status"; name each set of choices after its model in the schema.
    "ENUM_NAME_OVERRIDES": {
        "CertificateStatusEnum": "certificates.models.Certificate.Status",
        "SessionStatusEnum": "simulation.models.Session.Status",
        "BookingStatusEnum": "simulation.models.Booking.Status",
        "RegistrationStatusEnum": "live.models.Registration.Status",
        "CaseStatusEnum": "live.models.Case.Status",
        "ApplicationStatusEnum": "fellowships.models.Status",
        "CertificateKindEnum": "certificates.models.Kind",
        "DocumentKindEnum": "fellowships.models.DocumentKind",
        "LanguageEnum": "lms.settings.LANGUAGES",
    },
}

WAGTAIL_SITE_NAME = "International Training Office"
# No Gravatar in the Wagtail admin: it would send a hash of every editor's email to a third
# party, and the Content-Security-Policy loads images from this site only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024

# Production hardening, on unless DEBUG (check --deploy runs clean with the production env).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's live preview shows the page in a same-origin frame, so framing by other sites is
# refused but our own admin may frame us; the deploy check's advice to use DENY is silenced.
X_FRAME_OPTIONS = "SAMEORIGIN"
# Content-Security-Policy (django-csp, applied by lms.middleware.SecurityHeadersMiddleware):
# only our own scripts, styles, fonts and images; video embeds from the two platforms lessons
# use; no plugins, no framing by other sites, forms post only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
SILENCED_SYSTEM_CHECKS = ["security.W019"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
    },
}
