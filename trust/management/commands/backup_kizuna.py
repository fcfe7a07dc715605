from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from trust.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database (Django JSON dump) and the media files (tar) into an empty directory."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Directory to write into (created if missing).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, output, database, **options):
        try:
            manifest = create_backup(Path(output), using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Backed up %(objects)s records and %(media)s media files to %(path)s.")
            % {"objects": manifest["objects"], "media": manifest["media_files"], "path": output}
        )
