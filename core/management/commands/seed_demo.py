import importlib
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app that contributes demo data has a `demo.py` with `seed(*, scale, stdout)`.
# They run in the direction data flows, so every app finds what it builds on.
DEMO_APPS = ["partners", "contacts", "relations", "events", "cms"]


class Command(BaseCommand):
    help = "Build a realistic, coherent demo data set through the services. Re-running it changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Multiply volumes (for benchmarks). 1 is the demo size; 100 gives at least 50,000 people.",
        )

    def handle(self, *args, scale, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        started = time.monotonic()
        for app in DEMO_APPS:
            if app not in settings.INSTALLED_APPS:
                continue
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app}.demo":
                    raise
                continue
            app_started = time.monotonic()
            with transaction.atomic():
                module.seed(scale=scale, stdout=self.stdout)
            self.stdout.write(f"  {app}: {time.monotonic() - app_started:.1f}s")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready (scale {scale}) in {time.monotonic() - started:.1f}s."))
