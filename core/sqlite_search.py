"""Substring search over `search_document` on SQLite, answered by an FTS5 trigram index.

`search_document__contains` is `LIKE '%term%'`: SQLite has no index for it and reads every document (300,000
engagements: 150-340 ms per query, twice per listing page). PostgreSQL answers the same LIKE from a pg_trgm index
(core/migrations/0004). SQLite's counterpart is an FTS5 table with the trigram tokenizer, kept as an external
index of the model's table (it stores no copy of the text), which answers a quoted term of three characters or
more as an exact substring match: the same rows as the LIKE, from the index.

The index and the triggers that keep it are not a migration: Django rebuilds a SQLite table to alter it (a new
table, the rows copied, the old one dropped), and the triggers die with the old table. So after every `migrate`
(post_migrate) `ensure_indexes` creates what is missing, and rebuilds an index whose triggers were missing, as
rows may have changed without it. Terms shorter than three characters (a two-kanji family name) keep the LIKE.
"""

from django.apps import apps
from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL

# The searchable models (app_label.Model) with an index, and the index's table.
INDEXED = {
    "contacts.Person": "contacts_person_search_fts",
    "partners.Organization": "partners_organization_search_fts",
    "partners.Mission": "partners_mission_search_fts",
    "partners.PartnerRegion": "partners_partnerregion_search_fts",
    "relations.Engagement": "relations_engagement_search_fts",
    "events.Event": "events_event_search_fts",
    "events.Delegation": "events_delegation_search_fts",
    "attachments.Attachment": "attachments_attachment_search_fts",
}
COLUMN = "search_document"
# The trigram tokenizer indexes runs of three characters; a shorter term matches nothing through the index.
SHORTEST_INDEXED_TERM = 3
TRIGGERS = ("insert", "delete", "update")


def index_table(model) -> str | None:
    return INDEXED.get(model._meta.label)


def _trigger_name(index: str, event: str) -> str:
    return f"{index}_after_{event}"


def _statements(table: str, index: str, pk: str) -> dict[str, str]:
    """The CREATE statement of the index and of each of its triggers (all IF NOT EXISTS)."""
    # Names from INDEXED and the models' metadata, never from input (so S608 does not apply).
    insert = f"INSERT INTO {index}(rowid, {COLUMN}) VALUES (new.{pk}, new.{COLUMN});"  # noqa: S608
    delete = f"INSERT INTO {index}({index}, rowid, {COLUMN}) VALUES ('delete', old.{pk}, old.{COLUMN});"  # noqa: S608
    return {
        "table": (
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {index} USING fts5({COLUMN}, content='{table}', "
            f"content_rowid='{pk}', tokenize='trigram case_sensitive 1')"
        ),
        "insert": f"CREATE TRIGGER IF NOT EXISTS {_trigger_name(index, 'insert')} AFTER INSERT ON {table} BEGIN "
        f"{insert} END",
        "delete": f"CREATE TRIGGER IF NOT EXISTS {_trigger_name(index, 'delete')} AFTER DELETE ON {table} BEGIN "
        f"{delete} END",
        "update": f"CREATE TRIGGER IF NOT EXISTS {_trigger_name(index, 'update')} AFTER UPDATE OF {COLUMN}, {pk} "
        f"ON {table} BEGIN {delete} {insert} END",
    }


def ensure_indexes(using: str = "default") -> list[str]:
    """Create each missing index and trigger on a SQLite database; rebuild an index that was missing a trigger.
    Returns the indexes rebuilt. Nothing happens on other databases or before a model's table exists."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {row[0] for row in cursor.fetchall()}
        rebuilt = []
        for label, index in INDEXED.items():
            model = apps.get_model(label)
            table = model._meta.db_table
            if table not in existing:
                continue
            missing = [
                kind
                for kind in ("table", *TRIGGERS)
                if (index if kind == "table" else _trigger_name(index, kind)) not in existing
            ]
            if not missing:
                continue
            statements = _statements(table, index, model._meta.pk.column)
            for kind in missing:
                cursor.execute(statements[kind])
            # Rows written while a trigger was missing are not in the index: read them all again.
            cursor.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")  # noqa: S608 - a name from INDEXED
            rebuilt.append(index)
    return rebuilt


def ensure_indexes_after_migrate(sender, using="default", **kwargs):
    ensure_indexes(using)


def _phrase(term: str) -> str:
    """`term` as an FTS5 string: quoted, so that no character of it is query syntax."""
    return '"' + term.replace('"', '""') + '"'


def matching(model, term: str, using: str) -> Q | None:
    """A filter for the rows of `model` whose search document contains `term`, read from the index; None where
    the index cannot answer (another database, a model without an index, a term of fewer than three characters)."""
    index = index_table(model)
    if index is None or len(term) < SHORTEST_INDEXED_TERM or connections[using].vendor != "sqlite":
        return None
    # The index's name comes from INDEXED; the term is a parameter.
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {index} WHERE {index} MATCH %s", (_phrase(term),)))  # noqa: S608, S611
