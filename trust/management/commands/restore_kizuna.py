from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from trust.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = "Replace the database and media with a backup made by backup_kizuna. Run `migrate` first."

    def add_arguments(self, parser):
        parser.add_argument("source", help="The backup directory.")
        parser.add_argument("--database", default="default")
        parser.add_argument("--no-input", action="store_false", dest="interactive")

    def handle(self, *args, source, database, interactive, **options):
        path = Path(source)
        try:
            manifest = read_manifest(path)
            if interactive:
                answer = input(
                    _("This replaces ALL data in the database with the backup of %(date)s. Type 'yes' to go on: ")
                    % {"date": manifest["created_at"]}
                )
                if answer.strip().lower() != "yes":
                    raise CommandError(_("Restore cancelled."))
            manifest = restore_backup(path, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Restored %(objects)s records and %(media)s media files from %(path)s.")
            % {"objects": manifest["objects"], "media": manifest["media_files"], "path": source}
        )
