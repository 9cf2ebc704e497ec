"""Everything the service holds about one pupil, gathered from the child-record registry
(apcommission.core.child_records): each registered kind's rows, their field history
(django-simple-history) and the audit trail of who viewed, changed or exported any of them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from apcommission.core.child_records import ChildData, child_data_kinds
from apcommission.core.models import AuditEvent

HISTORY_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class Table:
    """One CSV file of the export, and one section of the summary."""

    name: str
    title: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    kind: ChildData | None = None

    @property
    def records(self) -> list[list[tuple[str, str]]]:
        """Each row as (column, value) pairs, for the readable summary."""
        return [list(zip(self.header, row, strict=True)) for row in self.rows]


@dataclass
class SubjectAccessData:
    pupil: models.Model
    generated_at: dt.datetime
    tables: list[Table]
    history: list[Table]
    audit_trail: Table
    files: list[tuple[str, FieldFile]]

    @property
    def total_rows(self) -> int:
        return sum(len(t.rows) for t in (*self.tables, *self.history, self.audit_trail))


def count_pupil_records(pupil_id: int) -> int:
    """Rows about the pupil across every registered kind (to decide whether to queue the export)."""
    return sum(kind.for_pupil(pupil_id).count() for kind in child_data_kinds())


def text(value) -> str:
    """A value as a person reads it (dates as 2026-09-01, money to the penny)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, FieldFile):
        return value.name.rsplit("/", 1)[-1] if value else ""
    return str(value)


def _columns(model: type[models.Model], exclude: Iterable[str]) -> list[models.Field]:
    skip = set(exclude)
    return [f for f in model._meta.concrete_fields if f.name not in skip]


def _reader(f: models.Field) -> Callable[[models.Model], str]:
    if f.choices:
        return lambda obj: text(getattr(obj, f"get_{f.name}_display")())
    if f.is_relation:
        return lambda obj: text(getattr(obj, f.name)) if getattr(obj, f.attname) is not None else ""
    return lambda obj: text(getattr(obj, f.attname))


def _label(f: models.Field) -> str:
    name = str(f.verbose_name)
    return name[:1].upper() + name[1:]


def _table(kind: ChildData, objects: Iterable[models.Model], columns: list[models.Field], *, history=False) -> Table:
    readers = [_reader(f) for f in columns]
    header = [_label(f) for f in columns]
    suffix = ""
    if history:
        header = ["When", "What happened", "By", *header]
        suffix = "-history"
    table = Table(
        name=f"{kind.model._meta.app_label}-{kind.model._meta.model_name}{suffix}",
        title=f"{kind.label}: history of changes" if history else kind.label,
        header=header,
        kind=kind,
    )
    for obj in objects:
        row = [read(obj) for read in readers]
        if history:
            row = [
                text(obj.history_date),
                HISTORY_TYPES.get(obj.history_type, obj.history_type),
                text(obj.history_user.email if obj.history_user_id and obj.history_user else ""),
                *row,
            ]
        table.rows.append(row)
    return table


def _related(columns: list[models.Field]) -> list[str]:
    return [f.name for f in columns if f.is_relation]


def _kind_tables(kind: ChildData, pupil_id: int) -> tuple[Table, Table | None, list]:
    columns = _columns(kind.model, kind.export_exclude)
    rows = kind.for_pupil(pupil_id).select_related(*_related(columns)).order_by("pk")
    objects = list(rows)
    files = [
        (f"files/{kind.model._meta.model_name}-{obj.pk}-{text(getattr(obj, f.name))}", getattr(obj, f.name))
        for obj in objects
        for f in columns
        if isinstance(f, models.FileField) and getattr(obj, f.name)
    ]
    history = kind.history_for_pupil(pupil_id)
    history_table = None
    if history is not None:
        history_columns = [
            f for f in _columns(history.model, kind.export_exclude) if f.name in {c.name for c in columns}
        ]
        history_table = _table(
            kind,
            history.select_related("history_user").order_by("history_date", "history_id"),
            history_columns,
            history=True,
        )
    return _table(kind, objects, columns), history_table, files


AUDIT_HEADER = ["When", "Who", "What they did", "Record", "Page"]


def _audit_trail(record_ids: dict[type[models.Model], list[int]]) -> Table:
    condition = models.Q(pk__in=[])
    for model, ids in record_ids.items():
        if ids:
            content_type = ContentType.objects.get_for_model(model)
            condition |= models.Q(content_type=content_type, object_id__in=[str(i) for i in ids])
    events = AuditEvent.objects.filter(condition).order_by("at", "id")
    table = Table(name="audit-trail", title="Who viewed, changed or exported these records", header=AUDIT_HEADER)
    for event in events.iterator(chunk_size=500):
        table.rows.append([text(event.at), event.user_email, event.get_action_display(), event.object_repr, event.path])
    return table


def subject_access_data(pupil, *, progress: Callable[[int], None] | None = None) -> SubjectAccessData:
    """Everything held about `pupil` (the caller has checked who may ask)."""
    tables, history, files = [], [], []
    record_ids: dict[type[models.Model], list[int]] = {}
    kinds = child_data_kinds()
    for number, kind in enumerate(kinds, start=1):
        table, history_table, kind_files = _kind_tables(kind, pupil.pk)
        tables.append(table)
        if history_table is not None:
            history.append(history_table)
        files.extend(kind_files)
        record_ids[kind.model] = list(kind.for_pupil(pupil.pk).values_list("pk", flat=True))
        if progress is not None:
            progress(int(80 * number / len(kinds)))
    return SubjectAccessData(
        pupil=pupil,
        generated_at=timezone.now(),
        tables=tables,
        history=history,
        audit_trail=_audit_trail(record_ids),
        files=files,
    )
