"""Django settings for Komplan, read from the environment with safe development defaults."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
# Demo mode seeds demo tenants and accounts with published passwords; never on in production.
DEMO_MODE = env_bool("KOMPLAN_DEMO", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or DEMO_MODE or os.environ.get("KOMPLAN_TESTING")):
        raise RuntimeError("SECRET_KEY must be set outside development and demo mode.")
    SECRET_KEY = "dev-only-insecure-key-komplan"  # noqa: S105 (never outside dev/demo/tests)
elif SECRET_KEY.startswith("change-me") and not (DEBUG or DEMO_MODE):
    # The placeholders of deploy/production.env.example and .env.example.
    raise RuntimeError("SECRET_KEY is still the example's placeholder: set a random one.")

# Municipalities live at <slug>.<PLATFORM_DOMAIN>; the bare domain is the platform's own site.
PLATFORM_DOMAIN = os.environ.get("PLATFORM_DOMAIN", "localhost").strip().lower()
ALLOWED_HOSTS = [PLATFORM_DOMAIN, f".{PLATFORM_DOMAIN}"]
PLATFORM_SCHEME = os.environ.get("PLATFORM_SCHEME", "http")
# Links between subdomains carry the port in development; it follows the web port (PORT).
PLATFORM_PORT = os.environ.get(
    "PLATFORM_PORT", os.environ.get("PORT", "8000") if PLATFORM_DOMAIN == "localhost" else "")

SHARED_APPS = [
    # The admin before django_tenants: django_tenants overrides the admin's index and app list
    # with templates that carry inline styles, which the Content-Security-Policy blocks. The
    # admin has no management commands, so django_tenants' migrate still wins where it must.
    "django.contrib.admin",
    "django_tenants",
    "hub.municipalities",
    "hub.tenancy",
    "hub.accounts",
    "hub.rpss",
    "hub.regional",
    "hub.demo",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    # Sessions are in both lists: each schema gets its own session table, so a session
    # cookie copied from one municipality's subdomain is unknown on another's.
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    # Tenant apps in the order their pages, links, API routes and demo data are gathered.
    "tenants.common",
    "tenants.portal",
    "tenants.history",
    "tenants.plans",
    "tenants.participation",
    "tenants.catalogue",
    "tenants.documents",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "municipalities.Municipality"
TENANT_DOMAIN_MODEL = "municipalities.Domain"
PUBLIC_SCHEMA_URLCONF = "hub.urls_public"
ROOT_URLCONF = "hub.urls_tenant"
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
# The template schema every new municipality is cloned from (hub/tenancy/schemas.py).
TENANT_TEMPLATE_SCHEMA = "tenant_template"
# Pre-made schemas kept ready so onboarding is a rename, not a clone.
TENANT_SPARE_POOL_SIZE = int(os.environ.get(
    "TENANT_SPARE_POOL_SIZE", "0" if os.environ.get("KOMPLAN_TESTING") else "3"))
# One SET search_path per request instead of one per cursor. Safe with direct connections
# or session pooling (4.0.1 resets it on rollback and savepoint rollback); transaction-mode
# PgBouncer is unsupported either way (research/tech.md §5).
TENANT_LIMIT_SET_CALLS = env_bool("TENANT_LIMIT_SET_CALLS", True)
TENANT_MULTIPROCESSING_MAX_PROCESSES = int(os.environ.get("TENANT_MIGRATION_PROCESSES", "2"))

MIDDLEWARE = [
    # Probes first: answered on any Host, before routing looks the host up (hub/health/).
    "hub.health.middleware.HealthMiddleware",
    # The Content-Security-Policy on every response that does not set its own (below) — the
    # unknown-host page the routing answers with included.
    "csp.middleware.CSPMiddleware",
    # Static files are the same on every host and public: served before the host lookup, so
    # the unknown-host page's stylesheet loads too; hashed names, cached for a year.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hub.tenancy.middleware.MunicipalityRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hub.tenancy.language.MunicipalityLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hub.tenancy.context.platform",
                "hub.accounts.context.role",
                "hub.tenancy.nav.links",
            ],
        },
    },
]

WSGI_APPLICATION = "hub.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/komplan"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# django-tenants' backend sets search_path per tenant. Keep session-level pooling only:
# transaction-mode PgBouncer serves other tenants' rows (research/tech.md §5).
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
# A database that does not answer costs a bounded wait, not a hung request or probe.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    # Tenant data: every key is prefixed with the schema name by django-tenants.
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "komplan"),
    },
    # Platform data (domain routing, sign-in throttling): keys must not depend on the schema
    # the connection happens to be in, or invalidation from a tenant request would miss.
    "platform": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "komplan") + ":platform",
    },
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if os.environ.get("KOMPLAN_TESTING"):
    # Tests create many accounts; a slow hash there measures nothing but the hash.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
# Failed sign-ins allowed per account (and per client address) in the window.
SIGNIN_MAX_FAILURES = int(os.environ.get("SIGNIN_MAX_FAILURES", "5"))
SIGNIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("SIGNIN_MAX_FAILURES_PER_ADDRESS", "20"))
SIGNIN_WINDOW_SECONDS = int(os.environ.get("SIGNIN_WINDOW_SECONDS", "900"))

# Cookies stay host-only (no SESSION_COOKIE_DOMAIN): a session belongs to one subdomain.
SESSION_COOKIE_NAME = "komplan_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "komplan_csrf"
SECURE = env_bool("SECURE_COOKIES", not (DEBUG or DEMO_MODE))
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_NAME = "komplan_language"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
if env_bool("BEHIND_TLS_PROXY", False):
    # The TLS proxy says which scheme the client used; gunicorn's FORWARDED_ALLOW_IPS decides
    # whose word it takes (deploy/gunicorn.conf.py).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production (deploy/production.env.example): every page over https. The probes answer
# before this redirect (hub/health/middleware.py comes first), so a kubelet's plain-http
# probe is not sent to https.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# HSTS: browsers refuse plain http for this long. Every municipality is a subdomain of the
# platform, so the policy covers them all; preload (a browser-shipped list, hard to leave)
# only when the operator decides so.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_REFERRER_POLICY = "same-origin"
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else [
    # W021 asks for HSTS preload; off by default on purpose (above), so not a finding.
    "security.W021",
]

# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from the
# platform's own static files — no inline script or style, no CDN, no frames. Pages that need
# more say so per view (the API docs: hub/api_docs.py). CSP_REPORT_URI collects violations.
_CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
if os.environ.get("CSP_REPORT_URI"):
    _CSP_DIRECTIVES["report-uri"] = [os.environ["CSP_REPORT_URI"]]
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}

LANGUAGE_CODE = "sk"
LANGUAGES = [("sk", _("Slovak")), ("cs", _("Czech")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "hub" / "locale"]
TIME_ZONE = "Europe/Bratislava"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "hub" / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Every stored file (archive uploads, meeting files, generated documents) goes through the
# default storage, under its municipality's schema name: MEDIA_ROOT/<schema>/… on the local
# filesystem (one machine, or a shared volume), or <S3_PREFIX>/<schema>/… in a private
# S3-compatible bucket (STORAGE_BACKEND=s3). Files are only ever served through the app's
# views, never from the bucket or /media/ (hub/tenancy/storage.py).
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "filesystem").strip().lower()
if STORAGE_BACKEND not in {"filesystem", "s3"}:
    raise RuntimeError("STORAGE_BACKEND must be filesystem or s3.")
_FILES = {"BACKEND": "hub.tenancy.storage.TenantFileSystemStorage"}
if STORAGE_BACKEND == "s3":
    _FILES = {"BACKEND": "hub.tenancy.storage.TenantS3Storage", "OPTIONS": {
        "bucket_name": os.environ.get("S3_BUCKET", ""),
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "location": os.environ.get("S3_PREFIX", ""),
        # "path" for MinIO and most S3-compatible services, "virtual" for AWS.
        "addressing_style": os.environ.get("S3_ADDRESSING_STYLE", "path"),
    }}
# Static files: hashed names (cacheable for ever) and precompressed copies, made by
# collectstatic at image build, by `make run` and by the tests (hub/staticfiles.py).
STORAGES = {
    "default": _FILES,
    "staticfiles": {"BACKEND": "hub.staticfiles.StaticStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"komplan@{PLATFORM_DOMAIN}")
# The file backend (make run) writes one .log file per connection into this folder.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / ".state" / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# Uploaded documents and meeting files: largest accepted size (bytes).
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["hub.accounts.permissions.PublicReadStaffWrite"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: the browsable API's pages carry inline script (no CSP would allow them);
    # people read the API at /api/docs/. DEBUG turns the browsable API back on.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"] + (
        ["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Services' ValidationErrors → 400 with field errors, in one place (hub/api_errors.py).
    "EXCEPTION_HANDLER": "hub.api_errors.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    # Public submissions (comments, joining, registrations) are limited by hub/ratelimit.py.
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "600/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Komplan API",
    "DESCRIPTION": "Community planning of social services — one municipality per subdomain.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge from the public validator (a request that leaves the platform, CSP-blocked).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "tenants.plans.models.Plan.Status",
        "EvaluationStatusEnum": "tenants.plans.models.Status",
        "MeetingStatusEnum": "tenants.participation.models.Meeting.Status",
        # Merged participation + catalogue: their "status" choices collide without names.
        "ServiceStatusEnum": "tenants.catalogue.models.Service.Status",
    },
}

# Celery: one tenant-aware app (workers/celery.py); the schema travels in a message header.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Above the largest fan-out jitter window and the longest task, or Redis redelivers.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 4 * 3600))}
if os.environ.get("CELERY_RESTORE_INTERVAL"):
    # Seconds between a worker's sweeps for messages whose worker died (kombu's default
    # scans about every 100 s); matters only with a short visibility timeout.
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        unacked_restore_interval=int(os.environ["CELERY_RESTORE_INTERVAL"]),
        unacked_restore_throttle=1)
CELERY_TASK_TENANT_CACHE_SECONDS = 60
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_RESULT_EXPIRES = 3600
# Fan-out jitter: per-tenant tasks spread over this many seconds.
FANOUT_WINDOW_SECONDS = int(os.environ.get("FANOUT_WINDOW_SECONDS", "1800"))
# Seconds a regional figures refresh waits after a write, so a burst of writes makes one.
REGIONAL_REFRESH_DELAY = int(os.environ.get("REGIONAL_REFRESH_DELAY", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant_context": {"()": "django_tenants.log.TenantContextFilter"}},
    "formatters": {
        "tenant": {"format": "%(asctime)s %(levelname)s [%(schema_name)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["tenant_context"],
                    "formatter": "tenant"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Error reporting (optional): with SENTRY_DSN set, errors of web, workers and beat go to
# Sentry without personal data — no request bodies, cookies or e-mail addresses
# (hub/error_reporting.py). Off without a DSN.
if os.environ.get("SENTRY_DSN"):
    from hub.error_reporting import sentry_init

    sentry_init(os.environ["SENTRY_DSN"])
