from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from transfers.importing import ERROR, classify
from transfers.registry import RESOURCES, get_resource
from transfers.services import import_file
from transfers.tables import ENCODINGS, TableError, read_table


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file of records (the same resources and checks as the staff workspace). "
        "By default the whole file is refused when a row has an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("resource", choices=list(RESOURCES))
        parser.add_argument("file")
        parser.add_argument("--encoding", choices=list(ENCODINGS), default="auto")
        parser.add_argument("--dry-run", action="store_true", help="Classify the rows, write nothing.")
        parser.add_argument(
            "--skip-existing", action="store_true", help="Leave records that already exist as they are."
        )
        parser.add_argument(
            "--good-rows", action="store_true", help="Import the good rows even if some rows have errors."
        )
        parser.add_argument("--rejected", help="Write the rows in error to this file (same format as the input).")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        content = path.read_bytes()
        try:
            if options["dry_run"]:
                table = read_table(content, file_name=path.name, encoding=options["encoding"])
                with transaction.atomic():
                    result, _planned = classify(
                        get_resource(options["resource"]), table, user=None, skip_existing=options["skip_existing"]
                    )
                file_format = table.format
            else:
                record, result = import_file(
                    user=None,
                    resource_name=options["resource"],
                    file_name=path.name,
                    content=content,
                    encoding=options["encoding"],
                    skip_existing=options["skip_existing"],
                    good_rows_only=options["good_rows"],
                )
                file_format = record.file_format
        except TableError as error:
            raise CommandError(str(error)) from error
        for message in result.file_errors:
            self.stderr.write(message)
        for row in result.rows:
            if row.status == ERROR:
                details = "; ".join(f"{heading}: {' '.join(msgs)}" for heading, msgs in row.errors.items())
                self.stderr.write(f"row {row.number}: {details}")
        counts = result.counts
        summary = "new {new}, update {update}, skip {skip}, error {error}".format(**counts)
        if options["rejected"] and result.error_rows:
            Path(options["rejected"]).write_bytes(result.rejected_file(file_format))
        if options["dry_run"]:
            self.stdout.write(f"Dry run, nothing written: {summary}")
        elif result.written:
            self.stdout.write(self.style.SUCCESS(f"Imported: {summary}"))
        else:
            raise CommandError(f"Refused, nothing written: {summary}")
