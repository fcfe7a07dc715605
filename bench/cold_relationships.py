"""Time the dashboard's cold-relationships selector on a seeded database (e.g. bench/run.py's size L).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_bench_l .venv/bin/python bench/cold_relationships.py
    DATABASE_URL=sqlite:///bench/.work/bench-L.sqlite3 .venv/bin/python bench/cold_relationships.py --explain

Prints, per user (a staff user without confidential access and a superuser), the median and max of --repeats
calls, the median CPU time of this process (on SQLite all of the work, and less disturbed by a busy machine than
the wall time), the query count, the total and a digest of the result (so a change can be shown to return the same
thing); --explain prints each query's plan (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite).
"""

import argparse
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--users", default="demo-suzuki,bench")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    sys.path[:] = [str(ROOT)] + [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT / "bench"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from relations.selectors import cold_relationships

    for username in args.users.split(","):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            print(f"{username}: no such user")
            continue
        timings, cpu = [], []
        for _ in range(args.repeats):
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                cold, total = cold_relationships(user, limit=10)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
        rows = [(type(item.partner).__name__, item.partner.pk, str(item.last_engaged_at)) for item in cold]
        digest = hashlib.sha256(repr((rows, total)).encode()).hexdigest()[:12]
        print(
            f"{connection.vendor} {username}: median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms, "
            f"this process's CPU {statistics.median(cpu):.1f} ms, "
            f"{len(queries)} queries, total {total}, result {digest}"
        )
        if args.explain:
            prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            for query in queries.captured_queries:
                with connection.cursor() as cursor:
                    cursor.execute(prefix + query["sql"])
                    plan = "\n".join(" ".join(str(cell) for cell in row) for row in cursor.fetchall())
                print(f"--- {query['time']} s\n{query['sql']}\n{plan}\n")


if __name__ == "__main__":
    main()
