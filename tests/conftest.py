import os
import shutil
from pathlib import Path

import pytest

from tests.transfers.fixtures import directory  # noqa: F401  (the directory used by every resource test)

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the database is rolled back between tests, the local-memory cache
    is not, and a kept report or throttling counter of one test must not meet another's data."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def redis_cache(settings, tmp_path):
    """A Redis of the test's own on a free loopback port, as the cache, configured as in production."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    from loadtest.stack import RedisServer, free_port
    from tests.caches import PRODUCTION_REDIS_SETTINGS, production_redis_caches

    redis = RedisServer(port=free_port(), log_path=tmp_path / "redis.log")
    redis.start()
    settings.CACHES = production_redis_caches(redis.url)
    for name, value in PRODUCTION_REDIS_SETTINGS.items():
        setattr(settings, name, value)
    yield redis
    redis.stop()


@pytest.fixture
def staff_user(db):
    from tests.factories.core import UserFactory

    return UserFactory(is_superuser=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright; never a downloaded browser."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test are still synchronous.
    # Module scope, so the variable is gone again for later tests (check --deploy rejects it in subprocesses).
    was_set = "DJANGO_ALLOW_ASYNC_UNSAFE" in os.environ
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()
    if not was_set:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
