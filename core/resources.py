"""The base of every spreadsheet resource (import and export of records), shared by partners, contacts, ...

Each app declares its resources in `<app>/resources.py` on top of `KizunaResource`; the transfers app runs
them (preview, import, history, files). The base lives in core because every app needs it and data flows
left to right.

A resource is a django-import-export `Resource` whose columns carry an English and a Japanese heading (both
accepted on import, the one of the active language written on export) and whose relations are written as
natural keys (a country by ISO code or name, a mission by name, ...), so that a file exported from one
installation imports into another. Importing goes through `prepare` / `clean_row` / `apply` / `save_batch`
so that a whole file is validated with a handful of queries and written in bulk.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import NOT_PROVIDED
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field

from core.text import normalize_for_search
from core.validators import validate_no_control_characters, validate_single_line, validate_tag_names

LIST_SEPARATOR = "; "


def heading_key(text: str) -> str:
    """How a column heading is compared: width, case, spaces and brackets do not matter."""
    folded = unicodedata.normalize("NFKC", force_str(text)).casefold()
    return re.sub(r"[\s()（）_]+", "", folded)


def split_list(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;；\n]", value or "") if part.strip()]


class RowError(ValueError):
    """A value in a cell that cannot be used; the message is shown to the person importing."""


def _check_text(validator, value) -> None:
    """The text rules of the forms (core.validators), for a cell: a refusal is the row's error."""
    try:
        validator(value)
    except ValidationError as error:
        raise RowError(error.messages[0]) from None


class Column(Field):
    """One spreadsheet column: a model attribute (or a virtual value handled by the resource)."""

    def __init__(self, attribute, *, en, ja, kind="text", required=False, virtual=False, choices=None, **kwargs):
        super().__init__(attribute=attribute, column_name=attribute, **kwargs)
        self.en = en
        self.ja = ja
        self.kind = kind
        self.required = required
        self.virtual = virtual
        self.choices = choices

    @property
    def heading(self) -> str:
        return self.ja if (translation.get_language() or "").startswith("ja") else self.en

    def accepted_headings(self) -> set[str]:
        return {heading_key(self.en), heading_key(self.ja), heading_key(self.attribute)}


@dataclass
class CleanRow:
    """The values of one row after cleaning, keyed by attribute; errors keyed by attribute too."""

    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)

    def add_error(self, attribute: str, message: str) -> None:
        self.errors.setdefault(attribute, []).append(message)


