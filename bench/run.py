"""`make bench`: seed databases at two sizes, measure every page, print a table, write bench/results/*.json.

    .venv/bin/python bench/run.py                         # S and L on SQLite and PostgreSQL
    .venv/bin/python bench/run.py --sizes S --databases sqlite --repeats 5
    BENCH_ARGS="--sizes S" make bench
    .venv/bin/python bench/run.py --sizes L --seed-only   # seed now (or keep), measure later
    .venv/bin/python bench/run.py --sizes L --pages '^(dashboard|timeline)'   # only some pages

Size S is the demo (`seed_demo`), size L is `seed_demo --scale 100` (at least 50,000 people, 300,000
engagements). Each (database, size) is seeded once into its own database (kept under bench/.work/ or as
PostgreSQL database <prefix>_<size>, prefix from BENCH_POSTGRES_PREFIX, default kizuna_bench; pass --reseed to
rebuild), then measured in a separate process so that settings read the right DATABASE_URL. Figures: median
and p95 server time over --repeats requests after --warmup, the query count, the time of the page's bare SQL
run directly (the floor), the page/SQL ratio, and for pages present at both sizes the L/S growth of time and of
query count.
"""

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
RESULTS = ROOT / "bench" / "results"
SCALES = {"S": 1, "L": 100}
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# Database names are <prefix>_s and <prefix>_l (BENCH_POSTGRES_PREFIX=kz_perf gives kz_perf_s, kz_perf_l).
POSTGRES_PREFIX = os.environ.get("BENCH_POSTGRES_PREFIX", "kizuna_bench")


def database_url(database: str, size: str) -> str:
    if database == "sqlite":
        return f"sqlite:///{WORK / f'bench-{size}.sqlite3'}"
    return f"{POSTGRES_SERVER}/{POSTGRES_PREFIX}_{size.lower()}"


def run(command: list[str], env: dict) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own manage.py with fixed arguments


def prepare(database: str, size: str, *, reseed: bool, env: dict) -> float | None:
    """Create and seed the database unless it is already there; returns the seeding time when it seeded."""
    marker = WORK / f"seeded-{database}-{size}"
    if marker.exists() and not reseed:
        # A database seeded by an earlier commit gets this commit's migrations (new indexes, new columns).
        run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
        return None
    WORK.mkdir(parents=True, exist_ok=True)
    if database == "sqlite":
        (WORK / f"bench-{size}.sqlite3").unlink(missing_ok=True)
    else:
        import psycopg

        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
            name = f"{POSTGRES_PREFIX}_{size.lower()}"
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    started = time.monotonic()
    run([sys.executable, "manage.py", "seed_demo", "--scale", str(SCALES[size])], env)
    seconds = time.monotonic() - started
    if database != "sqlite":
        vacuum_analyze(size)
    marker.write_text(f"{seconds:.1f}\n")
    return seconds


def vacuum_analyze(size: str) -> None:
    """What autovacuum does to a live database after a bulk load: statistics for the planner, and the visibility
    map that lets index-only scans skip the table. Without it every plan is a guess from default statistics (the
    PostgreSQL of some machines runs with autovacuum off: a seeded database stays unanalysed for good)."""
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/{POSTGRES_PREFIX}_{size.lower()}", autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")


def measure_in_this_process(args) -> None:
    import django

    django.setup()
    # A listing export above the job threshold queues a job and redirects; the page is that answer. Queued, not
    # run in the request as the test settings' immediate backend would (the job is the worker's time).
    from django.test.utils import override_settings

    override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}).enable()
    from django.contrib.auth import get_user_model

    from bench.pages import calibration_ms, discover_pages, measure

    user, _created = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_superuser": True, "is_staff": True, "email": "bench@example.invalid"}
    )
    pages = discover_pages(user)
    # As a server process does before its first request (config/wsgi.py).
    from core.runtime import settle

    settle()
    if args.pages:
        pages = [page for page in pages if re.search(args.pages, page.name)]
    before = calibration_ms()
    results = measure(pages, user=user, repeats=args.repeats, warmup=args.warmup)
    after = calibration_ms()
    Path(args.output).write_text(
        json.dumps(
            {"calibration_ms": [before, after], "pages": [result.as_dict() for result in results]},
            ensure_ascii=False,
            indent=1,
        )
    )


