"""The job kinds Kizuna ships with: seeding demo data at scale, and exporting everything to a ZIP of CSV files."""

import csv
import importlib
import io
import json
import logging
import site
import sysconfig
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.blocks import StreamValue

from core.spreadsheets import csv_cell
from jobs.registry import register_job_kind
from trust import audit

logger = logging.getLogger("kizuna.jobs")

# Secrets never leave the database, whoever asks: a password hash, a TOTP seed or a feed token's hash in a file
# that gets mailed around would undo the protection they give. A new secret field must be added here
# (tests/jobs/test_kinds.py fails on an exported field whose name looks like one).
EXPORT_EXCLUDED_FIELDS = {
    "core.User": {"password"},
    "core.CalendarFeedToken": {"token_hash"},
    "trust.TwoFactorDevice": {"secret"},
}
EXPORT_PROGRESS_EVERY = 500


class _LogStream:
    """Stands in for a command's stdout: demo seeders narrate; in a job that narration goes to the log."""

    def __init__(self, app):
        self.app = app

    def write(self, text, *args, **kwargs):
        if text.strip():
            logger.info("seed %s: %s", self.app, text.strip())

    def flush(self):
        pass


def demo_steps():
    """The apps that ship demo data, in the order data flows (the same list `manage.py seed_demo` uses)."""
    from core.management.commands.seed_demo import DEMO_APPS

    steps = []
    for app in DEMO_APPS:
        if app not in settings.INSTALLED_APPS:
            continue
        try:
            steps.append((app, importlib.import_module(f"{app}.demo")))
        except ModuleNotFoundError as error:
            if error.name != f"{app}.demo":
                raise
    return steps


@register_job_kind("seed_demo", label=gettext_lazy("Seed demo data at scale"), resumable=True)
def seed_demo(run):
    """One app per chunk; each app's seeding is idempotent and commits with the checkpoint naming it done."""
    scale = int(run.params.get("scale", 1))
    steps = demo_steps()
    done = list(run.checkpoint.get("done", []))
    run.report(total=len(steps), progress=len(done), message=_("Seeding at scale %(scale)s") % {"scale": scale})
    for app, module in steps:
        if app in done:
            continue
        with run.chunk(
            checkpoint={"done": [*done, app]},
            progress=len(done) + 1,
            message=_("Seeded %(app)s") % {"app": app},
        ):
            module.seed(scale=scale, stdout=_LogStream(app))
        done.append(app)
    return {"scale": scale, "apps": done}


def _installed_packages() -> list[Path]:
    """Where pip puts packages: a virtualenv inside the project folder must not make Django's sessions or
    Wagtail's API tokens look like Kizuna's own apps."""
    folders = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    folders.update(site.getsitepackages())
    return [Path(folder).resolve() for folder in folders]


def exportable_models():
    """Every concrete model of Kizuna's own apps (those in the project folder, not installed packages), in
    INSTALLED_APPS order."""
    base = Path(settings.BASE_DIR).resolve()
    packages = _installed_packages()
    models = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if (
            not path.is_relative_to(base)
            or any(path.is_relative_to(folder) for folder in packages)
            or config.label == "jobs"
        ):
            continue
        models.extend(
            model
            for model in config.get_models()
            if model._meta.managed and not model._meta.proxy and not model._meta.swapped
        )
    return models


def _export_fields(model):
    excluded = EXPORT_EXCLUDED_FIELDS.get(model._meta.label, set())
    return [field for field in model._meta.concrete_fields if field.name not in excluded]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_cell(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, StreamValue):
        # The stored JSON, never str(value): that renders the blocks to HTML, and an image block then writes a
        # rendition (an INSERT, refused inside the read-only snapshot) and the export loses the data anyway.
        value = value.get_prep_value()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _write_archive(run, path, models, *, total):
    run.report(total=total, progress=0, message=_("Exporting %(count)s records") % {"count": total})
    written = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for model in models:
            fields = _export_fields(model)
            with archive.open(f"{model._meta.label}.csv", "w") as raw:
                # UTF-8 with a byte-order mark, so Excel in Japan opens the files correctly.
                text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                writer = csv.writer(text)
                writer.writerow([field.attname for field in fields])
                rows = model._default_manager.order_by("pk").values_list(*[f.attname for f in fields])
                for row in rows.iterator(chunk_size=2000):
                    writer.writerow([_cell(value) for value in row])
                    written += 1
                    if written % EXPORT_PROGRESS_EVERY == 0:
                        run.report(progress=written, message=_("Exporting %(model)s") % {"model": model._meta.label})
                text.flush()
                text.detach()
    return written


@register_job_kind("export_everything", label=gettext_lazy("Export everything"), resumable=True)
def export_everything(run):
    """Writes one CSV per model into a ZIP on local disk, and stores it in media storage only when complete.

    Read-only, so resuming means starting over: a run that dies leaves no file behind, never half a file.
    """
    models = exportable_models()
    with tempfile.TemporaryDirectory(prefix="kizuna-export-") as folder:
        path = Path(folder) / "export.zip"
        # Counts and rows come from one snapshot: a write committed meanwhile is in the file whole or not at all.
        with run.snapshot():
            counts = {model._meta.label: model._default_manager.count() for model in models}
            written = _write_archive(run, path, models, total=sum(counts.values()))
            # Read in the snapshot, so exactly the confidential rows the file holds; recorded after it (read-only).
            read = [row for model in models for row in audit.read_confidential_rows(model._default_manager.all())]
        audit.record_read_rows(run.job.owner, read, surface="export", details={"job": run.job.pk})
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        with path.open("rb") as handle:
            name = default_storage.save(f"exports/job-{run.job.pk}/kizuna-export-{stamp}.zip", File(handle))
    return {"file": name, "rows": written, "counts": counts, "confidential_rows": len(read)}
