"""Django settings for Komplan, read from the environment with safe development defaults."""

import os
from datetime import timedelta
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
    # The outbox of background work (workers/models.py), one table for every municipality.
    "workers",
    "hub.accounts",
    "hub.rpss",
    "hub.regional",
    "hub.demo",
    "hub.backup",
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
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # django-axes: failed sign-ins, counted in the public schema (hub/accounts/lockout.py).
    "axes",
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
    "tenants.funding",
    "tenants.analysis",
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
# deploy_migrate: connections replaying new migrations into the schemas behind (and the
# processes of Django's executor where it still runs). A schema waits at most this many seconds
# for a table lock (a long request holding one), then is tried again once at the end.
TENANT_MULTIPROCESSING_MAX_PROCESSES = int(os.environ.get("TENANT_MIGRATION_PROCESSES", "2"))
TENANT_MIGRATION_LOCK_TIMEOUT = float(os.environ.get("TENANT_MIGRATION_LOCK_TIMEOUT", "10"))

MIDDLEWARE = [
    # Probes first: answered on any Host, before routing looks the host up (hub/health/).
    "hub.health.middleware.HealthMiddleware",
    # The Content-Security-Policy on every response that does not set its own (below) — the
    # unknown-host page the routing answers with included.
    "csp.middleware.CSPMiddleware",
    # Static files are the same on every host and public: served before the host lookup, so
    # the unknown-host page's stylesheet loads too; hashed names, cached for a year.
    "hub.staticfiles.StaticFilesMiddleware",
    "hub.tenancy.middleware.MunicipalityRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hub.tenancy.language.MunicipalityLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a sign-in refused for a lockout into a 429 (hub.accounts.lockout.signin_locked_out).
    "axes.middleware.AxesMiddleware",
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
        # Seconds a process keeps its PostgreSQL connection. Long: a new backend reads the
        # catalogue entries of every municipality schema it serves afresh (bench/routing.py:
        # ~20 ms per schema, so a minute's connections kept host rotation always cold); the
        # health check at each request's start replaces a dead one. Recycling bounds the
        # backend's memory, which grows with the schemas it has served.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "3600")),
        conn_health_checks=True,
    )
}
# django-tenants' backend sets search_path per tenant; ours sends that SET in the same round
# trip as the first statement after it (hub/tenancy/postgresql_backend). Keep session-level
# pooling only: transaction-mode PgBouncer serves other tenants' rows (research/tech.md §5).
DATABASES["default"]["ENGINE"] = "hub.tenancy.postgresql_backend"
# A database that does not answer costs a bounded wait, not a hung request or probe.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# Redis is a cache for reading (hub/redis_guard.py): a connect or read that takes longer than
# this many seconds counts as "Redis is down", and then each process leaves it alone for
# REDIS_BREAKER_SECONDS before one request tries again. Pages go on from the database.
REDIS_CACHE_TIMEOUT = float(os.environ.get("REDIS_CACHE_TIMEOUT", "0.25"))
REDIS_BREAKER_SECONDS = float(os.environ.get("REDIS_BREAKER_SECONDS", "5"))
# Seconds a process keeps a found host in memory (hub/tenancy/domain_cache.py); changes reach
# every process at once by a Redis message, so this only bounds a lost message.
DOMAIN_CACHE_LOCAL_SECONDS = int(os.environ.get("DOMAIN_CACHE_LOCAL_SECONDS", "300"))
CACHES = {
    # Tenant data: every key is prefixed with the schema name by django-tenants.
    # hub.cache.DegradingRedisCache: a miss / a dropped write when Redis does not answer.
    "default": {
        "BACKEND": "hub.cache.DegradingRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "komplan"),
    },
    # Platform data (domain routing, locks, API throttles): keys must not depend on the schema
    # the connection happens to be in, or invalidation from a tenant request would miss.
    "platform": {
        "BACKEND": "hub.cache.DegradingRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "komplan") + ":platform",
    },
}

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend",
                           "django.contrib.auth.backends.ModelBackend"]
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

