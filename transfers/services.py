"""Writes of the transfers app: imports (preview, confirm), exports and the merge of two people."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from contacts.models import Person
from core.text import build_search_document

from .importing import ImportResult, classify, export_rows, write
from .models import ImportRecord, ImportStatus
from .registry import get_resource
from .tables import read_table, write_table

NOT_MERGED_FIELDS = {"id", "search_document", "created_at", "updated_at"}


def preview_import(
    *, user, resource_name: str, file_name: str, content: bytes, encoding: str = "auto", skip_existing: bool = False
) -> ImportRecord:
    """Record the upload and classify every row. Writes the ImportRecord only, never the records of the file.

    Raises tables.TableError when the file cannot be read at all.
    """
    table = read_table(content, file_name=file_name, encoding=encoding)
    result, _planned = classify(get_resource(resource_name), table, user=user, skip_existing=skip_existing)
    record = ImportRecord(
        resource=resource_name,
        file_name=file_name[:255],
        file_format=table.format,
        encoding=table.encoding,
        content=content,
        skip_existing=skip_existing,
        user=user,
    )
    _store_result(record, result)
    record.save()
    return record


def _store_result(record: ImportRecord, result: ImportResult) -> None:
    counts = result.counts
    record.created_count, record.updated_count = counts["new"], counts["update"]
    record.skipped_count, record.error_count = counts["skip"], counts["error"]
    record.preview = result.summary()


@transaction.atomic
def confirm_import(*, record: ImportRecord, user, good_rows_only: bool) -> ImportResult:
    """Import the file of a previewed record, classifying it again against the database as it is now.

    With errors and not `good_rows_only`, nothing is written and the record is marked refused. Otherwise the
    good rows are written in bulk and the bad rows kept on the record as a file to fix. Audit-logged.
    """
    record = ImportRecord.objects.select_for_update().get(pk=record.pk)
    if not record.is_pending:
        raise ValidationError(_("This file has already been processed."))
    table = read_table(bytes(record.content), file_name=record.file_name, encoding=record.encoding or "auto")
    resource = get_resource(record.resource)
    result, planned = classify(resource, table, user=user, skip_existing=record.skip_existing)
    record.good_rows_only = good_rows_only
    if result.file_errors or (result.has_errors and not good_rows_only):
        record.status = ImportStatus.REFUSED
    else:
        write(resource, planned)
        result.written = True
        record.status = ImportStatus.PARTIAL if result.has_errors else ImportStatus.IMPORTED
        if result.has_errors:
            record.rejected_content = result.rejected_file(record.file_format)
    _store_result(record, result)
    record.completed_at = timezone.now()
    record.save()
    log(
        instance=record,
        action="transfers.import",
        user=user,
        data={
            "resource": record.resource,
            "file_name": record.file_name,
            "status": record.status,
            "counts": result.counts,
        },
    )
    return result


@transaction.atomic
def import_file(
    *,
    user,
    resource_name: str,
    file_name: str,
    content: bytes,
    encoding: str = "auto",
    skip_existing: bool = False,
    good_rows_only: bool = False,
) -> tuple[ImportRecord, ImportResult]:
    """Preview and confirm in one step (the command line); recorded in the history like any import."""
    record = preview_import(
        user=user,
        resource_name=resource_name,
        file_name=file_name,
        content=content,
        encoding=encoding,
        skip_existing=skip_existing,
    )
    result = confirm_import(record=record, user=user, good_rows_only=good_rows_only)
    record.refresh_from_db()
    return record, result


def export_file(*, resource_name: str, file_format: str = "csv", queryset=None) -> bytes:
    """Every record of a resource (or of `queryset`) as a CSV (UTF-8 with BOM) or XLSX file."""
    resource = get_resource(resource_name)
    headers, rows = export_rows(resource, queryset)
    return write_table(headers, rows, file_format)


# --- merging people ---------------------------------------------------------------------------


def mergeable_fields() -> list[models.Field]:
    return [
        field
        for field in Person._meta.concrete_fields
        if field.name not in NOT_MERGED_FIELDS and not field.primary_key and field.editable
    ]


def _is_empty(value) -> bool:
    return value in (None, "")


def merge_conflicts(*, keep: Person, drop: Person) -> list[tuple[models.Field, object, object]]:
    """Fields filled differently on both people: the person merging chooses which value stays."""
    conflicts = []
    for field in mergeable_fields():
        kept, dropped = getattr(keep, field.attname), getattr(drop, field.attname)
        if not _is_empty(kept) and not _is_empty(dropped) and kept != dropped:
            conflicts.append((field, kept, dropped))
    return conflicts


def _unique_sets(model, fk_name: str) -> list[tuple[str, ...]]:
    sets = [tuple(names) for names in model._meta.unique_together]
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and constraint.condition is None:
            sets.append(tuple(constraint.fields))
    return [names for names in sets if fk_name in names]


def _comparable(row, fk_name: str) -> tuple:
    return tuple(
        getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if not field.primary_key and field.name not in (fk_name, "sort_order")
    )


def _move_rows(model, fk_name: str, *, keep: Person, drop: Person) -> tuple[int, int]:
    """Point `model` rows of `drop` at `keep`. A row identical to one `keep` already has, or one that would
    break a unique constraint by repeating `keep`'s link, is removed instead (it says nothing new).
    Returns (moved, removed as duplicates)."""
    manager = model._base_manager
    rows = list(manager.filter(**{fk_name: drop}))
    if not rows:
        return 0, 0
    kept_rows = list(manager.filter(**{fk_name: keep}))
    kept_values = {_comparable(row, fk_name) for row in kept_rows}
    unique_sets = _unique_sets(model, fk_name)
    taken = {
        names: {
            tuple(getattr(row, model._meta.get_field(n).attname) for n in names if n != fk_name) for row in kept_rows
        }
        for names in unique_sets
    }
    duplicates, moving = [], []
    for row in rows:
        clash = any(
            tuple(getattr(row, model._meta.get_field(n).attname) for n in names if n != fk_name) in taken[names]
            for names in unique_sets
        )
        (duplicates if clash or _comparable(row, fk_name) in kept_values else moving).append(row.pk)
    manager.filter(pk__in=duplicates).delete()
    manager.filter(pk__in=moving).update(**{fk_name: keep})
    return len(moving), len(duplicates)


def _person_relations():
    """Every relation that points at a person, discovered from the models (later apps are covered too)."""
    for relation in Person._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            for field in through._meta.concrete_fields:
                if (
                    field.is_relation
                    and field.related_model is Person
                    and field.name != relation.field.m2m_field_name()
                ):
                    yield through, field.name
        else:
            yield relation.related_model, relation.field.name


@transaction.atomic
def merge_people(*, keep: Person, drop: Person, field_choices: dict | None = None, user) -> dict:
    """Merge `drop` into `keep`, then delete `drop`.

    Every row that points at `drop` (posts, e-mails, phones, tags, engagements, follow-ups, delegation
    memberships, gifts, ... found through Person._meta.related_objects) is moved to `keep`; exact
    duplicates are removed. For each conflicting field `field_choices[name]` is "keep" (default) or "drop";
    an empty field of `keep` takes the value of `drop`; the values not kept are written in the audit log and,
    for notes, appended. `drop`'s history entries move to `keep`. Returns what was moved.
    """
    if keep.pk == drop.pk:
        raise ValidationError(_("A person cannot be merged with themselves."))
    field_choices = field_choices or {}
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    drop = Person.objects.select_for_update().get(pk=drop.pk)
    discarded, taken_from_dropped = {}, []
    for field in mergeable_fields():
        kept, dropped = getattr(keep, field.attname), getattr(drop, field.attname)
        if _is_empty(dropped) or kept == dropped:
            continue
        if _is_empty(kept) or field_choices.get(field.name) == "drop":
            if not _is_empty(kept):
                discarded[field.name] = str(kept)
            setattr(keep, field.attname, dropped)
            taken_from_dropped.append(field.name)
        elif field.name == "notes":
            keep.notes = f"{kept}\n\n{dropped}"
        else:
            discarded[field.name] = str(dropped)

    moved: dict[str, dict[str, int]] = {}
    for model, fk_name in _person_relations():
        if model._meta.get_field(fk_name).one_to_one:
            if (
                model._base_manager.filter(**{fk_name: keep}).exists()
                and model._base_manager.filter(**{fk_name: drop}).exists()
            ):
                raise ValidationError(
                    _("Both people have a %(model)s; merge it by hand first.") % {"model": model._meta.verbose_name}
                )
        count, removed = _move_rows(model, fk_name, keep=keep, drop=drop)
        if count or removed:
            moved[model._meta.label] = {"moved": count, "duplicates_removed": removed}

    content_type = ContentType.objects.get_for_model(Person)
    ModelLogEntry.objects.filter(content_type=content_type, object_id=str(drop.pk)).update(object_id=str(keep.pk))
    dropped_summary = {"id": drop.pk, "name": str(drop)}
    drop.delete()
    keep.search_document = build_search_document(*keep.searchable_texts())
    keep.save()
    summary = {
        "dropped": dropped_summary,
        "moved": moved,
        "fields_from_dropped": taken_from_dropped,
        "values_not_kept": discarded,
    }
    log(instance=keep, action="transfers.merge_people", user=user, data=summary)
    return summary
