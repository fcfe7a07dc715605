from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from core.migration_safety import UNSAFE, migration_findings


class Command(BaseCommand):
    help = (
        "Check that the pending migrations are safe to apply while the old version keeps serving "
        "(no dropped or renamed columns or tables, no NOT NULL column without db_default). Exits 1 if not."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--strict", action="store_true", help="Also fail on operations that only need a review (custom SQL...)."
        )

    def handle(self, *args, database, strict, **options):
        executor = MigrationExecutor(connections[database])
        targets = executor.loader.graph.leaf_nodes()
        plan = [migration for migration, backwards in executor.migration_plan(targets) if not backwards]
        if not plan:
            self.stdout.write("No pending migrations.")
            return
        findings = [finding for migration in plan for finding in migration_findings(migration)]
        self.stdout.write(f"{len(plan)} pending migration(s):")
        for migration in plan:
            self.stdout.write(f"  {migration.app_label}.{migration.name}")
        for finding in findings:
            self.stdout.write(str(finding))
        blocking = [f for f in findings if f.level == UNSAFE or strict]
        if blocking:
            raise CommandError(
                f"{len(blocking)} operation(s) would break the running version. Split them into expand/contract "
                "releases, or mark a reviewed migration with `old_version_safe = True`."
            )
        self.stdout.write(self.style.SUCCESS("Safe to apply while the old version serves."))
