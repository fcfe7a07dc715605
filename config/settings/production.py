"""Production: every secret and host comes from the environment; a missing one stops the process at start."""

import os

from django.core.exceptions import ImproperlyConfigured

from core.logging import json_logging_config

from .base import *  # noqa: F403


def require_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


DEBUG = False
SECRET_KEY = require_env("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in require_env("ALLOWED_HOSTS").split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin.strip()
]
require_env("DATABASE_URL")  # production never falls back to the embedded SQLite file
# A connection broken by a PostgreSQL restart is detected and replaced at the start of the next request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
WAGTAILADMIN_BASE_URL = require_env("KIZUNA_BASE_URL")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
# Process managers and load balancers probe over plain HTTP on the private side of the proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^readyz/worker$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
# X_FRAME_OPTIONS stays SAMEORIGIN (base.py), as everywhere: Wagtail's preview panel frames our own pages, and
# other origins are refused by it and by CSP frame-ancestors 'self'. check --deploy's advice to use DENY (W019)
# is therefore silenced on purpose.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"
if os.environ.get("EMAIL_FILE_PATH"):  # for EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]

# Media (uploaded images, documents, export files): the local filesystem (MEDIA_ROOT) by default, or any
# S3-compatible object store (AWS, MinIO, Ceph, Sakura, ...) when MEDIA_STORAGE=s3.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem").lower()
if MEDIA_STORAGE == "s3":
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": require_env("S3_BUCKET_NAME"),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION_NAME") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("S3_LOCATION", "media"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "filesystem":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'.")
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Redis holds the cache, the session fast path and throttling counters (atomic INCR). Short socket timeouts so a
# Redis outage costs milliseconds per request, not a hung worker. Sessions are in the database too and fragments are
# an optimisation, so an outage must cost speed, not requests: django-redis turns every operation's connection error
# into a miss or a skipped write (IGNORE_EXCEPTIONS) and logs it on "kizuna.cache"; /readyz still reports the cache
# as down (it checks a round trip).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "kizuna"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "CONNECTION_POOL_KWARGS": {"health_check_interval": 30},
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "kizuna.cache"
    # The database stays the record of every session, so a Redis restart signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# How often a running job, a task's lease and each task worker's beacon are stamped; the reaper's --stale-after must
# be several times this, and /readyz/worker wants a worker seen within three of them.
JOBS_HEARTBEAT_SECONDS = int(os.environ.get("JOBS_HEARTBEAT_SECONDS", "10"))

# The persistent task queue: tasks are rows in PostgreSQL, run by `manage.py task_worker` (see Procfile).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# One JSON object per log line on stderr, each with the request id (core.middleware.RequestIdMiddleware).
LOGGING = json_logging_config(level=os.environ.get("LOG_LEVEL", "INFO"))
