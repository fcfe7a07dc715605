from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.i18n import language_from_path
from cms.news_import import (
    ImageLibrary,
    ImportReport,
    NewsImportError,
    import_news,
    news_index_for_language,
    read_news_file,
)


def _language(value: str) -> str:
    """Accept the language code (zh-hans) or the public prefix (zh)."""
    return language_from_path(f"/{value.lower()}/") or value.lower()


class Command(BaseCommand):
    help = (
        "Import news articles from Markdown files with YAML front matter into the news index of a locale. "
        "Re-importing a file updates its page (same slug and locale)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="Markdown files or folders (searched recursively)."
        )
        parser.add_argument(
            "--locale", default=settings.LANGUAGE_CODE, help="Language of the articles: ja, en, vi, ko or zh."
        )
        parser.add_argument("--images", help="Folder where the images the articles refer to are found.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen and write nothing.")

    def handle(self, *args, paths, locale, images, dry_run, **options):
        index = news_index_for_language(_language(locale))
        if index is None:
            raise CommandError(
                f"No news index for locale {locale!r}. Run `manage.py setup_public_site` first, "
                f"or choose one of: {', '.join(code for code, _name in settings.LANGUAGES)}."
            )
        images = Path(images) if images else None
        if images is not None and not images.is_dir():
            raise CommandError(f"--images {images} is not a folder.")

        news_files, reports = [], []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                candidates = sorted(path.rglob("*.md"))
            elif path.is_file():
                candidates = [path]
            else:
                reports.append(ImportReport(name=str(path), action="failed", reason="No such file or folder."))
                continue
            for candidate in candidates:
                try:
                    news_files.append(read_news_file(candidate))
                except NewsImportError as error:
                    reports.append(ImportReport(name=str(candidate), action="failed", reason=str(error)))

        reports += import_news(
            news_files=news_files, index=index, images=ImageLibrary(directory=images), dry_run=dry_run
        )
        for report in reports:
            self._write(report)
        failed = [report for report in reports if report.failed]
        summary = f"{len(reports) - len(failed)} imported, {len(failed)} failed" + (
            " (dry run, nothing written)" if dry_run else ""
        )
        if failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def _write(self, report: ImportReport) -> None:
        if report.failed:
            self.stderr.write(f"FAILED  {report.name}: {report.reason}")
            return
        state = "published" if report.published else "draft"
        self.stdout.write(f"{report.action:<13} {report.name} ({state})")
        for missing in report.missing_images:
            self.stderr.write(f"  missing image in {report.name}: {missing}")
