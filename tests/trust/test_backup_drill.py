"""The restore drill, as an operator runs it: each step a new process on a database of its own.

Source: migrate and load the demo data, back up. Target: a new, empty database, `migrate`, `restore_kizuna`,
`check_backup`. Then every table of the two databases is compared by its row count (read with SQL, apart from
the code under test) and every record by a checksum of its dumped form. On the database engine the suite runs on
(SQLite, or PostgreSQL when DATABASE_URL is set), so CI runs it on both.
"""

import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from trust.backup import excluded_labels

ROOT = Path(settings.BASE_DIR)
#: Tables a restore does not copy: sessions (a restore signs everyone out), Wagtail's search index (rebuilt from
#: the restored records) and the storage of SQLite's full-text indexes (their "_fts_data", "_fts_idx"...
#: tables), whose layout depends on the order rows were indexed in.
NOT_COPIED = {"django_session", "wagtailsearch_indexentry", "wagtailsearch_indexentry_fts"}
FULL_TEXT_STORAGE = "_fts_"
#: The one table a restore adds to, by one entry.
LOG_TABLE = "wagtailcore_modellogentry"

pytestmark = pytest.mark.skipif(
    connection.vendor not in ("sqlite", "postgresql"), reason="the drill knows SQLite and PostgreSQL"
)


class Database:
    """A scratch database of the suite's engine, outside the test database."""

    def __init__(self, tmp_path: Path, name: str):
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.url = f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
        else:
            self.name = f"kz_drill_{name}_{uuid.uuid4().hex[:8]}"
            settings_dict = connection.settings_dict
            host, port = settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
            password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
            self.url = f"postgres://{settings_dict['USER']}{password}@{host}:{port}/{self.name}"
            self._admin(f'CREATE DATABASE "{self.name}"')

    def _admin(self, sql: str) -> None:
        import psycopg

        params = connection.get_connection_params()
        params["dbname"] = "postgres"
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(sql)

    def drop(self) -> None:
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def run(self, *args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "DATABASE_URL": self.url, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    def manage(self, *args: str) -> str:
        result = self.run(*args)
        assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def table_counts(self) -> dict:
        """{table: rows} for every table, counted with SQL in a process of its own."""
        script = (
            "import json\n"
            "from django.db import connection\n"
            "with connection.cursor() as cursor:\n"
            "    counts = {}\n"
            "    for table in connection.introspection.table_names(cursor):\n"
            "        cursor.execute(f'SELECT COUNT(*) FROM {connection.ops.quote_name(table)}')\n"
            "        counts[table] = cursor.fetchone()[0]\n"
            "print(json.dumps(counts))\n"
        )
        return json.loads(self.manage("shell", "--no-imports", "-c", script).strip().splitlines()[-1])

    def records(self, tmp_path: Path, name: str) -> dict:
        """{(model, pk): sha256 of the record} over what a backup holds (all but sessions, the search index and the
        data rebuilt at restore time, whose row counts table_counts compares), JSON keys and link lists in one
        order."""
        path = tmp_path / f"{name}.json"
        excluded = [argument for label in excluded_labels() for argument in ("--exclude", label)]
        self.manage("dumpdata", *excluded, "--format", "kizuna_json", "--output", str(path), "--verbosity", "0")
        return {(row["model"], str(row["pk"])): _digest(row) for row in json.loads(path.read_text("utf-8"))}


def _normalise(value):
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return _normalise(json.loads(value))
        except ValueError:
            return value
    if isinstance(value, dict):
        return {key: _normalise(item) for key, item in value.items()}
    if isinstance(value, list):
        return sorted((_normalise(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    return value


def _digest(row: dict) -> str:
    fields = {name: _normalise(value) for name, value in row["fields"].items()}
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@pytest.fixture
def databases(tmp_path):
    created = []

    def make(name):
        database = Database(tmp_path, name)
        created.append(database)
        return database

    yield make
    for database in created:
        database.drop()


def test_a_backup_restores_onto_a_new_database_with_every_record_and_its_history(tmp_path, databases):
    source, target = databases("source"), databases("target")
    source.manage("migrate", "--noinput", "--verbosity", "0")
    source.manage("seed_demo")
    backup = tmp_path / "backup"
    source.manage("backup_kizuna", "--output", str(backup))
    counts_before, records_before = source.table_counts(), source.records(tmp_path, "source")

    target.manage("migrate", "--noinput", "--verbosity", "0")
    target.manage("restore_kizuna", str(backup), "--no-input")
    checked = target.manage("check_backup", str(backup))
    counts_after, records_after = target.table_counts(), target.records(tmp_path, "target")

    manifest = json.loads((backup / "manifest.json").read_text("utf-8"))
    assert f"{manifest['objects']} " in checked  # the drill reports how many records it compared
    assert set(counts_after) == set(counts_before)
    differing = {
        table: (counts_before[table], counts_after[table])
        for table in counts_before
        if table not in NOT_COPIED and FULL_TEXT_STORAGE not in table and counts_before[table] != counts_after[table]
    }
    assert differing == {LOG_TABLE: (counts_before[LOG_TABLE], counts_before[LOG_TABLE] + 1)}

    added = set(records_after) - set(records_before)
    assert set(records_before) - set(records_after) == set()
    assert [model for model, _ in added] == ["wagtailcore.modellogentry"]
    changed = sorted(key for key in records_before if records_before[key] != records_after[key])
    assert changed == [], f"{len(changed)} records differ after the restore, e.g. {changed[:5]}"


def test_a_restore_that_does_not_match_its_backup_is_refused(tmp_path, databases):
    """check_backup finds a changed record: the drill fails loudly rather than vouching for a wrong database."""
    database = databases("tampered")
    database.manage("migrate", "--noinput", "--verbosity", "0")
    backup = tmp_path / "backup"
    database.manage("backup_kizuna", "--output", str(backup))
    database.manage(
        "shell", "-c", "from partners.models import Country; Country.objects.filter(code='VN').update(name_en='X')"
    )

    result = database.run("check_backup", str(backup))

    assert result.returncode != 0
    assert "partners.country" in result.stderr