def print_table(run_results: dict) -> None:
    for key, payload in run_results.items():
        calibration = " / ".join(f"{value:.1f}" for value in payload.get("calibration_ms") or [])
        print(f"\n== {key} (seed: {payload.get('seed_seconds') or 'reused'} s; calibration {calibration} ms)")
        print(f"{'page':58} {'status':>6} {'median':>9} {'p95':>9} {'queries':>7} {'sql':>8} {'x sql':>6} {'L/S':>6}")
        for row in payload["pages"]:
            growth = row.get("growth_vs_S")
            print(
                f"{row['name'][:58]:58} {row['status']:>6} {row['median_ms']:>7.1f}ms {row['p95_ms']:>7.1f}ms "
                f"{row['queries']:>7} {(row['sql_ms'] or 0):>6.1f}ms {(row['ratio_to_sql'] or 0):>6.1f} "
                f"{(growth if growth is not None else ''):>6}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", nargs="?", default="all", choices=["all", "measure"])
    parser.add_argument("--sizes", default="S,L")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument(
        "--seed-only", action="store_true", help="create and seed the databases (or keep them), measure nothing"
    )
    parser.add_argument("--output", help="(measure mode) where to write the page results")
    parser.add_argument(
        "--pages",
        help="measure only the pages whose name matches this regular expression (written to "
        "pages-<timestamp>-partial.json; pages-latest.json is left alone)",
    )
    args = parser.parse_args()

    # Running `bench/run.py` puts bench/ first on the path: the project root must come first (bench.pages), and no
    # module of bench/ may stand in for a package the apps import (bench/import_export.py once shadowed
    # django-import-export; it is bench/people_import.py now).
    sys.path[:] = [str(ROOT)] + [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT / "bench"]
    if args.mode == "measure":
        measure_in_this_process(args)
        return

    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    results: dict = {}
    for database in args.databases.split(","):
        for size in args.sizes.split(","):
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "DATABASE_URL": database_url(database, size),
                "LOG_LEVEL": "WARNING",
                # Persistent connections, as in production (.env.example): otherwise every PostgreSQL page would
                # include opening a connection (about 20 ms here), which no deployed request pays.
                "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60"),
            }
            seed_seconds = prepare(database, size, reseed=args.reseed, env=env)
            if args.seed_only:
                print(f"{database} {size}: {f'seeded in {seed_seconds:.1f} s' if seed_seconds else 'already seeded'}")
                continue
            output = WORK / f"pages-{database}-{size}{'-partial' if args.pages else ''}.json"
            run(
                [
                    sys.executable,
                    "bench/run.py",
                    "measure",
                    "--repeats",
                    str(args.repeats),
                    "--warmup",
                    str(args.warmup),
                    "--output",
                    str(output),
                    *(["--pages", args.pages] if args.pages else []),
                ],
                env,
            )
            measured = json.loads(output.read_text())
            results[f"{database} {size}"] = {
                "database": database,
                "size": size,
                "scale": SCALES[size],
                "seed_seconds": round(seed_seconds, 1) if seed_seconds else None,
                # The machine's speed when the pages were measured (bench.pages.calibration_ms, before and after).
                "calibration_ms": measured["calibration_ms"],
                "pages": measured["pages"],
            }
        small, large = results.get(f"{database} S"), results.get(f"{database} L")
        if small and large:
            by_name = {row["name"]: row for row in small["pages"]}
            for row in large["pages"]:
                base = by_name.get(row["name"])
                if base and base["median_ms"]:
                    row["growth_vs_S"] = round(row["median_ms"] / base["median_ms"], 1)
                    row["queries_at_S"] = base["queries"]

    if args.seed_only:
        return
    print_table(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {"measured_at": stamp, "machine": os.uname().nodename, "runs": results}
    name = f"pages-{stamp}-partial.json" if args.pages else f"pages-{stamp}.json"
    if args.pages:
        payload["pages_matching"] = args.pages
    (RESULTS / name).write_text(json.dumps(payload, ensure_ascii=False, indent=1))
    if not args.pages:
        (RESULTS / "pages-latest.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1))
    print(f"\nWritten bench/results/{name}")


if __name__ == "__main__":
    main()