# Who the client is, for every limit (hub/client_ip.py): without proxies REMOTE_ADDR, and a
# client's X-Forwarded-For is ignored. Behind proxies: their addresses/ranges, or their number.
TRUSTED_PROXIES = [r.strip() for r in os.environ.get("TRUSTED_PROXIES", "").split(",") if r.strip()]
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Sign-in lockout (django-axes, counted in PostgreSQL: hub/accounts/lockout.py). Failed
# sign-ins allowed per account, and per client address over all accounts, within the window.
SIGNIN_MAX_FAILURES = int(os.environ.get("SIGNIN_MAX_FAILURES", "5"))
SIGNIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("SIGNIN_MAX_FAILURES_PER_ADDRESS", "20"))
SIGNIN_WINDOW_SECONDS = int(os.environ.get("SIGNIN_WINDOW_SECONDS", "900"))
# Seconds a sign-in handoff to another host of the platform stays valid (hub/accounts/handoff.py).
SIGNIN_HANDOFF_SECONDS = int(os.environ.get("SIGNIN_HANDOFF_SECONDS", "60"))
AXES_HANDLER = "hub.accounts.lockout.SigninLockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = "hub.accounts.lockout.failure_limit"  # SIGNIN_MAX_FAILURES, read when asked
AXES_COOLOFF_TIME = timedelta(seconds=SIGNIN_WINDOW_SECONDS)
AXES_CLIENT_IP_CALLABLE = "hub.client_ip.client_ip"
AXES_USERNAME_CALLABLE = "hub.accounts.lockout.signin_username"
AXES_LOCKOUT_CALLABLE = "hub.accounts.lockout.signin_locked_out"
# Trying again while locked out does not extend the lockout: "wait 15 minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True  # the account's own failures (see SigninLockoutHandler)
# No row per successful sign-in: the lockout needs failures only, and a log of every
# sign-in with address and browser would be personal data kept for nothing.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # hub/accounts/admin.py shows them as "failed sign-ins", translated

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
# The catalogue's map (tenants/catalogue/maps.py): a tile server's URL template, e.g.
# https://tile.openstreetmap.org/{z}/{x}/{y}.png, and its credit line (HTML links allowed).
# Unset, there is no map at all; set, only the map's pages add the tile host to img-src.
# Seconds the public home page's content stays cached at most (tenants/portal/home_cache.py).
# A write of what it shows, the date and a scheduled news item's time refresh it at once;
# this bounds only changes made past the models. 0: built on every request.
KOMPLAN_HOME_CACHE_SECONDS = int(os.environ.get("KOMPLAN_HOME_CACHE_SECONDS", "3600"))
# Seconds the network analysis pages keep a municipality's catalogue lines and population
# (tenants/analysis/network_cache.py); a change of either is seen at once. 0: read every time.
KOMPLAN_ANALYSIS_CACHE_SECONDS = int(os.environ.get("KOMPLAN_ANALYSIS_CACHE_SECONDS", "600"))
KOMPLAN_MAP_TILE_URL = os.environ.get("KOMPLAN_MAP_TILE_URL", "").strip()
KOMPLAN_MAP_ATTRIBUTION = os.environ.get("KOMPLAN_MAP_ATTRIBUTION", "").strip()
if os.environ.get("CSP_REPORT_URI"):
    _CSP_DIRECTIVES["report-uri"] = [os.environ["CSP_REPORT_URI"]]
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}

