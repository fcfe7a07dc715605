"""Time the people import/export on a 10,000-row CSV (names in four scripts, 1 % bad rows).

Budgets (issue 7): preview < 10 s, import < 10 s, re-import of the unchanged file < 5 s, export of 10,000 rows
< 2 s, peak memory < 500 MiB, on SQLite and PostgreSQL, with every bad row still reported.

Run: .venv/bin/python bench/people_import.py [--rows 10000] [--databases sqlite postgres]
PostgreSQL uses DATABASE_URL if set, else postgres://postgres@127.0.0.1:5432/kz_transfers_bench (a database
test_<name> is created and kept). Results go to bench/results/import_export.json.
"""

import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "import_export.json"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/kz_transfers_bench"

JAPANESE = [
    ("山田", "太郎", "Yamada", "Taro", "ヤマダ", "タロウ"),
    ("佐藤", "花子", "Sato", "Hanako", "サトウ", "ハナコ"),
    ("鈴木", "一郎", "Suzuki", "Ichiro", "スズキ", "イチロウ"),
]
KOREAN = [("김", "민준", "Kim", "Min-jun", "キム", "ミンジュン"), ("이", "서연", "Lee", "Seo-yeon", "イ", "ソヨン")]
VIETNAMESE = [("Nguyễn", "Văn An", "Nguyen", "Van An", "グエン", "ヴァン・アン"),
              ("Trần", "Thị Bình", "Tran", "Thi Binh", "チャン", "ティ・ビン")]  # fmt: skip
CHINESE = [("王", "伟", "Wang", "Wei", "ワン", "ウェイ"), ("李", "娜", "Li", "Na", "リー", "ナー")]
SCRIPTS = [(JAPANESE, "JP"), (KOREAN, "KR"), (VIETNAMESE, "VN"), (CHINESE, "CN")]
HEADINGS = [
    "Family name (native script)",
    "Given name (native script)",
    "Family name (romanized)",
    "Given name (romanized)",
    "Family name reading (katakana)",
    "Given name reading (katakana)",
    "Nationality",
    "E-mails",
    "Organization",
    "Title",
    "In post since",
    "Tags",
]


def people_csv(rows: int) -> bytes:
    """A CSV as an office would have it; every 100th row is bad (a bad date, an unknown country or no name)."""
    import csv
    import io

    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(HEADINGS)
    for number in range(rows):
        names, country = SCRIPTS[number % 4]
        family, given, family_latin, given_latin, family_kana, given_kana = names[number % len(names)]
        given, given_latin = f"{given}{number}", f"{given_latin}{number}"
        row = [family, given, family_latin, given_latin, family_kana, given_kana, country,
               f"person{number}@example.org", f"Bench organization {number % 20}", "Officer",
               f"20{10 + number % 15}-0{1 + number % 9}-1{number % 10}", "bench; import"]  # fmt: skip
        if number % 100 == 99:
            kind = (number // 100) % 3
            if kind == 0:
                row[10] = "2024-13-45"
            elif kind == 1:
                row[6] = "Atlantis"
            else:
                row[0:4] = ["", "", "", ""]
        writer.writerow(row)
    return output.getvalue().encode("utf-8")


def peak_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def timed(function):
    """Wall time, and the CPU time of this process (the machine is shared: CPU time shows the work done here)."""
    start, cpu = time.perf_counter(), time.process_time()
    value = function()
    timed.cpu[function.__name__] = round(time.process_time() - cpu, 2)
    return value, round(time.perf_counter() - start, 2)


timed.cpu = {}


def child(database: str, rows: int) -> dict:
    """Runs in its own process so each database gets a fresh Django set-up."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    # This file is named like the django-import-export package: keep its folder off the import path.
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT / "bench"]
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    if database == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    django.setup()
    if database == "sqlite":
        work = ROOT / "bench" / ".work"
        work.mkdir(exist_ok=True)
        settings.DATABASES["default"]["TEST"]["NAME"] = str(work / "bench-transfers.sqlite3")
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, keepdb=True)

    from contacts.models import Person, PersonEmail, PersonPhone, Post, TaggedPerson
    from partners.models import Country, Organization
    from transfers.services import confirm_import, export_file, preview_import
    from transfers.tables import read_table

    for model in (TaggedPerson, PersonEmail, PersonPhone, Post, Person):
        model.objects.all()._raw_delete(model.objects.db)  # a clean slate, without per-row signals
    Organization.objects.filter(name__startswith="Bench organization").delete()
    japan = Country.objects.get(code="JP")
    Organization.objects.bulk_create([Organization(name=f"Bench organization {n}", country=japan) for n in range(20)])
    content = people_csv(rows)

    def preview():
        return preview_import(user=None, resource_name="people", file_name="people.csv", content=content)

    record, preview_seconds = timed(preview)

    def import_():
        return confirm_import(record=record, user=None, good_rows_only=True)

    result, import_seconds = timed(import_)
    rejected = read_table(result.rejected_file("csv"))
    again = preview_import(user=None, resource_name="people", file_name="people.csv", content=content)

    def reimport():
        return confirm_import(record=again, user=None, good_rows_only=True)

    def export():
        return export_file(resource_name="people")

    again_result, reimport_seconds = timed(reimport)
    exported, export_seconds = timed(export)
    return {
        "rows": rows,
        "preview_seconds": preview_seconds,
        "preview_counts": record.preview["counts"],
        "import_seconds": import_seconds,
        "import_counts": result.counts,
        "rows_returned_to_fix": len(rejected.rows),
        "reimport_unchanged_seconds": reimport_seconds,
        "reimport_counts": again_result.counts,
        "export_seconds": export_seconds,
        "export_bytes": len(exported),
        "people_in_database": Person.objects.count(),
        "peak_memory_mib": peak_mib(),
        "cpu_seconds_of_this_process": timed.cpu,
        "load_average_after": [round(load, 1) for load in os.getloadavg()],
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="minutes"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.rows)))
        return
    # A run on one database keeps the other database's last figures in the file.
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    results["machine"] = f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
    for database in args.databases:
        env = dict(os.environ)
        if database == "postgres":
            env["DATABASE_URL"] = os.environ.get("DATABASE_URL", DEFAULT_POSTGRES)
        completed = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--child", database, "--rows", str(args.rows)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            results[database] = {"error": completed.stderr.strip().splitlines()[-1:]}
        else:
            results[database] = json.loads(completed.stdout.strip().splitlines()[-1])
        print(database, json.dumps(results[database], ensure_ascii=False))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
