"""The audit log as administrators read it: their own LA's events only, filtered by date, user,
record and action, with field labels and display values instead of column names and ids."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from ..digits import is_ascii_digits
from ..models import AuditEvent, Role
from ..scoping import scope_for

EMPTY = "(empty)"


def audit_events(
    *,
    user,
    user_email: str = "",
    action: str = "",
    child_records_only: bool = False,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    record_type: ContentType | None = None,
    record: str = "",
    **_ignored,
) -> QuerySet:
    """The audit log, newest first, of the LAs where `user` is an administrator (none elsewhere)."""
    la_ids = scope_for(user).orgs_with_role(Role.ADMINISTRATOR)
    if not la_ids:
        return AuditEvent.objects.none()
    events = AuditEvent.objects.filter(local_authority_id__in=la_ids).select_related("content_type")
    if user_email:
        events = events.filter(user_email__icontains=user_email.strip())
    if action:
        events = events.filter(action=action)
    if child_records_only:
        events = events.filter(is_child_record=True)
    if date_from:
        events = events.filter(at__gte=_day_start(date_from))
    if date_to:
        events = events.filter(at__lt=_day_start(date_to + dt.timedelta(days=1)))
    if record_type is not None:
        events = events.filter(content_type=record_type)
    if record:
        events = events.filter(_record_filter(record.strip()))
    return events


def audit_events_about(obj: models.Model) -> QuerySet:
    """Every event about one record (for a subject access request), oldest first; not scoped:
    the caller decides who may read it."""
    content_type = ContentType.objects.get_for_model(obj)
    return AuditEvent.objects.filter(content_type=content_type, object_id=str(obj.pk)).order_by("at", "id")


#: Apps whose records the audit log's "record type" filter offers.
AUDITED_APPS = ("core", "providers", "placements", "funding")


def audited_record_types() -> QuerySet:
    """Record types of the service's own apps, for the filter's list (no scan of the log)."""
    return (
        ContentType.objects.filter(app_label__in=AUDITED_APPS)
        .exclude(model__startswith="historical")
        .order_by("app_label", "model")
    )


def _record_filter(text: str) -> models.Q:
    """A record's number (its id) or words from its name."""
    if is_ascii_digits(text) and len(text) < 19:
        return models.Q(object_id=text) | models.Q(object_repr__icontains=text)
    return models.Q(object_repr__icontains=text)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class ReadableChange:
    field: str
    before: str
    after: str


def readable_changes(events: Iterable[AuditEvent]) -> dict[int, list[ReadableChange]]:
    """Each event's changes as 'Field label: before → after', choices by their labels and linked
    records by their names (one query per kind of linked record on the page, whatever its length)."""
    events = list(events)
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for event in events:
        for field, _name, values in _named(event):
            if field is not None and field.is_relation and field.many_to_one:
                wanted[field.related_model].update(v for v in values if v not in (None, ""))
    names = {
        model: {str(pk): str(obj) for pk, obj in model._default_manager.in_bulk(list(pks)).items()}
        for model, pks in wanted.items()
    }
    return {
        event.pk: [_readable(field, name, values, names) for field, name, values in _named(event)] for event in events
    }


def _named(event: AuditEvent):
    model = event.content_type.model_class() if event.content_type_id else None
    for name, values in (event.changes or {}).items():
        field = _model_field(model, name)
        pair = list(values) if isinstance(values, (list, tuple)) and len(values) == 2 else [None, values]
        yield field, name, pair


def _model_field(model, attname: str):
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if field.attname == attname or field.name == attname:
            return field
    try:
        return model._meta.get_field(attname)
    except FieldDoesNotExist:
        return None


def _readable(field, name: str, values: list, names: dict) -> ReadableChange:
    if field is None:
        label = name.replace("_id", "").replace("_", " ").capitalize()
        return ReadableChange(label, *(_text(v) for v in values))
    label = str(field.verbose_name)
    label = label[:1].upper() + label[1:]
    return ReadableChange(label, *(_value_text(field, v, names) for v in values))


def _value_text(field, value, names: dict) -> str:
    if value is None or value == "":
        return EMPTY
    if field.is_relation and field.many_to_one:
        return names.get(field.related_model, {}).get(str(value), f"{field.related_model._meta.verbose_name} {value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField) or isinstance(value, bool):
        return "Yes" if value in (True, "True", "true") else "No"
    return _text(value)


def _text(value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


CSV_HEADER = ["When", "Who", "Action", "Record type", "Record", "Record id", "What changed", "Address", "Page"]
CSV_CHUNK = 500


def audit_csv_rows(events: QuerySet) -> Iterable[list[str]]:
    """The filtered log as CSV rows, read in chunks so a long log streams in constant memory."""
    yield CSV_HEADER
    chunk: list[AuditEvent] = []
    for event in events.iterator(chunk_size=CSV_CHUNK):
        chunk.append(event)
        if len(chunk) == CSV_CHUNK:
            yield from _csv_chunk(chunk)
            chunk = []
    yield from _csv_chunk(chunk)


def _csv_chunk(events: list[AuditEvent]) -> Iterable[list[str]]:
    changes = readable_changes(events)
    for event in events:
        yield [
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            event.user_email,
            event.get_action_display(),
            str(event.content_type.name) if event.content_type_id else "",
            event.object_repr,
            event.object_id,
            "; ".join(f"{c.field}: {c.before} → {c.after}" for c in changes.get(event.pk, [])),
            event.ip_address or "",
            event.path,
        ]