class KizunaResource(resources.Resource):
    """A resource over one model. Subclasses declare `Column`s, `model`, and the natural key."""

    model: type[models.Model]
    #: stable name used in URLs and on the command line, e.g. "people"
    name: str = ""
    verbose_name: str = ""

    #: The user importing (set by transfers before `prepare`); None is the command line, which sees everything.
    reader = None

    def __init__(self):
        super().__init__()
        self.columns: list[Column] = [f for f in self.fields.values() if isinstance(f, Column)]
        for column in self.columns:
            if column.kind == "choice" and column.choices is None:
                column.choices = self.model._meta.get_field(column.attribute).choices
        self.column_for = {column.attribute: column for column in self.columns}

    # --- export -------------------------------------------------------------------------------

    def get_queryset(self):
        return self.model._default_manager.all()

    def readable_by(self, queryset, user):
        """`queryset` (already limited to what `user` may see) with what the export needs to know of `user`'s
        view of related records (e.g. a follow-up's engagement they may not see)."""
        return queryset

    def objects_for_export(self, queryset):
        """The records of `queryset` ready to be read column by column (override to load related rows in bulk)."""
        return queryset

    def get_export_headers(self, selected_fields=None):
        return [column.heading for column in self.columns]

    def export_field(self, field, instance, **kwargs):
        return self.render(field, self.read(field, instance))

    def export(self, queryset=None, **kwargs):
        import tablib

        queryset = self.get_queryset() if queryset is None else queryset
        dataset = tablib.Dataset(headers=self.get_export_headers())
        for obj in self.objects_for_export(queryset):
            dataset.append([self.export_field(column, obj) for column in self.columns])
        return dataset

    def read(self, column: Column, obj):
        """The Python value of a column for `obj` (what an import of the same value would produce)."""
        reader = getattr(self, f"read_{column.attribute}", None)
        if reader is not None:
            return reader(obj)
        return getattr(obj, column.attribute)

    def render(self, column: Column, value) -> str:
        if value is None:
            return ""
        if column.kind == "choice":
            return self._choice_labels(column).get(value, value)
        if column.kind == "date":
            return value.isoformat()
        if column.kind == "bool":
            return _("yes") if value else _("no")
        if column.kind in ("list", "tags"):
            return LIST_SEPARATOR.join(value)
        if isinstance(value, models.Model):
            return self.render_related(column, value)
        return force_str(value)

    def render_related(self, column: Column, value) -> str:
        return force_str(value)

    def _choice_labels(self, column: Column) -> dict[str, str]:
        """Labels in the active language, translated once per export rather than once per cell."""
        language = translation.get_language()
        cache = self.__dict__.setdefault("_label_cache", {})
        key = (column.attribute, language)
        if key not in cache:
            cache[key] = {code: force_str(label) for code, label in column.choices}
        return cache[key]

    # --- import -------------------------------------------------------------------------------

    def map_headers(self, headers: list[str]) -> tuple[dict[int, Column], list[str]]:
        """Return {cell index: column} for the headings recognised, and the headings ignored."""
        by_key = {}
        for column in self.columns:
            for key in column.accepted_headings():
                by_key.setdefault(key, column)
        mapping, ignored, seen = {}, [], set()
        for index, header in enumerate(headers):
            column = by_key.get(heading_key(header or ""))
            if column is None or column.attribute in seen:
                if (header or "").strip():
                    ignored.append(header)
                continue
            seen.add(column.attribute)
            mapping[index] = column
        return mapping, ignored

    def prepare(self) -> None:
        """Load everything needed to resolve natural keys and find existing records (a few queries)."""

    def clean_row(self, cells: dict[Column, object]) -> CleanRow:
        row = CleanRow()
        for column, raw in cells.items():
            text = raw.strip() if isinstance(raw, str) else raw
            if text in (None, ""):
                if column.required:
                    row.add_error(column.attribute, _("This value is required."))
                    continue
                row.values[column.attribute] = self.empty_value(column)
                continue
            try:
                if isinstance(text, str):
                    # Every cell, whatever it becomes (virtual columns never meet a model field's validators).
                    _check_text(validate_no_control_characters, text)
                    if column.kind == "list":  # e-mails, phones: each one line, whichever cleaner reads them
                        for item in split_list(text):
                            _check_text(validate_single_line, item)
                cleaner = getattr(self, f"clean_{column.attribute}", None)
                row.values[column.attribute] = cleaner(text) if cleaner else self.clean_value(column, text)
            except RowError as error:
                row.add_error(column.attribute, str(error))
        self.check_row(row)
        return row

    def check_row(self, row: CleanRow) -> None:
        """Rules across columns; add errors to `row`."""

    def check_rows(self, rows: list[CleanRow]) -> None:
        """Rules across rows of the file (e.g. a reference to a record further down); add errors to rows."""

    def empty_value(self, column: Column):
        if column.default is not NOT_PROVIDED:
            return column.default
        if column.kind in ("list", "tags"):
            return []
        if column.kind in ("date", "int", "related"):
            return None
        if column.kind == "bool":
            return False
        if column.kind == "choice":
            model_field = self.model._meta.get_field(column.attribute)
            return model_field.get_default()
        return ""

    def clean_value(self, column: Column, value):
        if column.kind == "date":
            return parse_date(value)
        if column.kind == "int":
            return parse_int(value)
        if column.kind == "bool":
            return parse_bool(value)
        if column.kind == "choice":
            return parse_choice(value, column.choices)
        if column.kind == "list":
            return split_list(force_str(value))
        if column.kind == "tags":
            names = sorted(dict.fromkeys(t.strip() for t in re.split(r"[;,、，]", force_str(value)) if t.strip()))
            _check_text(validate_tag_names, names)
            return names
        return force_str(value)

    def row_label(self, values: dict) -> str:
        """A short description of the row for the preview (e.g. the name)."""
        parts = [values.get(column.attribute) for column in self.columns if column.required]
        return " ".join(force_str(part) for part in parts if part)[:120]

    def natural_key(self, values: dict):
        """The key that identifies the record a row describes (None: always a new record)."""
        raise NotImplementedError

    def find_existing(self, key, values: dict):
        raise NotImplementedError

    def new_instance(self, values: dict):
        return self.model()

    def for_update(self, existing):
        """The model instance to change for a row that updates `existing` (as found by `find_existing`)."""
        return existing

    def differs(self, obj, values: dict) -> bool:
        return any(self.read(self.column_for[name], obj) != value for name, value in values.items())

    def apply(self, obj, values: dict) -> None:
        """Set the model attributes of `obj`; virtual columns are written in `save_batch`."""
        for name, value in values.items():
            if not self.column_for[name].virtual:
                setattr(obj, name, value)

    def validate_instance(self, obj, values: dict) -> dict[str, list[str]]:
        """Model validation of the attributes the file sets (no uniqueness queries: keys are checked in bulk).

        The same checks as `clean_fields()` + `clean()` with the same messages, but each field's validators run
        once per distinct value of a file rather than once per row: files repeat the same country, organization
        or family name thousands of times, and validators are pure functions of the value.
        """
        columns = {name for name in values if not self.column_for[name].virtual}
        if type(obj).clean is not models.Model.clean:
            # Related objects were resolved from the database by natural key; re-checking each would cost a query.
            exclude = [f.name for f in obj._meta.fields if f.name not in columns or f.is_relation]
            try:
                obj.clean_fields(exclude=exclude)
                obj.clean()
            except ValidationError as error:
                return {
                    (name if name in values else "__all__"): [force_str(m) for m in messages]
                    for name, messages in error.message_dict.items()
                }
            return {}
        errors = {}
        cache = self.__dict__.setdefault("_validated", {})
        for model_field in obj._meta.fields:
            if model_field.name not in columns or model_field.is_relation:
                continue
            raw = getattr(obj, model_field.attname)
            if model_field.blank and raw in model_field.empty_values:
                continue
            try:
                key = (model_field.attname, raw)
                hash(key)
            except TypeError:
                key = None
            if key is not None and key in cache:
                messages = cache[key]
            else:
                try:
                    model_field.clean(raw, obj)
                    messages = None
                except ValidationError as error:
                    messages = [force_str(m) for m in error.messages]
                if key is not None:
                    cache[key] = messages
            if messages:
                errors[model_field.name] = messages
        return errors

    def save_batch(self, created: list, updated: list) -> None:
        """Write `created` (model, values) pairs and `updated` ones in bulk."""
        raise NotImplementedError


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = unicodedata.normalize("NFKC", force_str(value)).strip()
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", text)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise RowError(_("“%(value)s” is not a date (expected YYYY-MM-DD).") % {"value": text})


