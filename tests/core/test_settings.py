"""Production settings: they pass Django's deployment checks and refuse to start without a secret."""

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
