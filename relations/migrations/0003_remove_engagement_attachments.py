# Engagement.attachments (Wagtail documents, served to anyone holding the link) gives way to attachments.Attachment,
# which is served only after the visibility selector. Expand/contract: this release forgets the field in Django's
# state; the old version, still serving during the deploy, keeps its (never filled) table. A later release drops the
# table relations_engagement_attachments.
#
# The table's foreign keys are dropped now: Django no longer knows the table, so a flush or a TRUNCATE of
# relations_engagement (tests, restore_kizuna) would be refused while an unknown table still references it. The old
# version only reads and writes the table through its own code, which needs no constraint to work.

from django.db import migrations

ORPHAN_TABLE = "relations_engagement_attachments"


def drop_orphan_foreign_keys(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return  # SQLite's flush deletes row by row and the table is empty: nothing refers to anything
    with connection.cursor() as cursor:
        if ORPHAN_TABLE not in connection.introspection.table_names(cursor):
            return
        constraints = connection.introspection.get_constraints(cursor, ORPHAN_TABLE)
    quote = schema_editor.quote_name
    for name, constraint in constraints.items():
        if constraint["foreign_key"]:
            schema_editor.execute(f"ALTER TABLE {quote(ORPHAN_TABLE)} DROP CONSTRAINT {quote(name)}")


class Migration(migrations.Migration):
    # Reviewed: the state removal keeps the table for the old version, and dropping the table's foreign keys
    # changes nothing the old version does.
    old_version_safe = True

    dependencies = [
        ("relations", "0002_strategy_2026_2030"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="engagement", name="attachments")],
            database_operations=[migrations.RunPython(drop_orphan_foreign_keys, migrations.RunPython.noop)],
        ),
    ]
