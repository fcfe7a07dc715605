"""Time events.ical.build_calendar on a 5,000-item feed (budget: under 0.5 s on the 2-core machine).

Run: .venv/bin/python bench/ical_feed.py [--items 5000] [--repeats 7]
Pure Python, no database: the builder is what scales with the item count; the feed views add a constant
number of queries (guarded in tests/events/test_feeds.py).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events.ical import FeedCalendar, FeedItem, ItemStatus, build_calendar

ZONES = ["Asia/Tokyo", "Asia/Ho_Chi_Minh", "Asia/Seoul", "Europe/Berlin", "America/New_York"]


def realistic_items(count: int) -> list[FeedItem]:
    """Items shaped like real feeds: Japanese and Vietnamese text long enough to fold, five zones, some all-day."""
    base = datetime.datetime(2026, 4, 1, 9, 30, tzinfo=datetime.UTC)
    stamp = datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.UTC)
    items = []
    for number in range(count):
        start = base + datetime.timedelta(hours=7 * number)
        all_day = number % 10 == 0
        items.append(
            FeedItem(
                uid=str(uuid.UUID(int=number + 1)),
                sequence=number % 4,
                last_modified=stamp + datetime.timedelta(minutes=number),
                summary=f"ハノイ市との経済交流セミナー 第{number}回 / Hội thảo hợp tác kinh tế Việt Nam – Nhật Bản",
                start=start.date() if all_day else start,
                end=(start.date() + datetime.timedelta(days=2)) if all_day else start + datetime.timedelta(hours=3),
                timezone=ZONES[number % len(ZONES)],
                description="県内企業20社が参加し、投資環境と人材交流について意見交換を行います。" * 3,
                location="神奈川県庁 本庁舎 3階 大会議場, 横浜市中区日本大通1",
                geo=(35.447753, 139.642514),
                url=f"https://kizuna.example.jp/ja/events/{number}/",
                status=ItemStatus.CANCELLED if number % 25 == 0 else ItemStatus.CONFIRMED,
                categories=("seminar",),
            )
        )
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    items = realistic_items(args.items)
    calendar = FeedCalendar(name="Kizuna public events", description="Benchmark feed")
    build_calendar(calendar, items)  # warm-up: zone definitions are cached per process
    timings, cpu_timings = [], []
    for _ in range(args.repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        body = build_calendar(calendar, items)
        timings.append(time.perf_counter() - started)
        cpu_timings.append(time.process_time() - cpu_started)
    # CPU time is printed too: on a shared, loaded machine the wall clock mostly measures the other processes.
    print(
        f"ical feed, {args.items} items, {len(body) / 1e6:.1f} MB: "
        f"median {statistics.median(timings) * 1000:.0f} ms wall / {statistics.median(cpu_timings) * 1000:.0f} ms CPU, "
        f"max {max(timings) * 1000:.0f} ms wall (budget 500 ms, {args.repeats} repeats, "
        f"load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
