"""Backup and restore of the whole installation: the database as Django's JSON dump, the media as a tar file.

The JSON dump is engine-neutral, so a backup taken on SQLite restores onto PostgreSQL and back. It keeps primary
keys (generic references such as the audit log's object ids depend on them), so a restore replaces the whole
database rather than merging into it.

The manifest carries a fingerprint of the data: for each model, its number of records and a checksum over every
record in a canonical form. A restore compares the restored database with it before committing, and
`check_backup` lets an operator compare any database with a backup (the restore drill in docs/operations).
"""

import datetime
import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from trust.audit import audit_suspended
from trust.serializer import FORMAT

#: Sent inside the restore's transaction once every row is loaded (loaddata sends no post_save signals, only
#: raw ones), for apps that keep derived data: `sender` is None, `using` the database.
backup_restored = Signal()

DATABASE_FILE = "database.json"
MEDIA_FILE = "media.tar.gz"
MANIFEST_FILE = "manifest.json"
# Rebuilt from the data itself after a restore (search index), or not worth keeping (sessions: a restore signs
# everyone out, which is right).
EXCLUDED = ["sessions"]


#: Models whose rows an app rebuilds from other data when it receives backup_restored (register_derived).
_derived: set[str] = set()


def register_derived(*models) -> None:
    """Leave `models` out of backups: derived data that the app rebuilds in its backup_restored receiver (a
    backup of it could only disagree with the rebuilt rows, which are computed at restore time)."""
    _derived.update(model._meta.label_lower for model in models)


def excluded_labels() -> list:
    search_index = [
        model._meta.label_lower
        for model in apps.get_app_config("wagtailsearch").get_models()
        if model._meta.model_name.endswith("indexentry")
    ]
    return [*EXCLUDED, *search_index, *sorted(_derived)]


#: 2 adds the fingerprint ("tables"); a format-1 backup still restores, without the comparison.
FORMAT_VERSION = 2
RESTORE_ACTION = "trust.restore"


class BackupError(Exception):
    pass


def _applied_migrations(using) -> list:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connections[using]).applied_migrations())


def _storage_files(storage, directory=""):
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # a fresh installation has no media directory yet
        return
    for name in files:
        yield str(PurePosixPath(directory, name)) if directory else name
    for name in directories:
        yield from _storage_files(storage, str(PurePosixPath(directory, name)) if directory else name)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _canonical(record: dict) -> str:
    """A dumped record as text that does not depend on the engine: JSON keys sorted (PostgreSQL's jsonb reorders
    them, also inside a StreamField's text), many-to-many lists sorted (their order is the link table's, which a
    restore does not keep)."""
    model = apps.get_model(record["model"])
    many_to_many = {field.name for field in model._meta.many_to_many}
    json_text = {field.name for field in model._meta.concrete_fields if field.get_internal_type() == "JSONField"}
    fields = {}
    for name, value in record["fields"].items():
        if name in many_to_many and isinstance(value, list):
            value = sorted(value, key=json.dumps)
        elif name in json_text and isinstance(value, str):
            value = json.loads(value)  # a StreamField dumps its JSON as text, in the engine's key order
        fields[name] = value
    return json.dumps([record["model"], record.get("pk"), fields], sort_keys=True, ensure_ascii=False)


def fingerprint_records(records) -> dict:
    """{model label: {"rows": count, "checksum": sha256 over the sorted canonical records}}."""
    digests: dict[str, list] = {}
    for record in records:
        text = _canonical(record)
        digests.setdefault(record["model"], []).append(hashlib.sha256(text.encode()).hexdigest())
    tables = {}
    for label, rows in sorted(digests.items()):
        checksum = hashlib.sha256("".join(sorted(rows)).encode()).hexdigest()
        tables[label] = {"rows": len(rows), "checksum": checksum}
    return tables


def _dump(using, path: Path) -> list:
    call_command("dumpdata", exclude=excluded_labels(), database=using, output=str(path), format=FORMAT, verbosity=0)
    return json.loads(path.read_text(encoding="utf-8"))


def database_fingerprint(using=DEFAULT_DB_ALIAS, *, exclude_restores_after: str | None = None) -> dict:
    """The fingerprint of the database as it is now. `exclude_restores_after` (an ISO time) leaves out the
    history entries that restores wrote after that time: the one thing a restore adds to the backup's data."""
    with tempfile.TemporaryDirectory() as directory:
        records = _dump(using, Path(directory) / DATABASE_FILE)
    if exclude_restores_after is not None:
        records = [record for record in records if not _is_later_restore(record, exclude_restores_after)]
    return fingerprint_records(records)


def _is_later_restore(record: dict, after: str) -> bool:
    fields = record["fields"]
    if record["model"] != "wagtailcore.modellogentry" or fields.get("action") != RESTORE_ACTION:
        return False
    return datetime.datetime.fromisoformat(fields["timestamp"]) > datetime.datetime.fromisoformat(after)


