"""The audit trail: who did what, when, and for changes the fields before and after.

Everything lands in Wagtail's log (ModelLogEntry), so each record's history view and the site history report
show it. Services and Wagtail's views already write an entry per action (docs/development/conventions.md);
this module adds the field diff to that entry, and writes the entry itself for any save or delete that nobody
logged (a shell, a script, a service that forgot), so nothing changes unrecorded.
"""

import datetime
import decimal
import threading
import uuid
from contextlib import contextmanager
from functools import partial

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import get_active_log_context, log
from wagtail.models import ModelLogEntry, Page

DEFAULT_AUDITED_APPS = ("core", "partners", "contacts", "relations", "events", "attachments", "cms")
IGNORED_FIELDS = {"last_login", "search_document", "updated_at", "created_at", "modified_at"}
MASKED_MARKERS = ("password", "secret", "token")
MASK = "••••••"
CREATE_ACTIONS = {"wagtail.create"}
EDIT_ACTIONS = {"wagtail.edit", "wagtail.publish", "wagtail.revert"}
DELETE_ACTIONS = {"wagtail.delete"}

_state = threading.local()


def _pending() -> dict:
    if not hasattr(_state, "pending"):
        _state.pending = {}
    return _state.pending


def _announced_deletes() -> set:
    if not hasattr(_state, "deletes"):
        _state.deletes = set()
    return _state.deletes


def reset_state() -> None:
    """Forget changes of a previous request (one rolled back leaves no commit callback to clear them)."""
    _state.pending = {}
    _state.deletes = set()


@contextmanager
def audit_suspended():
    """For bulk seeding of demo or benchmark data only: saves inside are not audited."""
    previous = getattr(_state, "suspended", False)
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = previous


def is_audited(model) -> bool:
    meta = model._meta
    # Historical models of data migrations live in their own registry; migrations are not user actions.
    if meta.apps is not global_apps or meta.proxy or meta.auto_created or getattr(_state, "suspended", False):
        return False
    # Pages keep their own revisions and page log in Wagtail.
    if issubclass(model, Page):
        return False
    return meta.app_label in getattr(settings, "TRUST_AUDITED_APPS", DEFAULT_AUDITED_APPS)


def audited_fields(model):
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in IGNORED_FIELDS:
            continue
        if not field.editable and not field.is_relation:
            continue
        yield field


def _is_masked(field) -> bool:
    return any(marker in field.name for marker in MASKED_MARKERS)