def parse_int(value) -> int:
    if isinstance(value, int):
        return value
    text = unicodedata.normalize("NFKC", force_str(value)).replace(",", "").strip()
    try:
        return int(float(text)) if re.fullmatch(r"-?\d+(\.0+)?", text) else int(text)
    except ValueError:
        raise RowError(_("“%(value)s” is not a whole number.") % {"value": text}) from None


def parse_bool(value) -> bool:
    text = normalize_for_search(force_str(value))
    if text in {"1", "yes", "y", "true", "はい", "○", "〇", "x", "✓"}:
        return True
    if text in {"0", "no", "n", "false", "いいえ", "×", "-"}:
        return False
    raise RowError(_("“%(value)s” is not yes or no.") % {"value": value})


_CHOICE_LOOKUPS: dict[int, tuple] = {}


def _choice_lookup(choices) -> dict[str, str]:
    """Codes and English and Japanese labels of `choices`, normalised, built once per choices list."""
    cached = _CHOICE_LOOKUPS.get(id(choices))
    if cached is not None and cached[0] is choices:
        return cached[1]
    lookup = {}
    for language in ("ja", "en"):
        with translation.override(language):
            for code, label in choices:
                lookup[normalize_for_search(force_str(label))] = code
    for code, _label in choices:
        lookup[normalize_for_search(code)] = code
    _CHOICE_LOOKUPS[id(choices)] = (choices, lookup)
    return lookup


