from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from trust.backup import BackupError, compare_fingerprints, database_fingerprint, read_manifest


class Command(BaseCommand):
    help = (
        "Compare this database with a backup made by backup_kizuna: every model's number of records and a checksum "
        "of its records. Run it after restoring a backup onto a spare database (the restore drill)."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="The backup directory.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, source, database, **options):
        try:
            manifest = read_manifest(Path(source))
        except BackupError as error:
            raise CommandError(str(error)) from error
        if "tables" not in manifest:
            raise CommandError(_("This backup has no fingerprint to compare with (it was made by an older version)."))
        actual = database_fingerprint(database, exclude_restores_after=manifest["created_at"])
        differences = compare_fingerprints(manifest["tables"], actual)
        if differences:
            raise CommandError("\n".join([_("The database differs from the backup:"), *differences]))
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            _("The database matches the backup of %(date)s: %(models)s models, %(rows)s records.")
            % {"date": manifest["created_at"], "models": len(manifest["tables"]), "rows": rows}
        )
