"""Keyset pagination for long lists: pages found from the last row seen, not by counting rows.

An OFFSET query reads and throws away every row before the page, so page 4,000 of the LA's
placements costs 4,000 times page 1. A keyset page asks for "the next 25 after (date, id)", which
the index matching the list's order answers by starting where the last page ended: every page
costs the same. The total is counted only up to a cap (COUNT_CAP rows): beyond it the list says
"more than 100", which a person reads the same way and PostgreSQL answers from 101 index
entries rather than 200,000 rows.

`keyset_page` returns an object shaped like Django's Page (iterable, has_next, has_previous,
paginator.count, paginator.num_pages, number), so list templates and `{% pagination page %}`
(core.templatetags.paging) serve both kinds; its links carry `after=` or `before=` cursors
instead of `page=`. A cursor that has been tampered with gives the first page, never an error.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from math import ceil

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models.expressions import RawSQL

from .compiled import compiled_rows, scope_key
from .scoping import scope_for

#: Lists count their rows up to here; more shows as "more than 100".
COUNT_CAP = 100


class AtLeast(int):
    """A count that stopped at the cap: compares and pluralises as the cap, prints as "more than"."""

    def __str__(self) -> str:
        return f"more than {int(self):,}"


@dataclass
class KeysetPaginator:
    count: int
    per_page: int

    @property
    def num_pages(self) -> int | str:
        if isinstance(self.count, AtLeast):
            return "many"
        return max(1, ceil(self.count / self.per_page))


@dataclass
class KeysetPage:
    object_list: list
    paginator: KeysetPaginator
    number: int
    next_cursor: str = ""
    previous_cursor: str = ""
    is_keyset: bool = field(default=True, init=False)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return bool(self.next_cursor)

    def has_previous(self) -> bool:
        return bool(self.previous_cursor)

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()


def _encode(values: list, number: int) -> str:
    plain = [v.isoformat() if isinstance(v, dt.date) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps([number, plain]).encode()).decode().rstrip("=")


def encode_cursor(values: list, number: int) -> str:
    """A page's `after=`/`before=` cursor: the page's number and the order's values at its edge
    (for a page read another way than keyset_page, such as by a stored position)."""
    return _encode(values, number)


def decode_cursor(cursor: str, fields: list[models.Field]) -> tuple[int, list] | None:
    """`encode_cursor`'s number and values, or None for a cursor that was tampered with."""
    return _decode(cursor, fields)


def _decode(cursor: str, fields: list[models.Field]) -> tuple[int, list] | None:
    try:
        number, plain = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(number, int) or len(plain) != len(fields):
            return None
        return number, [f.to_python(v) for f, v in zip(fields, plain, strict=True)]
    except Exception:  # a tampered cursor (bad base64, JSON or value) is the first page, never an error
        return None


def _beyond(order: list[str], values: list, *, forwards: bool) -> models.Q:
    """Rows after `values` in `order` (before them when not `forwards`), as an expanded row
    comparison, plus a bound on the first column so the index scan starts at the cursor."""
    condition = models.Q(pk__in=[])
    equal = models.Q()
    for name, value in zip(order, values, strict=True):
        column = name.lstrip("-")
        later = name.startswith("-") != forwards
        condition |= equal & models.Q(**{f"{column}__{'gt' if later else 'lt'}": value})
        equal &= models.Q(**{column: value})
    first = order[0].lstrip("-")
    first_later = order[0].startswith("-") != forwards
    return models.Q(**{f"{first}__{'gte' if first_later else 'lte'}": values[0]}) & condition


