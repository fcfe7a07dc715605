"""Time the Directory demo seed (partners + contacts) at a given scale on SQLite.

Run: .venv/bin/python bench/seed_directory.py [--scale 100] [--database PATH]
A missing database file is created and migrated first (not timed). Prints the time of each app's seed and the
resulting row counts; the budget is "well under 2 minutes" for scale 100 (50,000+ people).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--database", default=str(Path(tempfile.gettempdir()) / "kizuna-bench.sqlite3"))
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"sqlite:///{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

    import django

    django.setup()
    from django.core.management import call_command
    from django.core.management.base import OutputWrapper
    from django.db import transaction

    from contacts import demo as contacts_demo
    from contacts.models import Person, Post
    from partners import demo as partners_demo
    from partners.models import Mission, Organization, PartnerRegion

    if not Path(args.database).exists():
        call_command("migrate", verbosity=0)
    out = OutputWrapper(sys.stdout)
    started = time.perf_counter()
    for name, module in (("partners", partners_demo), ("contacts", contacts_demo)):
        app_started = time.perf_counter()
        with transaction.atomic():
            module.seed(scale=args.scale, stdout=out)
        print(f"{name}: {time.perf_counter() - app_started:.1f} s")
    print(f"total at scale {args.scale}: {time.perf_counter() - started:.1f} s")
    counts = {model.__name__: model.objects.count() for model in (Person, Post, Organization, PartnerRegion, Mission)}
    print(counts)


if __name__ == "__main__":
    main()
