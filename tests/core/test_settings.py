"""Production settings: they pass Django's deployment checks and refuse to start without a secret."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "x7Qm9-production-like-secret-key-of-sufficient-length-and-entropy-42",
    "ALLOWED_HOSTS": "kizuna.example.jp",
    "DATABASE_URL": "postgres://kizuna@127.0.0.1:5432/kizuna",
    "KIZUNA_BASE_URL": "https://kizuna.example.jp",
}


def run_manage(*args, env):
    # DJANGO_ALLOW_ASYNC_UNSAFE belongs to the Playwright tests only; a deployment never has it.
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION_ENV and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    # One silenced on purpose: security.W019 (X-Frame-Options SAMEORIGIN for Wagtail's previews, see production.py).
    assert (result.returncode, result.stdout.strip()) == (0, "System check identified no issues (1 silenced)."), (
        result.stderr
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "KIZUNA_BASE_URL"])
def test_production_settings_fail_loudly_without_a_required_variable(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert f"The environment variable {missing} must be set in production." in result.stderr


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("JIT is a PostgreSQL setting; this run uses SQLite.")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_production_cache_is_the_tested_django_redis_one_and_degrades_to_logged_misses():
    from tests.caches import PRODUCTION_REDIS_SETTINGS, UNREACHABLE_REDIS_URL, production_redis_caches

    script = (
        "import json; from django.conf import settings; from django.core.cache import cache; "
        "print(json.dumps([settings.CACHES, settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS, "
        "settings.DJANGO_REDIS_LOGGER, cache.get('key', 'missed')]))"
    )
    result = run_manage(
        "shell", "--no-imports", "-c", script, env={**PRODUCTION_ENV, "REDIS_URL": UNREACHABLE_REDIS_URL}
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        production_redis_caches(UNREACHABLE_REDIS_URL),
        *PRODUCTION_REDIS_SETTINGS.values(),
        "missed",
    ]
    logged = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert [(line["logger"], line["level"], line["message"]) for line in logged] == [
        ("kizuna.cache", "ERROR", "Exception ignored")
    ]
    assert "Connection refused" in logged[0]["exception"]