def parse_choice(value, choices) -> str:
    code = _choice_lookup(choices).get(normalize_for_search(force_str(value)))
    if code is not None:
        return code
    allowed = ", ".join(force_str(label) for _code, label in choices)
    raise RowError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": value, "allowed": allowed})


class NaturalKeyIndex:
    """Every record of a model indexed by its natural keys, loaded in one query."""

    def __init__(self, queryset, keys_of):
        self.by_key = {}
        self.objects = {}
        self._normalised: dict[str, str] = {}
        for obj in queryset:
            self.objects[obj.pk] = obj
            for key in keys_of(obj):
                if key:
                    self.by_key.setdefault(normalize_for_search(key), obj)

    def get(self, value):
        # Files repeat the same organization or country thousands of times: normalise each spelling once.
        text = force_str(value)
        if text not in self._normalised:
            self._normalised[text] = normalize_for_search(text)
        return self.by_key.get(self._normalised[text])

    def add(self, obj, keys):
        for key in keys:
            if key:
                self.by_key.setdefault(normalize_for_search(key), obj)


_PASSED_AS_IS = (str, int, float, bool)


def insert_rows(model: type[models.Model], rows: list[dict], *, returning_pk: bool = False) -> list | None:
    """INSERT `rows` ({attname: value}) into the table of `model`; returns the new primary keys if asked.

    An import writes tens of thousands of child rows (e-mails, tags, posts). `bulk_create` builds a model instance
    and compiles every value of every row through the ORM, which costs more than the database does; this writes
    the same rows with typed column arrays on PostgreSQL, and one prepared statement (or multi-row VALUES when
    keys come back) elsewhere. Columns not given take
    their default (`auto_now` ones the time of the call); values that are not plain str/int/bool are prepared by
    their field, once per distinct value. No signals are sent, as with bulk_create.
    """
    from django.db import connections, router
    from django.utils import timezone

    if not rows:
        return [] if returning_pk else None
    connection = connections[router.db_for_write(model)]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    now = timezone.now()
    prepared: dict = {}

    def column_values(field):
        given = [row.get(field.attname, NOT_PROVIDED) for row in rows]
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            given = [now if value is NOT_PROVIDED or value is None else value for value in given]
        elif field.has_default() and not callable(field.default):
            default = field.get_default()
            given = [default if value is NOT_PROVIDED else value for value in given]
        else:
            given = [field.get_default() if value is NOT_PROVIDED else value for value in given]
        cache = prepared.setdefault(field.attname, {})
        out = []
        for value in given:
            if value is None or isinstance(value, _PASSED_AS_IS):
                out.append(value)
                continue
            try:
                key = (type(value), value)
                if key not in cache:
                    cache[key] = field.get_db_prep_save(value, connection)
                out.append(cache[key])
            except TypeError:  # unhashable (a JSON list or dict): prepared each time
                out.append(field.get_db_prep_save(value, connection))
        return out

    columns = [column_values(field) for field in fields]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(field.column) for field in fields)
    if connection.vendor == "postgresql" and _unnestable(fields, connection):
        return _insert_unnest(connection, model, table, names, fields, columns, returning_pk)
    records = list(zip(*columns, strict=True))
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        if not returning_pk:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES {placeholders}", records)  # noqa: S608
            return None
        pk_column = quote(model._meta.pk.column)
        batch = max(1, connection.ops.bulk_batch_size(fields, records))
        keys = []
        for start in range(0, len(records), batch):
            part = records[start : start + batch]
            values = ", ".join([placeholders] * len(part))
            sql = f"INSERT INTO {table} ({names}) VALUES {values} RETURNING {pk_column}"  # noqa: S608
            cursor.execute(sql, [value for record in part for value in record])
            keys.extend(row[0] for row in cursor.fetchall())
        return keys


