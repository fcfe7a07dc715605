import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import migrations, models
from django.test import override_settings

from core.migration_safety import REVIEW, UNSAFE, Finding, migration_findings


def _migration(*operations, reviewed=False):
    migration = migrations.Migration("0099_sample", "partners")
    migration.operations = list(operations)
    if reviewed:
        migration.old_version_safe = True
    return migration


def test_dropping_and_renaming_are_unsafe_for_the_old_version():
    migration = _migration(
        migrations.RemoveField("organization", "fax"),
        migrations.DeleteModel("Mission"),
        migrations.RenameField("organization", "name", "title"),
        migrations.RenameModel("Mission", "Embassy"),
        migrations.AlterModelTable("organization", "partners_org"),
    )

    findings = migration_findings(migration)

    assert [(f.level, f.operation) for f in findings] == [
        (UNSAFE, "RemoveField"),
        (UNSAFE, "DeleteModel"),
        (UNSAFE, "RenameField"),
        (UNSAFE, "RenameModel"),
        (UNSAFE, "AlterModelTable"),
    ]
    assert str(findings[0]) == (
        "[unsafe] partners.0099_sample: RemoveField — drops column fax that the old version still selects"
    )


def test_adding_columns_is_safe_only_when_the_old_version_can_still_insert():
    migration = _migration(
        migrations.AddField("organization", "code", models.CharField(max_length=5, default="x")),
        migrations.AddField("organization", "notes", models.TextField(null=True)),
        migrations.AddField("organization", "rank", models.IntegerField(db_default=0)),
    )

    assert migration_findings(migration) == [
        Finding(
            level=UNSAFE,
            app_label="partners",
            migration="0099_sample",
            operation="AddField",
            reason="adds NOT NULL column code without db_default; the old version's inserts will fail",
        )
    ]


def test_custom_code_and_locks_ask_for_review():
    from django.contrib.postgres.operations import AddIndexConcurrently

    from core import migration_operations

    index = models.Index(fields=["name"], name="org_name_idx")
    migration = _migration(
        migrations.RunSQL("SELECT 1"),
        migrations.AddIndex("organization", index),
        AddIndexConcurrently("organization", index),
        migration_operations.AddIndexConcurrently("organization", index),
        migrations.RemoveIndex("organization", "org_name_idx"),
        migration_operations.RemoveIndexConcurrently("organization", "org_name_idx"),
        migrations.SeparateDatabaseAndState(database_operations=[migrations.RunPython(migrations.RunPython.noop)]),
    )

    assert [(f.level, f.operation) for f in migration_findings(migration)] == [
        (REVIEW, "RunSQL"),
        (REVIEW, "AddIndex"),
        (REVIEW, "RemoveIndex"),
        (REVIEW, "SeparateDatabaseAndState"),
    ]


def test_a_reviewed_migration_is_trusted():
    assert migration_findings(_migration(migrations.RemoveField("organization", "fax"), reviewed=True)) == []


@pytest.mark.django_db
def test_command_reports_nothing_pending_on_a_migrated_database(capsys):
    call_command("check_migrations_safe")

    assert capsys.readouterr().out == "No pending migrations.\n"


@pytest.mark.django_db
@override_settings(MIGRATION_MODULES={"jobs": "tests.ops.unsafe_migrations"})
def test_command_fails_on_a_pending_contracting_migration(capsys):
    with pytest.raises(CommandError, match="2 operation"):
        call_command("check_migrations_safe")

    assert capsys.readouterr().out.splitlines() == [
        "1 pending migration(s):",
        "  jobs.0002_contract",
        "[unsafe] jobs.0002_contract: RemoveField — drops column message that the old version still selects",
        "[unsafe] jobs.0002_contract: AddField — adds NOT NULL column queue without db_default; "
        "the old version's inserts will fail",
    ]


@pytest.mark.django_db
@override_settings(MIGRATION_MODULES={"jobs": "tests.ops.safe_migrations"})
def test_command_passes_an_expanding_migration(capsys):
    call_command("check_migrations_safe")

    assert capsys.readouterr().out.splitlines() == [
        "1 pending migration(s):",
        "  jobs.0002_expand",
        "Safe to apply while the old version serves.",
    ]