LANGUAGE_CODE = "sk"
LANGUAGES = [("sk", _("Slovak")), ("cs", _("Czech")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "hub" / "locale"]
# Slovak and Czech short dates as the templates write them ("1. 1. 2028"), hub/formats/.
FORMAT_MODULE_PATH = ["hub.formats"]
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
# The operator's address in the platform's own accessibility statement and privacy notice.
PLATFORM_CONTACT_EMAIL = os.environ.get("PLATFORM_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
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
    # A municipality's API tokens first (hub/accounts/authentication.py: its WWW-Authenticate
    # makes a call without credentials a 401), then the browser session.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "hub.accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
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
    # Per client address (hub/client_ip.py) and per account, platform-wide (hub/api_throttles.py).
    # Public submissions (comments, joining, registrations) are limited by hub/ratelimit.py.
    "DEFAULT_THROTTLE_CLASSES": ["hub.api_throttles.AnonThrottle",
                                 "hub.api_throttles.AccountThrottle",
                                 "hub.api_throttles.TokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "600/min"),
                               "user": os.environ.get("API_USER_RATE", "1200/min"),
                               "token": os.environ.get("API_TOKEN_RATE", "600/min")},
}
# Public submissions (hub/ratelimit.py): counted in the tenant cache; with Redis down they are
# let through (the module says why).
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True
SPECTACULAR_SETTINGS = {
    "TITLE": "Komplan API",
    "DESCRIPTION": "Community planning of social services — one municipality per subdomain. "
                   "Reads of public content need no credentials; a program authenticates with "
                   "`Authorization: Bearer <token>`, a token an admin of the municipality "
                   "makes under Staff → API tokens (/staff/api-tokens/), valid on this "
                   "municipality's address only. The catalogue in HSDS 3.0: /hsds/openapi.json.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge from the public validator (a request that leaves the platform, CSP-blocked).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # One component for what is sent, one for what comes back: read-only fields (id,
    # updated_at …) are never asked of a caller.
    "COMPONENT_SPLIT_REQUEST": True,
    # Every error answer documented with its shape (hub/api_schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "hub.api_schema.document_errors",
                             # Title, summaries and groups in the caller's language.
                             "hub.api_i18n.translate_schema"],
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "tenants.plans.models.Plan.Status",
        "EvaluationStatusEnum": "tenants.plans.models.Status",
        "MeetingStatusEnum": "tenants.participation.models.Meeting.Status",
        # Merged participation + catalogue: their "status" choices collide without names.
        "ServiceStatusEnum": "tenants.catalogue.models.Service.Status",
        # A funding round's state, also the target of its transition ("to").
        "RoundStateEnum": "tenants.funding.models.Round.State",
    },
}

# Celery: one tenant-aware app (workers/celery.py); the schema travels in a message header.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Every task has a hard time limit (the longest, imports and the registry file, 600 s);
# Redis gives a message whose worker died to another worker after the visibility timeout,
# so it sits just above that limit. No task is sent with a long countdown (the fan-out and
# debounces wait in the outbox, workers/outbox.py), so nothing legitimately waits longer.
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 570
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 660)),
    # A request that sends work must not hang on a Redis that does not answer: the outbox
    # row is already committed and the sweeper sends it later.
    "socket_connect_timeout": 1, "socket_timeout": 5}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0,
                                    "interval_step": 0.2, "interval_max": 0.2}
if os.environ.get("CELERY_RESTORE_INTERVAL"):
    # Seconds between a worker's sweeps for messages whose worker died (kombu's default
    # scans about every 100 s); matters only with a short visibility timeout.
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        unacked_restore_interval=int(os.environ["CELERY_RESTORE_INTERVAL"]),
        unacked_restore_throttle=1)
CELERY_TASK_TENANT_CACHE_SECONDS = 60
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_RESULT_EXPIRES = 3600
# Fan-out: per-tenant tasks spread over this many seconds (outbox rows due at their slot).
FANOUT_WINDOW_SECONDS = int(os.environ.get("FANOUT_WINDOW_SECONDS", "1800"))
# Seconds a regional figures refresh waits after a write, so a burst of writes makes one
# (a short countdown; the outbox row is the record).
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
    # axes logs every failed sign-in at INFO; its WARNINGs (lockouts) are what operators need.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Error reporting (optional): with SENTRY_DSN set, errors of web, workers and beat go to
# Sentry without personal data — no request bodies, cookies or e-mail addresses
# (hub/error_reporting.py). Off without a DSN.
if os.environ.get("SENTRY_DSN"):
    from hub.error_reporting import sentry_init

    sentry_init(os.environ["SENTRY_DSN"])
