"""The production cache (config/settings/production.py with REDIS_URL set), for tests that point it at a Redis.

tests/core/test_settings.py checks that production builds exactly this, so the tests exercise the real configuration.
"""


def production_redis_caches(url: str, key_prefix: str = "kizuna") -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "CONNECTION_POOL_KWARGS": {"health_check_interval": 30},
            },
        }
    }


# The other settings production adds with REDIS_URL: ignored connection errors are logged on "kizuna.cache".
PRODUCTION_REDIS_SETTINGS = {"DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS": True, "DJANGO_REDIS_LOGGER": "kizuna.cache"}

# Nothing listens on port 1 of the loopback interface: connecting is refused at once, like a stopped Redis.
UNREACHABLE_REDIS_URL = "redis://127.0.0.1:1/0"
