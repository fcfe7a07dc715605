"""Which migration operations break the version that is still serving while the new one migrates.

Zero-downtime deploys run `migrate` while old processes keep answering requests with the old models. Any
operation that removes or renames something the old code reads or writes, or that adds a column the old code
cannot fill, makes those requests fail until the old processes are gone. The fix is expand/contract: add in one
release, switch the code, remove in a later release (see docs/operations/migrations.md).
"""

from dataclasses import dataclass

from django.db import migrations, models

UNSAFE = "unsafe"
REVIEW = "review"


@dataclass(frozen=True)
class Finding:
    level: str  # UNSAFE stops a deploy, REVIEW asks a person to look
    app_label: str
    migration: str
    operation: str
    reason: str

    def __str__(self):
        return f"[{self.level}] {self.app_label}.{self.migration}: {self.operation} — {self.reason}"


def _adds_column_old_code_cannot_fill(field):
    if field.many_to_many or field.null:
        return False
    if getattr(field, "db_default", models.NOT_PROVIDED) is not models.NOT_PROVIDED:
        return False
    # Django applies a Python default only while adding the column, then drops it: old INSERTs then fail.
    return True


def operation_findings(operation):
    """(level, reason) pairs for one operation; empty when the old version keeps working."""
    if isinstance(operation, migrations.SeparateDatabaseAndState):
        return [finding for inner in operation.database_operations for finding in operation_findings(inner)]
    if isinstance(operation, migrations.RemoveField):
        return [(UNSAFE, f"drops column {operation.name} that the old version still selects")]
    if isinstance(operation, migrations.DeleteModel):
        return [(UNSAFE, f"drops table of {operation.name} that the old version still uses")]
    if isinstance(operation, migrations.RenameField):
        return [
            (
                UNSAFE,
                f"renames column {operation.old_name} to {operation.new_name}; the old version uses the old name",
            )
        ]
    if isinstance(operation, migrations.RenameModel):
        return [
            (
                UNSAFE,
                f"renames table {operation.old_name} to {operation.new_name}; the old version uses the old name",
            )
        ]
    if isinstance(operation, migrations.AlterModelTable):
        return [(UNSAFE, f"renames the table of {operation.name}")]
    if isinstance(operation, migrations.AddField) and _adds_column_old_code_cannot_fill(operation.field):
        return [
            (
                UNSAFE,
                f"adds NOT NULL column {operation.name} without db_default; the old version's inserts will fail",
            )
        ]
    if isinstance(operation, migrations.AlterField):
        findings = [(REVIEW, f"changes column {operation.name}; check type, nullability and name")]
        if operation.field.db_column:
            findings.insert(0, (UNSAFE, f"sets db_column of {operation.name} (a rename)"))
        return findings
    if isinstance(operation, migrations.RunSQL | migrations.RunPython):
        return [(REVIEW, "runs custom code; check that it neither locks nor removes what the old version uses")]
    if isinstance(operation, migrations.AddConstraint | migrations.AlterUniqueTogether):
        return [(REVIEW, "adds a constraint the old version may violate, and validates it under a lock")]
    if isinstance(operation, migrations.AddIndex) and type(operation).__name__ != "AddIndexConcurrently":
        return [
            (
                REVIEW,
                "builds an index under a write lock; on big tables use AddIndexConcurrently (PostgreSQL)",
            )
        ]
    if isinstance(operation, migrations.RemoveIndex) and type(operation).__name__ != "RemoveIndexConcurrently":
        return [
            (
                REVIEW,
                "drops an index under an exclusive lock; on big tables use RemoveIndexConcurrently (PostgreSQL)",
            )
        ]
    return []


def migration_findings(migration):
    """Findings for a migration, unless it declares `old_version_safe = True` after a person reviewed it."""
    if getattr(migration, "old_version_safe", False):
        return []
    return [
        Finding(
            level=level,
            app_label=migration.app_label,
            migration=migration.name,
            operation=type(operation).__name__,
            reason=reason,
        )
        for operation in migration.operations
        for level, reason in operation_findings(operation)
    ]