_UNNEST_BATCH = 5_000


def _unnestable(fields, connection) -> bool:
    """Whether each column can travel as one typed array (as Django's own bulk_create decides on PostgreSQL)."""
    return all(
        not hasattr(field, "get_placeholder")
        and (field.target_field if field.is_relation else field).get_internal_type() in connection.data_types
        for field in fields
    )


def _insert_unnest(connection, model, table, names, fields, columns, returning_pk):
    """PostgreSQL: one `INSERT ... SELECT * FROM UNNEST(array, ...)` per 5,000 rows. The statement has one
    parameter per column whatever the number of rows, so neither the client nor the server parses a statement
    that grows with the file (a multi-row VALUES of 10,000 rows spends seconds in psycopg's placeholder parsing;
    one prepared INSERT per row, a round trip each)."""
    # Without the type's parameters, as Django does: varchar[] rather than varchar(200)[] (no silent truncation).
    arrays = ", ".join(f"(%s)::{field.db_type(connection).split('(')[0]}[]" for field in fields)
    sql = f"INSERT INTO {table} ({names}) SELECT * FROM UNNEST({arrays})"  # noqa: S608
    if returning_pk:
        sql += f" RETURNING {connection.ops.quote_name(model._meta.pk.column)}"
    keys = []
    with connection.cursor() as cursor:
        for start in range(0, len(columns[0]), _UNNEST_BATCH):
            cursor.execute(sql, [column[start : start + _UNNEST_BATCH] for column in columns])
            if returning_pk:
                keys.extend(row[0] for row in cursor.fetchall())
    return keys if returning_pk else None


def write_tags(through_model, assignments: list[tuple[models.Model, list[str]]]) -> None:
    """Replace the tags of each object with the names given, creating missing tags (a few queries in all)."""
    from taggit.models import Tag

    if not assignments:
        return
    names = {name for _obj, tag_names in assignments for name in tag_names}
    existing = [obj.pk for obj, _names in assignments if not getattr(obj, "_just_created", False)]
    tags = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
    for name in sorted(names - tags.keys()):
        tags[name] = Tag.objects.create(name=name).pk
    if existing:
        for start in range(0, len(existing), 500):
            through_model.objects.filter(content_object__in=existing[start : start + 500]).delete()
    insert_rows(
        through_model,
        [{"content_object_id": obj.pk, "tag_id": tags[name]} for obj, tag_names in assignments for name in tag_names],
    )


def tag_names(obj) -> list[str]:
    """Sorted tag names of `obj`, read through its tagged items (prefetch them with `tags_prefetch`)."""
    return sorted(item.tag.name for item in obj.tagged_items.all())


def tags_prefetch(through_model):
    return models.Prefetch("tagged_items", queryset=through_model.objects.select_related("tag"))


def unique_slug(base: str, taken: set[str], *, max_length: int = 100) -> str:
    from django.utils.text import slugify

    stem = (slugify(base) or "item")[: max_length - 8]
    slug, number = stem, 2
    while slug in taken:
        slug = f"{stem}-{number}"
        number += 1
    taken.add(slug)
    return slug