def _json_value(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return str(value)


def snapshot(instance) -> dict:
    return {field.attname: _json_value(getattr(instance, field.attname)) for field in audited_fields(type(instance))}


def field_changes(model, before: dict | None, after: dict) -> dict:
    """{field name: {"before", "after"}} for each field whose value differs (secrets masked)."""
    changes = {}
    for field in audited_fields(model):
        old = None if before is None else before.get(field.attname)
        new = after.get(field.attname)
        if before is not None and old == new:
            continue
        if before is None and new in (None, "", [], {}):
            continue
        masked = _is_masked(field)
        changes[field.name] = {
            "before": MASK if masked and old else old,
            "after": MASK if masked and new else new,
        }
    return changes


def _key(instance) -> tuple:
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    return (content_type.pk, str(instance.pk))


def _capture_before(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not is_audited(sender) or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and set(update_fields) <= IGNORED_FIELDS:
        return
    attnames = [field.attname for field in audited_fields(sender)]
    row = sender._base_manager.using(instance._state.db or "default").filter(pk=instance.pk).values(*attnames).first()
    instance._trust_before = None if row is None else {name: _json_value(value) for name, value in row.items()}


def _record_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or not is_audited(sender):
        return
    if not created and not hasattr(instance, "_trust_before"):
        return
    before = None if created else instance._trust_before
    changes = field_changes(sender, before, snapshot(instance))
    if hasattr(instance, "_trust_before"):
        del instance._trust_before
    if not created and not changes:
        return
    key = _key(instance)
    pending = _pending()
    if key in pending:
        record = pending[key]
        for name, change in changes.items():
            first = record["changes"].get(name, change)
            record["changes"][name] = {**change, "before": first["before"]}
        record["changes"] = {
            n: c for n, c in record["changes"].items() if c["before"] != c["after"] or record["created"]
        }
        return
    pending[key] = {"created": created, "changes": changes, "consumed": False, "instance": instance}
    transaction.on_commit(partial(_flush_save, key), using=instance._state.db or "default")


def _many_to_many_field(model, through):
    for field in model._meta.get_fields():
        remote = getattr(field, "remote_field", None)
        if field.many_to_many and not field.auto_created and getattr(remote, "through", None) is through:
            return field
    return None


def _related_names(instance, field) -> list:
    return sorted(str(related) for related in getattr(instance, field.name).all())


def _record_m2m(sender, instance, action, reverse, **kwargs):
    """Links (people met, staff, countries) and tags are part of a record: their changes join its diff."""
    if reverse or not is_audited(type(instance)) or instance.pk is None:
        return
    field = _many_to_many_field(type(instance), sender)
    if field is None:
        return
    if action in ("pre_add", "pre_remove", "pre_clear"):
        # `.set()` removes then adds: the state before the first step is the "before".
        instance.__dict__.setdefault("_trust_m2m_before", {}).setdefault(field.name, _related_names(instance, field))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    before = instance.__dict__.get("_trust_m2m_before", {}).get(field.name, [])
    after = _related_names(instance, field)
    key = _key(instance)
    pending = _pending()
    record = pending.get(key)
    if record is None:
        if before == after:
            return
        record = pending[key] = {"created": False, "changes": {}, "consumed": False, "instance": instance}
        transaction.on_commit(partial(_flush_save, key), using=instance._state.db or "default")
    first = record["changes"].get(field.name, {"before": before})["before"]
    if first == after and not record["created"]:
        record["changes"].pop(field.name, None)
    else:
        record["changes"][field.name] = {"before": first, "after": after}


def _flush_save(key):
    record = _pending().pop(key, None)
    if record is not None:
        record["instance"].__dict__.pop("_trust_m2m_before", None)
    if record is None or record["consumed"] or not (record["changes"] or record["created"]):
        return
    instance = record["instance"]
    action = "wagtail.create" if record["created"] else "wagtail.edit"
    log(instance, action, data={"changes": record["changes"], "source": "trust"})


def _record_delete(sender, instance, **kwargs):
    if not is_audited(sender) or instance.pk is None:
        return
    key = _key(instance)
    _pending().pop(key, None)
    if key in _announced_deletes():
        _announced_deletes().discard(key)
        return
    values = snapshot(instance)
    transaction.on_commit(partial(_flush_delete, instance, instance.pk, values), using=instance._state.db or "default")


def _flush_delete(instance, pk, values):
    instance.pk = pk  # Django clears it after deleting; the entry still names the record that was
    log(instance, "wagtail.delete", data={"deleted_values": values, "source": "trust"})


def _attach_changes(sender, instance, raw=False, **kwargs):
    """An entry for an object just saved carries the fields that changed."""
    if raw or instance.pk is not None:
        return
    key = (instance.content_type_id, str(instance.object_id))
    if instance.action in DELETE_ACTIONS:
        _announced_deletes().add(key)
        return
    record = _pending().get(key)
    if record is None or record["consumed"]:
        return
    expected = CREATE_ACTIONS if record["created"] else EDIT_ACTIONS
    if instance.action not in expected:
        return
    # A service that wrote its own diff knows best what changed in the fields it names; ours fills in the rest
    # (links and tags set after the save, fields the service did not think of).
    named = (instance.data or {}).get("changes") or {}
    instance.data = {**(instance.data or {}), "changes": {**record["changes"], **named}}
    record["consumed"] = True


VIEW_CONFIDENTIAL = "trust.view_confidential"
# Where a confidential record was read, as the history views name it. An entry without a surface comes from
# the record's own pages (inspect, edit, history).
SURFACES = {
    "timeline": _("on a timeline"),
    "dashboard": _("on the dashboard"),
    "calendar": _("on the staff calendar"),
    "calendar_feed": _("through the private calendar feed"),
    "briefing": _("in a briefing pack"),
    "export": _("in an export"),
    "related": _("on the page of a related record"),
    "listing": _("in a listing"),
    "search": _("in search results"),
    "chooser": _("in a chooser"),
    "my_follow_ups": _("on My follow-ups"),
    "overdue_follow_ups": _("on Overdue follow-ups"),
}


def record_confidential_view(user, obj) -> None:
    """Call from any view that shows a confidential record: the reading is part of the audit trail."""
    log(obj, VIEW_CONFIDENTIAL, user=user if getattr(user, "is_authenticated", False) else None)


def record_confidential_views(user, objects, *, surface: str, details: dict | None = None) -> int:
    """One "viewed" entry per confidential record that `surface` (a key of SURFACES) showed to `user`.

    Callers hand over exactly what they displayed, already read through the visibility selectors; public and
    internal records are skipped here, and a record shown twice is recorded once. All entries go in one INSERT
    (none when nothing was confidential), so a listing, feed or timeline keeps a constant query count.
    `details` (which listing, which job) join each entry's data. Returns the number of entries written.
    """
    reader = user if getattr(user, "is_authenticated", False) else None
    now = timezone.now()
    data = {"surface": surface, **(details or {})}
    entries, seen = [], set()
    for obj in objects:
        if obj is None or obj.pk is None or not is_confidential(obj):
            continue
        key = (type(obj)._meta.label, str(obj.pk))
        if key not in seen:
            seen.add(key)
            entries.append(_entry(obj, VIEW_CONFIDENTIAL, user=reader, data=data, timestamp=now))
    if entries:
        ModelLogEntry.objects.bulk_create(entries)
    return len(entries)


def record_confidential_views_once_rendered(request, response, objects, *, surface: str, details=None) -> None:
    """record_confidential_views for what `response` shows, once it has rendered without error, and only when it
    answers a GET with 200: a HEAD, a redirect or an error page showed nobody anything. `objects` may be a
    callable, called then, so a listing hands over the rows of the very page it rendered (no query of its own).
    """
    if request.method != "GET" or response.status_code != 200:
        return

    def record(_response=None):
        shown = objects() if callable(objects) else objects
        record_confidential_views(request.user, shown, surface=surface, details=details)

    if getattr(response, "is_rendered", True):
        record()
    else:
        response.add_post_render_callback(record)


def _entry(obj, action: str, *, user, data: dict, title: str = "", timestamp=None) -> ModelLogEntry:
    """An unsaved entry as wagtail.log_actions.log would write it. Saved with bulk_create: one INSERT, without the
    model's full_clean (which reads the user and content type back) for entries whose fields this module sets."""
    return ModelLogEntry(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        label=title or ModelLogEntry.objects.get_instance_title(obj),
        action=action,
        timestamp=timestamp or timezone.now(),
        data=data,
        user=user,
        uuid=get_active_log_context().uuid,
    )


def record_export(user, *, model, export_format: str, query: str = "") -> None:
    """Exports leave the building; the entry says who took which listing in what format."""
    data = {"model": model._meta.label, "format": export_format, "query": query}
    entry = _entry(user, "trust.export", user=user, data=data, title=str(model._meta.verbose_name_plural))
    ModelLogEntry.objects.bulk_create([entry])


def _confidential_rows_of(queryset):
    """The confidential rows of `queryset` with the records their titles name, or None for a model without
    confidentiality."""
    model = queryset.model
    fields = model._meta.concrete_fields
    if "confidentiality" not in {field.name for field in fields}:
        return None
    from core.choices import Confidentiality

    return model._base_manager.filter(
        pk__in=queryset.order_by().values("pk"), confidentiality=Confidentiality.CONFIDENTIAL
    ).select_related(*[field.name for field in fields if field.many_to_one])


def record_confidential_rows(user, queryset, *, surface: str = "export") -> int:
    """record_confidential_views for a whole queryset (an export): its confidential rows are read in one query,
    with the records their titles name, and recorded in one INSERT, however many rows the export holds."""
    rows = _confidential_rows_of(queryset)
    return 0 if rows is None else record_confidential_views(user, rows, surface=surface)


READ_ROWS_BATCH = 2000


def read_confidential_rows(queryset) -> list[tuple[int, str, str]]:
    """(content type id, primary key, title) of each confidential row of `queryset`, for record_read_rows.

    For a reader inside a read-only snapshot (a job exporting everything): it names exactly the rows the
    snapshot held, and the entries are written once the snapshot has ended. Tuples, not entries, so a large
    export keeps little in memory.
    """
    rows = _confidential_rows_of(queryset)
    if rows is None:
        return []
    content_type_id = ContentType.objects.get_for_model(queryset.model, for_concrete_model=False).pk
    titles = ModelLogEntry.objects.get_instance_title
    return [(content_type_id, str(row.pk), titles(row)) for row in rows.iterator(chunk_size=READ_ROWS_BATCH)]


def record_read_rows(user, rows, *, surface: str, details: dict | None = None) -> int:
    """One "viewed" entry per row from read_confidential_rows, in INSERTs of READ_ROWS_BATCH entries."""
    reader = user if getattr(user, "is_authenticated", False) else None
    now, log_uuid = timezone.now(), get_active_log_context().uuid
    data = {"surface": surface, **(details or {})}
    for start in range(0, len(rows), READ_ROWS_BATCH):
        ModelLogEntry.objects.bulk_create(
            ModelLogEntry(
                content_type_id=content_type_id,
                object_id=object_id,
                label=title,
                action=VIEW_CONFIDENTIAL,
                timestamp=now,
                data=data,
                user=reader,
                uuid=log_uuid,
            )
            for content_type_id, object_id, title in rows[start : start + READ_ROWS_BATCH]
        )
    return len(rows)


def describe_surface(log_entry) -> str:
    """Where a "viewed" entry's record was read ("on a timeline"), or "" for the record's own pages."""
    surface = (log_entry.data or {}).get("surface")
    return str(SURFACES.get(surface, surface or ""))


def _client_data(request) -> dict:
    if request is None:
        return {}
    from trust.throttling import client_address

    return {"address": client_address(request), "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200]}


def _on_login(sender, request, user, **kwargs):
    log(user, "trust.login", user=user, data=_client_data(request))


def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        log(user, "trust.logout", user=user, data=_client_data(request))


def _on_login_failed(sender, credentials, request=None, **kwargs):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    username = credentials.get(User.USERNAME_FIELD) or credentials.get("username")
    if not username:
        return
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    if user is not None:
        log(user, "trust.login_failed", user=None, data=_client_data(request))


def connect_signals():
    pre_save.connect(_capture_before, dispatch_uid="trust.audit.capture_before")
    post_save.connect(_record_save, dispatch_uid="trust.audit.record_save")
    post_delete.connect(_record_delete, dispatch_uid="trust.audit.record_delete")
    pre_save.connect(_attach_changes, sender=ModelLogEntry, dispatch_uid="trust.audit.attach_changes")
    m2m_changed.connect(_record_m2m, dispatch_uid="trust.audit.record_m2m")
    user_logged_in.connect(_on_login, dispatch_uid="trust.audit.login")
    user_logged_out.connect(_on_logout, dispatch_uid="trust.audit.logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="trust.audit.login_failed")


def is_confidential(obj) -> bool:
    from core.choices import Confidentiality

    return getattr(obj, "confidentiality", None) == Confidentiality.CONFIDENTIAL


DIFF_VALUE_LENGTH = 80
DIFF_FIELDS_SHOWN = 12


def _diff_value(value) -> str:
    if value in (None, "", []):
        return "—"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= DIFF_VALUE_LENGTH else text[: DIFF_VALUE_LENGTH - 1] + "…"


def describe_changes(log_entry) -> str:
    """The entry's field diff as one line for the history views: "subject: “old” → “new”; tags: … → …"."""
    changes = (log_entry.data or {}).get("changes") or {}
    model = log_entry.content_type.model_class() if log_entry.content_type_id else None
    parts = []
    for name, change in list(changes.items())[:DIFF_FIELDS_SHOWN]:
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except Exception:
            label = name
        parts.append(f"{label}: {_diff_value(change.get('before'))} → {_diff_value(change.get('after'))}")
    if len(changes) > DIFF_FIELDS_SHOWN:
        parts.append("…")
    return "; ".join(parts)
