import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from transfers.registry import RESOURCES
from transfers.services import export_file


class Command(BaseCommand):
    help = "Export every record of a resource as CSV (UTF-8 with BOM) or XLSX, to a file or standard output."

    def add_arguments(self, parser):
        parser.add_argument("resource", choices=list(RESOURCES))
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument("--language", default=None, help="Language of the headings, e.g. en or ja.")

    def handle(self, *args, **options):
        from django.utils import translation

        with translation.override(options["language"] or translation.get_language()):
            content = export_file(resource_name=options["resource"], file_format=options["format"])
        if options["output"]:
            Path(options["output"]).write_bytes(content)
        else:
            sys.stdout.buffer.write(content)