def parse_datetime_local(value, time_zone: str) -> datetime.datetime:
    """An aware datetime from a cell: with an offset as written, else in `time_zone` (the place's)."""
    import zoneinfo

    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        text = unicodedata.normalize("NFKC", force_str(value)).strip().replace("/", "-")
        try:
            parsed = datetime.datetime.fromisoformat(text)
        except ValueError:
            message = _("“%(value)s” is not a date and time (expected YYYY-MM-DD HH:MM).")
            raise RowError(message % {"value": text}) from None
    if parsed.tzinfo is None:
        try:
            parsed = parsed.replace(tzinfo=zoneinfo.ZoneInfo(time_zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise RowError(_("Unknown time zone “%(value)s”.") % {"value": time_zone}) from None
    return parsed


def render_datetime_local(value: datetime.datetime, time_zone: str) -> str:
    import zoneinfo

    return value.astimezone(zoneinfo.ZoneInfo(time_zone)).isoformat(timespec="minutes")


class RecordResource(KizunaResource):
    """Records identified by their calendar UID (engagements, follow-ups, events, delegations) or another key,
    saved one by one through `save()` so the model's own derivations run; many-to-many columns hold natural
    keys separated by "; ". Meant for hundreds or a few thousand rows, not tens of thousands."""

    key_attribute = "uid"
    #: {column attribute: (index attribute set in prepare, message for an unknown value)}
    related_keys: dict = {}

    def existing_queryset(self):
        return self.get_queryset()

    def prepare(self):
        self.existing = {self.key_of(obj): obj for obj in self.existing_queryset()}

    def key_of(self, obj) -> str:
        return str(getattr(obj, self.key_attribute))

    def natural_key(self, values):
        key = values.get(self.key_attribute)
        return (self.key_attribute, str(key)) if key else None

    def find_existing(self, key, values):
        return self.existing.get(key[1])

    def clean_uid(self, value):
        import uuid

        try:
            return uuid.UUID(force_str(value).strip())
        except ValueError:
            raise RowError(_("“%(value)s” is not a calendar UID.") % {"value": value}) from None

    def new_instance(self, values):
        obj = self.model()
        if values.get("uid"):
            obj.uid = values["uid"]
        return obj

    default_time_zone = "Asia/Tokyo"

    def clean_row(self, cells):
        zone = next((str(raw).strip() for column, raw in cells.items() if column.attribute == "time_zone"), "")
        self._row_time_zone = zone or self.default_time_zone
        return super().clean_row(cells)

    def export_field(self, field, instance, **kwargs):
        if field.kind == "datetime":
            value = self.read(field, instance)
            return "" if value is None else render_datetime_local(value, instance.time_zone)
        return super().export_field(field, instance, **kwargs)

    def clean_value(self, column, value):
        if column.kind == "datetime":
            return parse_datetime_local(value, self._row_time_zone)
        if column.attribute in self.related_keys:
            index_name, message = self.related_keys[column.attribute]
            index = getattr(self, index_name)
            if column.kind == "m2m":
                found = []
                for part in split_list(force_str(value)):
                    obj = index.get(part)
                    if obj is None:
                        raise RowError(message % {"value": part})
                    found.append(obj)
                return found
            obj = index.get(value)
            if obj is None:
                raise RowError(message % {"value": value})
            return obj
        return super().clean_value(column, value)

    def empty_value(self, column):
        if column.kind == "m2m":
            return []
        if column.kind == "datetime":
            return None
        return super().empty_value(column)

    def read(self, column, obj):
        if column.kind == "m2m" and not hasattr(self, f"read_{column.attribute}"):
            return sorted(getattr(obj, column.attribute).all(), key=lambda item: self.render_related(column, item))
        return super().read(column, obj)

    def differs(self, obj, values):
        for name, value in values.items():
            current = self.read(self.column_for[name], obj)
            if self.column_for[name].kind == "m2m":
                value = sorted(value, key=lambda item: self.render_related(self.column_for[name], item))
            if current != value:
                return True
        return False

    def render(self, column, value):
        if column.kind == "m2m":
            return LIST_SEPARATOR.join(self.render_related(column, item) for item in value)
        if column.kind == "datetime":
            return "" if value is None else value.isoformat(timespec="minutes")
        return super().render(column, value)

    def apply(self, obj, values):
        for name, value in values.items():
            column = self.column_for[name]
            if not column.virtual and column.kind != "m2m":
                setattr(obj, name, value)

    def validate_instance(self, obj, values):
        return super().validate_instance(
            obj, {name: value for name, value in values.items() if self.column_for[name].kind != "m2m"}
        )

    def save_batch(self, created, updated):
        for obj, values in created + updated:
            obj.save()
            for name, value in values.items():
                if self.column_for[name].kind == "m2m" and not self.column_for[name].virtual:
                    getattr(obj, name).set(value)
            self.after_save(obj, values)

    def after_save(self, obj, values) -> None:
        """Write virtual columns of one saved record."""
