"""Keyset pagination for long lists: pages found from the last row seen, not by counting rows.

An OFFSET query reads and throws away every row before the page, so page 4,000 of the LA's
placements costs 4,000 times page 1. A keyset page asks for "the next 25 after (date, id)", which
the index matching the list's order answers by starting where the last page ended: every page
costs the same. The total is counted only up to a cap (COUNT_CAP rows): beyond it the list says
"more than 100", which a person reads the same way and PostgreSQL answers from 101 index
entries rather than 200,000 rows.

`keyset_page` returns an object shaped like Django's Page (iterable, has_next, has_previous,
paginator.count, paginator.num_pages, number), so list templates and
includes/pagination.html serve both kinds; its links carry `after=` or `before=` cursors instead of
`page=`. A cursor that has been tampered with gives the first page, never an error.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass, field
from math import ceil

from django.db import models

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
    queryset: models.QuerySet, *, order: list[str], params, per_page: int = 25, columns: tuple[str, ...] = ()
) -> KeysetPage:
    """One page of `queryset` in `order` (lookups, the last one unique, e.g. "-id"; related fields
    such as "organisation__name" need select_related, or to be among `columns`), from the `after` or
    `before` cursor in `params` (request.GET). With `columns`, the page's rows are plain
    dictionaries of those lookups (`.values(*columns)`, which must include the order's), and the
    count does not join the tables they come from. Three queries at most: the capped count and one
    page (plus the row after it, to know whether there is a next page)."""
    fields = [_field(queryset.model, name.lstrip("-")) for name in order]
    after = _decode(params.get("after", ""), fields) if params.get("after") else None
    before = _decode(params.get("before", ""), fields) if params.get("before") and not after else None
    count = _capped_count(queryset)
    rows_of = queryset.values(*columns) if columns else queryset
    if before:
        number, values = before
        rows = list(rows_of.filter(_beyond(order, values, forwards=False)).order_by(*_reverse(order))[: per_page + 1])
        more_before = len(rows) > per_page
        rows = rows[:per_page][::-1]
        number = max(number - 1, 1)
        return _page(rows, order, count, per_page, number, has_previous=more_before, has_next=True)
    number, values = after if after else (1, None)
    page_rows = rows_of.filter(_beyond(order, values, forwards=True)) if values else rows_of
    rows = list(page_rows.order_by(*order)[: per_page + 1])
    number = number + 1 if values else 1
    return _page(
        rows[:per_page], order, count, per_page, number, has_previous=bool(values), has_next=len(rows) > per_page
    )


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
