"""A small version of `make loadtest-faults`, bounded to well under a minute and to 127.0.0.1.

Five staff sessions browse, search and log meetings for ten seconds against the live test server while a Redis
serving as the cache (configured as in production: `redis_cache` in tests/conftest.py) is stopped and started again;
two visitors read the public site. No request may end in a 5xx, every acknowledged meeting must be stored exactly
once, and /readyz must report the outage and recover.
"""

import asyncio
import shutil
import time

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from loadtest.client import Recorder
from loadtest.load import Plan, discover, run_load
from loadtest.report import summarise
from relations.models import Engagement
from tests.factories.core import UserFactory
from tests.factories.relations import country

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed"),
    # The live server shares the test's in-memory SQLite connection across request threads, so concurrent writers
    # collide ("table is locked"); production is PostgreSQL, and CI runs this test there.
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent sessions need PostgreSQL (set DATABASE_URL)"
    ),
]


def test_small_load_survives_a_cache_outage_without_5xx_or_lost_writes(live_server, redis_cache):
    staff = [UserFactory(username=f"loadstaff{i}", is_superuser=True, email=f"s{i}@pref.example.jp") for i in range(5)]
    plan = Plan(
        base_url=live_server.url,
        staff=[(user.username, "correct horse battery staple") for user in staff],
        public_visitors=2,
        duration=10,
        ramp=1,
        secure_proxy=False,
        context={
            "today": timezone.localdate().isoformat(),
            "country_ids": [country("VN").pk],
            "user_ids": {user.username: user.pk for user in staff},
        },
    )
    targets = asyncio.run(discover(plan))
    recorder = Recorder()
    outage = {}

    async def stop_and_start_redis():
        await asyncio.sleep(plan.ramp + 3)
        outage["from"] = recorder.now()
        await asyncio.to_thread(redis_cache.stop)
        await asyncio.sleep(3)
        await asyncio.to_thread(redis_cache.start)
        outage["to"] = recorder.now()

    async def drive():
        recorder.started = time.monotonic()
        await run_load(plan, targets, recorder, extra=[stop_and_start_redis()])

    started = time.monotonic()
    asyncio.run(drive())
    stored = dict(
        Engagement.objects.filter(subject__startswith=plan.marker_prefix)
        .values_list("subject")
        .annotate(rows=Count("id"))
        .values_list("subject", "rows")
    )
    summary = summarise(recorder, window=plan.ramp + plan.duration, stored=stored)

    assert time.monotonic() - started < 45
    assert [write.name for write in targets.writes] == ["log_meeting"]
    assert summary["server_errors"] == {}
    assert summary["transport_errors"] == {}
    assert summary["writes"]["acknowledged"] > 0
    assert summary["writes"]["lost"] == []
    assert summary["writes"]["duplicated"] == []
    assert summary["writes"]["stored"] == summary["writes"]["acknowledged"]
    # The readiness probe saw the cache go away, and only while it was away.
    not_ok = summary["readyz_not_ok"]
    assert not_ok
    assert {status for _at, status in not_ok} == {503}
    assert all(outage["from"] - 1 <= at <= outage["to"] + 2 for at, _status in not_ok)
    assert {"browse", "search", "log_meeting", "public"} <= set(summary["scenarios"])
