"""Time the calendar feed views end to end: 5,000-item public and private feeds, full and 304 answers.

Budgets (issue "Calendar feeds"): a 5,000-item feed builds in under 0.5 s; a 304 answer in under 20 ms.
The public feed is measured in Japanese and in English (four in five events translated); the private feed is a
Staff-role officer's: 4,000 engagements they attend (one in seven confidential) and 1,000 follow-ups they own.
Run: .venv/bin/python bench/calendar_feeds.py [--items 5000] [--repeats 7]
Creates a throw-away test database (SQLite by default, PostgreSQL when DATABASE_URL is set), so it takes a
minute or two to migrate before measuring. Prints median and max per case and the query count.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

import django
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment


def seed(items: int):
    from django.contrib.auth.models import Group

    from contacts.models import Person
    from core.choices import Confidentiality
    from core.models import User
    from core.services import issue_calendar_token
    from events.models import Event, EventTranslation
    from relations.models import Engagement, FollowUp

    start = datetime.datetime(2030, 4, 1, 9, 30, tzinfo=datetime.UTC)
    zones = ["Asia/Tokyo", "Asia/Ho_Chi_Minh", "Asia/Seoul", "Europe/Berlin", "America/New_York"]
    events = []
    for number in range(items):
        event = Event(
            title=f"ハノイ市との経済交流セミナー 第{number}回",
            slug=f"bench-event-{number}",
            description="県内企業20社が参加し、投資環境と人材交流について意見交換を行います。" * 2,
            confidentiality=Confidentiality.PUBLIC,
            is_published=True,
            starts_at=start + datetime.timedelta(hours=5 * number),
            ends_at=start + datetime.timedelta(hours=5 * number + 3),
            time_zone=zones[number % len(zones)],
            venue="神奈川県庁 本庁舎 大会議場",
            city="横浜市",
        )
        event.sync_schedule()
        events.append(event)
    Event.objects.bulk_create(events, batch_size=500)
    # Four in five have an English translation, so that ?lang=en mixes translated and Japanese-only text.
    EventTranslation.objects.bulk_create(
        [
            EventTranslation(
                event=event,
                language="en",
                title=f"Economic exchange seminar with Hanoi, session {number}",
                description="Twenty companies from the prefecture discuss investment and exchange of talent. " * 2,
                venue="Prefectural Office, main building, large conference room",
            )
            for number, event in enumerate(Event.objects.order_by("id"))
            if number % 5
        ],
        batch_size=500,
    )

    # A member of the Staff role (not a manager): confidential engagements are visible as ones they attend.
    officer = User.objects.create(username="bench-officer", is_active=True)
    officer.groups.add(Group.objects.get(name="Staff"))
    engagements = Engagement.objects.bulk_create(
        [
            Engagement(
                subject=f"駐日大使館との協議 {number}",
                starts_at=start + datetime.timedelta(hours=5 * number),
                ends_at=start + datetime.timedelta(hours=5 * number + 1),
                time_zone=zones[number % len(zones)],
                location="県庁 応接室",
                confidentiality=Confidentiality.CONFIDENTIAL if number % 7 == 0 else Confidentiality.INTERNAL,
            )
            for number in range(items * 4 // 5)
        ],
        batch_size=500,
    )
    Engagement.staff.through.objects.bulk_create(
        [Engagement.staff.through(engagement_id=engagement.pk, user_id=officer.pk) for engagement in engagements],
        batch_size=500,
    )
    # Each meeting names two of 300 diplomats, as the description's "People:" line does.
    people = Person.objects.bulk_create(
        [
            Person(
                family_name="グエン",
                given_name=f"ヴァン{number}",
                family_name_latin="Nguyen",
                given_name_latin=f"Van {number}",
            )
            for number in range(300)
        ]
    )
    Engagement.people.through.objects.bulk_create(
        [
            Engagement.people.through(engagement_id=engagement.pk, person_id=people[(number + offset) % 300].pk)
            for number, engagement in enumerate(engagements)
            for offset in (0, 150)
        ],
        batch_size=500,
    )
    FollowUp.objects.bulk_create(
        [
            FollowUp(
                title=f"資料送付 {number}",
                owner=officer,
                due_on=datetime.date(2030, 4, 1) + datetime.timedelta(days=number % 300),
            )
            for number in range(items - len(engagements))
        ],
        batch_size=500,
    )
    _token, secret = issue_calendar_token(user=officer)
    return f"/calendar/u/{secret}.ics"


def measure(client: Client, url: str, repeats: int, expected_items: int, **headers):
    """Wall and CPU seconds per request (CPU excludes the database server and other processes), queries, status."""
    client.get(url, **headers)  # warm-up
    timings, cpu_timings = [], []
    for _ in range(repeats):
        cache.clear()  # measure building, not the public feed's cached copy
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url, **headers)
            timings.append(time.perf_counter() - started)
            cpu_timings.append(time.process_time() - cpu_started)
    if response.status_code == 200 and response.content.count(b"BEGIN:VEVENT") != expected_items:
        # A feed that lost its items would measure fast and mean nothing (the private feed once did).
        raise SystemExit(f"{url}: {response.content.count(b'BEGIN:VEVENT')} items, expected {expected_items}")
    return timings, cpu_timings, len(queries.captured_queries), response.status_code, response.get("ETag", "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        private_url = seed(args.items)
        if connection.vendor == "postgresql":
            # As bench/run.py does: statistics for the planner (autovacuum may be off), and the seed's writes
            # flushed, so that the server is not busy writing them out while the feeds are measured.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
                cursor.execute("CHECKPOINT")
        from bench.pages import calibration_ms
        from core.runtime import settle

        # As a server process does (config/wsgi.py): the loaded application frozen out of full collections.
        settle()
        client = Client()
        before = calibration_ms()
        rows = []
        feeds = (
            ("public feed", "/calendar/public.ics"),
            ("public feed ?lang=en", "/calendar/public.ics?lang=en"),
            ("private feed", private_url),
        )
        for name, url in feeds:
            timings, cpu, queries, status, etag = measure(client, url, args.repeats, args.items)
            rows.append((f"{name}, {args.items} items, full", timings, cpu, queries, status, 500))
            timings, cpu, queries, status, _etag = measure(
                client, url, args.repeats, args.items, HTTP_IF_NONE_MATCH=etag
            )
            rows.append((f"{name}, 304", timings, cpu, queries, status, 20))
        after = calibration_ms()
        print(
            f"database: {connection.vendor}, load average {os.getloadavg()[0]:.1f}, machine speed "
            f"(bench.pages.calibration_ms, lower is faster) {before:.1f} / {after:.1f} ms"
        )
        for label, timings, cpu, queries, status, budget in rows:
            print(
                f"{label:<42} HTTP {status}  median {statistics.median(timings) * 1000:7.1f} ms wall "
                f"{statistics.median(cpu) * 1000:7.1f} ms CPU  max {max(timings) * 1000:7.1f} ms  "
                f"queries {queries}  (budget {budget} ms)"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
