"""Settings shared by every environment. Environment-specific modules import from here."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from core.logging import QUIET_LIBRARY_LOGGERS
from core.time_zones import offered_time_zones

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    # Our apps, left to right in the direction data flows (docs/development/architecture.md).
    "core",
    "jobs",
    "trust",
    "partners",
    "contacts",
    "relations",
    "events",
    "attachments",
    "reports",
    "cms",
    "transfers",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "import_export",
    "django_tasks",
    "django_tasks_db",
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
    "core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # django-csp: the Content-Security-Policy header and request.csp_nonce.
    "trust.middleware.ContentSecurityPolicyMiddleware",
    "trust.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, with the public /zh/ prefix for zh-hans (see cms/i18n.py).
    "cms.i18n.PublicLocaleMiddleware",
    # After the language is chosen (its message is translated), before anything reads a parameter.
    "core.middleware.InvalidParametersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.middleware.DependencyUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# Django's form renderer, with the plainest widget templates written in Python (see core.form_renderer).
FORM_RENDERER = "core.form_renderer.FormRenderer"

# The embedded SQLite database is the default; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the dashboard's cold-relationships queries at size L are estimated above jit_above_cost and spent
    # 0.5-0.8 s each compiling (4.2 s -> 1.3 s without), for queries that run in milliseconds to a second.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite's default page cache is 2 MiB: a report reading 250,000 engagements of a 300 MB database at size L
    # went back to the operating system for every page (0.65 s -> 0.33 s per query with 64 MiB and memory-mapped
    # reads). Per connection, nothing is written to the file.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "init_command", "PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456; PRAGMA temp_store = MEMORY;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "wagtailadmin_login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation. Japanese is the default language of the office and of the public site.
LANGUAGE_CODE = "ja"
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# Backups dump date-times to the microsecond (trust/serializer.py); loaddata reads them as plain "json".
SERIALIZATION_MODULES = {"kizuna_json": "trust.serializer"}
LANGUAGES = [
    ("ja", _("Japanese")),
    ("en", _("English")),
    ("vi", _("Vietnamese")),
    ("ko", _("Korean")),
    ("zh-hans", _("Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The staff workspace ships in Japanese and English.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ja", "日本語"), ("en", "English")]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Kizuna"
WAGTAILADMIN_BASE_URL = os.environ.get("KIZUNA_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No request to Gravatar from staff pages (a third party, refused by our CSP): a user's picture is the one they
# upload, else their initials (core.avatars).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The zones a user may choose on their account page: the places' zones of the tz database, not every file of the
# system's zoneinfo folder ("localtime", which browsers refuse). See core.time_zones.
WAGTAIL_USER_TIME_ZONES = offered_time_zones()

# Django's task framework (django-tasks), which Wagtail 8 uses too. Production uses the database queue of
# django-tasks-db (`manage.py task_worker`), which needs no extra service and survives restarts.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
# Tasks safe to run again after their worker died mid-task (idempotent by design): the reaper puts them back in
# the queue. Any other orphaned task is marked failed. Jobs resume through their own checkpoints instead.
TASKS_REQUEUE_ON_WORKER_LOSS = ["relations.tasks.send_follow_up_digest"]

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kizuna@localhost")

IMPORT_EXPORT_SKIP_ADMIN_LOG = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": QUIET_LIBRARY_LOGGERS,
}

# Trust and security (trust app; docs/operations/security.md).
WAGTAILADMIN_USER_LOGIN_FORM = "trust.forms.KizunaLoginForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "trust.forms.SafeDocumentForm"
# Every document downloads as an attachment: a PDF or text file never renders inside our origin.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# SVG can carry script; the public site takes raster images only.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 60 * 60))  # one working day
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's preview panel frames pages from the same origin.
X_FRAME_OPTIONS = "SAMEORIGIN"
TRUST_LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 5))
TRUST_LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("LOGIN_ACCOUNT_FAILURE_LIMIT", 20))
TRUST_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", 50))
TRUST_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", 15 * 60))
# Behind a reverse proxy that sets it (e.g. HTTP_X_FORWARDED_FOR), the client address for throttling.
TRUST_CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")

# Content-Security-Policy, written by django-csp (trust.middleware.ContentSecurityPolicyMiddleware): this policy on
# the public site, TRUST_STAFF_CONTENT_SECURITY_POLICY on the staff workspace. A view that sets a stricter policy
# of its own, such as Wagtail's document serving, keeps it. Media on another origin (S3-compatible storage) is
# added to the fetch directives of both.
_CSP_EXTRA_SOURCES = [source for source in os.environ.get("CSP_EXTRA_SOURCES", "").split() if source]
# The public site needs no inline script. Embeds (YouTube, Vimeo) are framed from their players' origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF, *_CSP_EXTRA_SOURCES],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "https:", *_CSP_EXTRA_SOURCES],
        "font-src": [SELF],
        "connect-src": [SELF, *_CSP_EXTRA_SOURCES],
        "frame-src": ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
# Wagtail 8's admin renders inline <script> blocks without a nonce (inline panels, date pickers) and inline styles,
# so the workspace keeps 'unsafe-inline'. Our own inline scripts carry request.csp_nonce instead: a page that uses
# it names its nonce in the header, and browsers then ignore 'unsafe-inline' on that page.
TRUST_STAFF_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF, *_CSP_EXTRA_SOURCES],
        "script-src": [SELF, UNSAFE_INLINE, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *_CSP_EXTRA_SOURCES],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF, *_CSP_EXTRA_SOURCES],
        # The live preview panel frames the page preview from this origin.
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

# Import files (transfers): what one upload may hold and how long reading it may take, so that a small file made
# to expand cannot take the web process's memory or time. A file over a limit is refused with a message naming
# it. See docs/operations/limits.md.
TRANSFERS_MAX_UPLOAD_BYTES = int(os.environ.get("TRANSFERS_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
TRANSFERS_MAX_ROWS = int(os.environ.get("TRANSFERS_MAX_ROWS", 20_000))  # below the heading row
TRANSFERS_MAX_COLUMNS = int(os.environ.get("TRANSFERS_MAX_COLUMNS", 200))
# Above the longest text a record keeps (core.validators.TEXT_MAX_LENGTH): an exported file always imports again.
TRANSFERS_MAX_CELL_CHARACTERS = int(os.environ.get("TRANSFERS_MAX_CELL_CHARACTERS", 100_000))
TRANSFERS_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("TRANSFERS_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024))
TRANSFERS_MAX_COMPRESSION_RATIO = int(os.environ.get("TRANSFERS_MAX_COMPRESSION_RATIO", 100))
# Under the web server's request timeout (deploy/gunicorn.conf.py), leaving time to classify the rows.
TRANSFERS_MAX_READ_SECONDS = float(os.environ.get("TRANSFERS_MAX_READ_SECONDS", 20))

# Received gifts worth more than this must be reported under the public ethics rules (events: gifts registry).
KIZUNA_GIFT_REPORT_THRESHOLD_YEN = int(os.environ.get("KIZUNA_GIFT_REPORT_THRESHOLD_YEN", "5000"))