def _field(model, path: str) -> models.Field:
    """The model field at the end of a lookup path ("organisation__name")."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field("id" if name == "pk" else name)


def _value(row, path: str):
    if isinstance(row, dict):  # a row read with .values(*columns), which include the order's lookups
        return row[path]
    for name in path.split("__"):
        row = getattr(row, "pk" if name == "pk" else name)
    return row


def _reverse(order: list[str]) -> list[str]:
    return [name[1:] if name.startswith("-") else f"-{name}" for name in order]


def keyset_page(
    queryset: models.QuerySet | Callable[[], models.QuerySet],
    *,
    order: list[str],
    params,
    per_page: int = 25,
    columns: tuple[str, ...] = (),
    shape: tuple | None = None,
    model: type[models.Model] | None = None,
    values_in_text: bool = False,
    ids_first: bool = False,
) -> KeysetPage:
    """One page of `queryset` in `order` (lookups, the last one unique, e.g. "-id"; related fields
    such as "organisation__name" need select_related, or to be among `columns`), from the `after` or
    `before` cursor in `params` (request.GET). With `columns`, the page's rows are plain
    dictionaries of those lookups (`.values(*columns)`, which must include the order's), and the
    count does not join the tables they come from. One query: the page (plus the row after it, to
    know whether there is a next page), each row carrying the capped count as a scalar subquery
    that the database works out once; a second only when a cursor leads to no rows at all.

    `shape` (with `columns`; list_shape builds it) names everything the queryset was built from:
    the first page's statement is then compiled once per process for each shape and run again with
    its parameters, rather than built and compiled by the ORM on every request. The queryset may
    then be a function building it, with its `model`: it is called only when the statement is
    compiled (or for a page after a cursor), as building it costs more than running it.
    `values_in_text`: that statement's values written into its text (compiled.compiled_rows), for
    a list whose best plan depends on them. `ids_first`: that statement finds the page's ids first,
    in order, and only then reads their rows, for a list whose filter is on another table (a
    school's placements, through their pupils): the ids and the order's columns come from indexes
    alone, where sorting the rows themselves reads every one of the list's rows to keep a page."""
    fields = [_field(model or queryset.model, name.lstrip("-")) for name in order]
    after = _decode(params.get("after", ""), fields) if params.get("after") else None
    before = _decode(params.get("before", ""), fields) if params.get("before") and not after else None
    build = queryset if callable(queryset) else lambda: queryset
    if shape is not None and columns and not after and not before:
        rows = _first_page_rows(
            build,
            order=order,
            per_page=per_page,
            columns=columns,
            shape=shape,
            values_in_text=values_in_text,
            ids_first=ids_first,
        )
        count = _count_of(rows, None) if rows else 0
        return _page(rows[:per_page], order, count, per_page, 1, has_previous=False, has_next=len(rows) > per_page)
    queryset = build()
    rows_of = _counted(queryset, columns)
    if before:
        number, values = before
        rows = list(rows_of.filter(_beyond(order, values, forwards=False)).order_by(*_reverse(order))[: per_page + 1])
        count = _count_of(rows, queryset)
        more_before = len(rows) > per_page
        rows = rows[:per_page][::-1]
        number = max(number - 1, 1)
        return _page(rows, order, count, per_page, number, has_previous=more_before, has_next=True)
    number, values = after if after else (1, None)
    page_rows = rows_of.filter(_beyond(order, values, forwards=True)) if values else rows_of
    rows = list(page_rows.order_by(*order)[: per_page + 1])
    count = _count_of(rows, queryset) if values or rows else 0
    number = number + 1 if values else 1
    return _page(
        rows[:per_page], order, count, per_page, number, has_previous=bool(values), has_next=len(rows) > per_page
    )


def list_shape(name: str, user, *parts) -> tuple:
    """What a list's first page is built from, for keyset_page(shape=...): the list's name, the
    user's whole scope (their organisations by role: the scoping path's only input) and `parts`
    (every other value the view filters by: the filter form's cleaned data, today's date if the
    query uses it). Two requests with equal shapes build the same statement."""
    return (name, scope_key(scope_for(user)), parts)


def _counted(queryset: models.QuerySet, columns: tuple[str, ...]) -> models.QuerySet:
    rows_of = queryset.values(*columns) if columns else queryset
    return rows_of.annotate(**{_COUNTED: _capped_count_sql(queryset)})


def _first_page_rows(
    build,
    *,
    order: list[str],
    per_page: int,
    columns: tuple[str, ...],
    shape: tuple,
    values_in_text: bool,
    ids_first: bool,
) -> list:
    key = ("keyset first page", shape, tuple(order), per_page, columns, ids_first)

    def first_page():
        queryset = build()
        rows = _counted(queryset, columns)
        if ids_first:
            rows = rows.filter(pk__in=queryset.order_by(*order).values("pk")[: per_page + 1])
        return rows.order_by(*order)[: per_page + 1]

    return compiled_rows(key, first_page, values_in_text=values_in_text)


#: The name under which each page row carries the list's capped count (taken off the row again).
_COUNTED = "keyset_capped_count"


def _capped_count_sql(queryset: models.QuerySet) -> RawSQL:
    """The capped count as an uncorrelated scalar subquery: counting at most COUNT_CAP + 1 rows of
    the list's own filter (no order, no joins the page's columns need)."""
    limited = queryset.order_by().values("pk")[: COUNT_CAP + 1]
    try:
        sql, sql_params = limited.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # the scope or a filter grants nothing
        return RawSQL("0", (), output_field=models.IntegerField())  # noqa: S611 - a constant
    counted = f"SELECT COUNT(*) FROM ({sql}) capped"  # noqa: S608 - SQL the ORM compiled, its values as parameters
    return RawSQL(counted, sql_params, output_field=models.IntegerField())  # noqa: S611


def count_sql(queryset: models.QuerySet) -> RawSQL:
    """The number of rows of `queryset` (no cap), as an uncorrelated scalar subquery to annotate a
    page's rows with (a Paginator's count in the page's own statement)."""
    try:
        sql, sql_params = queryset.order_by().values("pk").query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # the scope or a filter grants nothing
        return RawSQL("0", (), output_field=models.IntegerField())  # noqa: S611 - a constant
    counted = f"SELECT COUNT(*) FROM ({sql}) counted"  # noqa: S608 - SQL the ORM compiled, its values as parameters
    return RawSQL(counted, sql_params, output_field=models.IntegerField())  # noqa: S611


def _count_of(rows: list, queryset: models.QuerySet | None) -> int:
    """The capped count carried by the page's rows (popped off each), or counted on its own when
    the page is empty (a cursor past the end)."""
    if not rows:
        return _capped_count(queryset)
    for row in rows:
        found = row.pop(_COUNTED) if isinstance(row, dict) else row.__dict__.pop(_COUNTED)
    return AtLeast(COUNT_CAP) if found > COUNT_CAP else found


def _page(rows, order, count, per_page, number, *, has_previous: bool, has_next: bool) -> KeysetPage:
    def values_of(row) -> list:
        return [_value(row, name.lstrip("-")) for name in order]

    return KeysetPage(
        object_list=rows,
        paginator=KeysetPaginator(count=count, per_page=per_page),
        number=number,
        next_cursor=_encode(values_of(rows[-1]), number) if has_next and rows else "",
        previous_cursor=_encode(values_of(rows[0]), number) if has_previous and rows else "",
    )


def _capped_count(queryset: models.QuerySet) -> int:
    """The number of rows, counted up to COUNT_CAP (then AtLeast(COUNT_CAP)); one query."""
    found = queryset.order_by().values("pk")[: COUNT_CAP + 1].count()
    return AtLeast(COUNT_CAP) if found > COUNT_CAP else found


class CountedRows:
    """Rows for a `Paginator` with their count worked out by a cheaper query than counting the
    rows' own (which groups and joins every name before it counts)."""

    def __init__(self, rows: models.QuerySet, count: models.QuerySet | Callable[[], int]):
        self._rows, self._count = rows, count

    def count(self) -> int:
        return self._count() if callable(self._count) else self._count.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        return self._rows[key]

    def __iter__(self):
        return iter(self._rows)
