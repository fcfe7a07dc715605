"""The import engine: classify every row of a file (new / update / skip / error), then write in bulk.

Built for whole files rather than rows: natural keys and existing records are loaded once per file
(`resource.prepare`), every row is cleaned and validated in memory with its errors kept per column, and the
accepted rows are written with bulk_create / bulk_update. Classifying writes nothing, which is what a
preview is.
"""

from dataclasses import dataclass, field

from django.utils.encoding import force_str
from django.utils.translation import gettext as _

from core.resources import KizunaResource, RowError
from core.spreadsheets import read_csv_cell

from .selectors import records_hidden_from
from .tables import Table, write_table

NEW, UPDATE, SKIP, ERROR = "new", "update", "skip", "error"
STATUSES = (NEW, UPDATE, SKIP, ERROR)
ROW_HEADING = "__all__"


@dataclass
class RowResult:
    number: int  # the row number a spreadsheet program shows (the heading row is 1)
    status: str
    errors: dict[str, list[str]] = field(default_factory=dict)  # heading -> messages
    cells: list = field(default_factory=list)
    label: str = ""

    def as_dict(self) -> dict:
        return {"number": self.number, "status": self.status, "errors": self.errors, "label": self.label}


@dataclass
class ImportResult:
    resource: str
    headers: list[str]
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(row.status == ERROR for row in self.rows)

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.status == ERROR]

    def rejected_file(self, file_format: str) -> bytes:
        """The rows in error, as they were uploaded, with a last column saying what to fix."""
        rows = [[*self._padded(row.cells), _describe(row.errors)] for row in self.error_rows]
        return write_table([*self.headers, _("Errors")], rows, file_format)

    def _padded(self, cells):
        return list(cells) + [""] * (len(self.headers) - len(cells))

    def summary(self) -> dict:
        return {
            "counts": self.counts,
            "file_errors": self.file_errors,
            "ignored_headers": self.ignored_headers,
            "rows": [row.as_dict() for row in self.rows],
        }


def _describe(errors: dict[str, list[str]]) -> str:
    parts = []
    for heading, messages in errors.items():
        text = " ".join(messages)
        parts.append(text if heading == ROW_HEADING else f"{heading}: {text}")
    return " / ".join(parts)


@dataclass
class _Planned:
    result: RowResult
    obj: object = None
    values: dict = field(default_factory=dict)


def classify(resource: KizunaResource, table: Table, *, user, skip_existing: bool = False) -> tuple[ImportResult, list]:
    """Return the result of every row and the plan of writes; touches nothing in the database.

    A row whose key matches a record `user` may not see is an error that tells nothing of that record (not an
    update, nor a skip that would confirm its content); `user` None is the command line (see
    `selectors.records_hidden_from`).
    """
    result = ImportResult(resource=resource.name, headers=table.headers)
    mapping, result.ignored_headers = resource.map_headers(table.headers)
    present = {column.attribute for column in mapping.values()}
    missing = [column.heading for column in resource.columns if column.required and column.attribute not in present]
    if not mapping:
        result.file_errors.append(_("No column of the file was recognised. Check the heading row."))
    if missing:
        result.file_errors.append(_("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    if result.file_errors:
        return result, []

    file_headings = {column.attribute: table.headers[index] for index, column in mapping.items()}
    resource.reader = user
    resource.prepare()
    hidden = records_hidden_from(user, resource.model)
    planned, cleaned = [], []
    # A CSV file exported by Kizuna wrote text that looks like a formula with an apostrophe first (core.spreadsheets).
    from_csv = table.format == "csv"
    for index, cells in enumerate(table.rows):
        if not any(str(cell).strip() for cell in cells):
            continue
        if from_csv:
            cells = [read_csv_cell(cell) for cell in cells]
        cell_map = {column: (cells[i] if i < len(cells) else "") for i, column in mapping.items()}
        row = resource.clean_row(cell_map)
        planned.append(_Planned(RowResult(number=index + 2, status=ERROR, cells=list(cells)), values=row.values))
        cleaned.append(row)
    resource.check_rows(cleaned)

    seen: dict = {}
    for item, row in zip(planned, cleaned, strict=True):
        errors = dict(row.errors)
        values = item.values
        item.result.label = resource.row_label(values)
        key = None
        if not errors:
            key = resource.natural_key(values)
            if key is not None and key in seen:
                errors[ROW_HEADING] = [_("Same record as row %(number)s.") % {"number": seen[key]}]
        if not errors:
            if key is not None:
                seen[key] = item.result.number
            errors = _plan_row(resource, item, key, skip_existing=skip_existing, hidden=hidden)
        if errors:
            item.result.status = ERROR
            item.result.errors = {
                _heading(resource, name, file_headings): messages for name, messages in errors.items()
            }
        result.rows.append(item.result)
    return result, planned


def _plan_row(resource, item: _Planned, key, *, skip_existing: bool, hidden: set) -> dict:
    values = item.values
    try:
        existing = resource.find_existing(key, values) if key is not None else None
    except RowError as error:
        return {ROW_HEADING: [str(error)]}
    if isinstance(existing, resource.model) and existing.pk in hidden:
        return {ROW_HEADING: [_("No record you may see has this key.")]}
    if existing is not None:
        if skip_existing or not resource.differs(existing, values):
            item.result.status = SKIP
            return {}
        item.obj, item.result.status = resource.for_update(existing), UPDATE
    else:
        item.obj, item.result.status = resource.new_instance(values), NEW
    resource.apply(item.obj, values)
    return resource.validate_instance(item.obj, values)


def _heading(resource, name: str, file_headings: dict[str, str]) -> str:
    """Errors are shown under the heading the file uses for the column, else the column's own heading."""
    if name == ROW_HEADING or name not in resource.column_for:
        return ROW_HEADING
    return file_headings.get(name) or force_str(resource.column_for[name].heading)


def write(resource: KizunaResource, planned: list) -> None:
    """Save the rows classified new or update (call inside a transaction)."""
    created = [(item.obj, item.values) for item in planned if item.result.status == NEW]
    updated = [(item.obj, item.values) for item in planned if item.result.status == UPDATE]
    resource.save_batch(created, updated)


def export_rows(resource: KizunaResource, queryset=None) -> tuple[list[str], list[list[str]]]:
    queryset = resource.get_queryset() if queryset is None else queryset
    headers = resource.get_export_headers()
    objects = resource.objects_for_export(queryset)
    rows = [[resource.export_field(column, obj) for column in resource.columns] for obj in objects]
    return headers, rows
