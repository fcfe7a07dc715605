"""Backup and restore of the whole installation: the database as Django's JSON dump, the media as a tar file.

The JSON dump is engine-neutral, so a backup taken on SQLite restores onto PostgreSQL and back. It keeps primary
keys (generic references such as the audit log's object ids depend on them), so a restore replaces the whole
database rather than merging into it.
"""

import hashlib
import io
import json
import tarfile
from pathlib import Path, PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

#: Sent inside the restore's transaction once every row is loaded (loaddata sends no post_save signals, only
#: raw ones), for apps that keep derived data: `sender` is None, `using` the database.
backup_restored = Signal()

DATABASE_FILE = "database.json"
MEDIA_FILE = "media.tar.gz"
MANIFEST_FILE = "manifest.json"
# Rebuilt from the data itself after a restore (search index), or not worth keeping (sessions: a restore signs
# everyone out, which is right).
EXCLUDED = ["sessions"]


def excluded_labels() -> list:
    from django.apps import apps

    search_index = [
        model._meta.label_lower
        for model in apps.get_app_config("wagtailsearch").get_models()
        if model._meta.model_name.endswith("indexentry")
    ]
    return [*EXCLUDED, *search_index]


FORMAT_VERSION = 1


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


def create_backup(output: Path, *, using=DEFAULT_DB_ALIAS, storage=default_storage) -> dict:
    output.mkdir(parents=True, exist_ok=True)
    if any(output.iterdir()):
        raise BackupError(_("The backup directory %(path)s is not empty.") % {"path": output})
    database_path = output / DATABASE_FILE
    call_command("dumpdata", exclude=excluded_labels(), database=using, output=str(database_path), verbosity=0)
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
        "objects": len(json.loads(database_path.read_text(encoding="utf-8"))),
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
    with transaction.atomic(using=using):
        if connections[using].vendor == "postgresql":
            # TRUNCATE refuses tables with deferred foreign-key checks still pending in this transaction.
            with connections[using].cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, database=using, inhibit_post_migrate=True, verbosity=0)
        if connections[using].vendor == "postgresql":
            # Rows reference each other in both directions; check the keys once everything is loaded.
            with connections[using].cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        call_command("loaddata", str(source / DATABASE_FILE), database=using, verbosity=0)
        backup_restored.send(sender=None, using=using)
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
