"""Writing many rows at once with PostgreSQL's COPY, and handing out primary keys in advance so
that rows of one table can point at rows of another before either is written."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone


class Ids:
    """Primary keys for new rows of one model, after the largest one already there."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.next = (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1

    def take(self) -> int:
        value = self.next
        self.next += 1
        return value


def jsonb(value) -> str:
    """A JSON column's value as COPY's text format expects it."""
    return json.dumps(value)


def _defaults(model: type[models.Model], given: list[str]) -> list[tuple[models.Field, object]]:
    """Columns not given, with Django's default for each (the database has no defaults): a callable
    default (uuid4) is called per row; a nullable field with no default is left NULL."""
    now = timezone.now()
    extra = []
    for f in model._meta.concrete_fields:
        if f.name in given or f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            extra.append((f, now))
        elif f.has_default():
            extra.append((f, f.default if callable(f.default) else f.get_default()))
        elif not f.null:
            extra.append((f, f.get_default()))  # "" for text, as a form would leave it
    return extra


def copy_rows(model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
    """COPY `rows` (tuples in the order of `fields`, foreign keys as ids) into the model's table;
    other columns get Django's defaults. Constraints and foreign keys are checked by PostgreSQL as
    for any insert."""
    meta = model._meta
    extra = _defaults(model, fields)
    names = [meta.get_field(name).column for name in fields] + [f.column for f, _ in extra]
    columns = ", ".join(connection.ops.quote_name(name) for name in names)
    table = connection.ops.quote_name(meta.db_table)
    constant = all(not callable(value) for _, value in extra)
    fixed = tuple(_db_value(f, value) for f, value in extra) if constant else ()
    count = 0
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            tail = fixed if constant else tuple(_db_value(f, v() if callable(v) else v) for f, v in extra)
            copy.write_row((*row, *tail))
            count += 1
    return count


def _db_value(f: models.Field, value):
    if isinstance(f, models.JSONField):
        return jsonb(value)
    return value


def reset_sequences(*model_classes: type[models.Model]) -> None:
    """Point each table's id sequence past the ids written with explicit values."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