def compare_fingerprints(expected: dict, actual: dict) -> list[str]:
    """One line per model whose records differ, in words an operator can act on; empty when all match."""
    differences = []
    for label in sorted(set(expected) | set(actual)):
        want = expected.get(label, {"rows": 0, "checksum": None})
        have = actual.get(label, {"rows": 0, "checksum": None})
        if want["rows"] != have["rows"]:
            differences.append(
                _("%(model)s: %(expected)s records in the backup, %(actual)s in the database.")
                % {"model": label, "expected": want["rows"], "actual": have["rows"]}
            )
        elif want["checksum"] != have["checksum"]:
            differences.append(
                _("%(model)s: the same number of records (%(rows)s), but their contents differ.")
                % {"model": label, "rows": want["rows"]}
            )
    return differences


def create_backup(output: Path, *, using=DEFAULT_DB_ALIAS, storage=default_storage) -> dict:
    output.mkdir(parents=True, exist_ok=True)
    if any(output.iterdir()):
        raise BackupError(_("The backup directory %(path)s is not empty.") % {"path": output})
    database_path = output / DATABASE_FILE
    records = _dump(using, database_path)
    media_path = output / MEDIA_FILE
    media_count = 0
    with tarfile.open(media_path, "w:gz") as archive:
        for name in sorted(_storage_files(storage)):
            with storage.open(name, "rb") as handle:
                content = handle.read()
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
            media_count += 1
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "engine": connections[using].vendor,
        "migrations": _applied_migrations(using),
        "objects": len(records),
        "tables": fingerprint_records(records),
        "media_files": media_count,
        "checksums": {DATABASE_FILE: _sha256(database_path), MEDIA_FILE: _sha256(media_path)},
    }
    (output / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def read_manifest(source: Path) -> dict:
    manifest_path = source / MANIFEST_FILE
    if not manifest_path.exists():
        raise BackupError(_("%(path)s is not a Kizuna backup (no manifest.json).") % {"path": source})
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for name, checksum in manifest["checksums"].items():
        if _sha256(source / name) != checksum:
            raise BackupError(_("%(name)s is damaged: its checksum does not match the manifest.") % {"name": name})
    return manifest


def restore_backup(source: Path, *, using=DEFAULT_DB_ALIAS, storage=default_storage) -> dict:
    """Replace the database and media with the backup's. All or nothing for the database."""
    manifest = read_manifest(source)
    missing = sorted(set(manifest["migrations"]) - set(_applied_migrations(using)))
    if missing:
        raise BackupError(
            _("The backup was taken on a newer version (migrations %(missing)s). Upgrade and migrate first.")
            % {"missing": ", ".join(missing[:5])}
        )
    # A restore is not a user's edit: no audit entry for the rows it loads (trust.audit stays out of fixture
    # loading), one "restored" entry for the whole. The content types in the backup replace this database's, so
    # the process-wide cache of them is stale before and after.
    ContentType.objects.clear_cache()
    with transaction.atomic(using=using), audit_suspended():
        if connections[using].vendor == "postgresql":
            # TRUNCATE refuses tables with deferred foreign-key checks still pending in this transaction.
            with connections[using].cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, database=using, inhibit_post_migrate=True, verbosity=0)
        if connections[using].vendor == "postgresql":
            # Rows reference each other in both directions; check the keys once everything is loaded.
            with connections[using].cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        _load(source / DATABASE_FILE, using)
        ContentType.objects.clear_cache()
        backup_restored.send(sender=None, using=using)
        if "tables" in manifest:
            differences = compare_fingerprints(manifest["tables"], database_fingerprint(using))
            if differences:
                raise BackupError(
                    _("The restored data does not match the backup; nothing was changed. %(differences)s")
                    % {"differences": " ".join(differences[:10])}
                )
        _log_restore(manifest, source, using)
    with tarfile.open(source / MEDIA_FILE, "r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile() or member.name.startswith("/") or ".." in PurePosixPath(member.name).parts:
                continue
            content = archive.extractfile(member).read()
            if storage.exists(member.name):
                storage.delete(member.name)
            storage.save(member.name, ContentFile(content))
    call_command("update_index", verbosity=0)
    return manifest


def _load(database_path: Path, using) -> None:
    """loaddata, content types first: building some records (Wagtail pages) looks up their content type, which
    must then find the backup's own rather than insert one that the backup's row would collide with."""
    records = json.loads(database_path.read_text(encoding="utf-8"))
    first = [record for record in records if record["model"] == "contenttypes.contenttype"]
    rest = [record for record in records if record["model"] != "contenttypes.contenttype"]
    del records
    with tempfile.TemporaryDirectory() as directory:
        paths = []
        for name, part in (("1-contenttypes.json", first), ("2-records.json", rest)):
            path = Path(directory) / name
            path.write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
            paths.append(str(path))
        call_command("loaddata", *paths, database=using, verbosity=0)


def _log_restore(manifest: dict, source: Path, using) -> None:
    """One history entry on the default site: when, from which backup, how much."""
    from wagtail.log_actions import log
    from wagtail.models import Site

    site = Site.objects.using(using).filter(is_default_site=True).first() or Site.objects.using(using).first()
    if site is None:
        return
    data = {
        "backup": source.name,
        "backup_created_at": manifest["created_at"],
        "backup_engine": manifest.get("engine", ""),
        "objects": manifest["objects"],
        "media_files": manifest.get("media_files", 0),
    }
    log(site, RESTORE_ACTION, data=data, user=None)
