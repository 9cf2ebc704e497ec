"""Figures summed over some rows as scalar subqueries, so that one statement can answer several of
a page's figures (compiled once a process by `apcommission.core.compiled`)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

MONEY = Decimal("0.00")


def one_figure(rows: QuerySet, **aggregate) -> Subquery:
    """`rows.aggregate(name=expression)`'s figure as a scalar subquery: the rows grouped by nothing."""
    ((name, expression),) = aggregate.items()
    return Subquery(rows.order_by().annotate(_all=Value(1)).values("_all").annotate(**{name: expression}).values(name))


def money_sum(rows: QuerySet, column, **filters) -> Coalesce:
    """The sum of `column` (a name or an expression) over `rows` (those matching `filters`), £0.00
    for none, as a scalar subquery."""
    return Coalesce(one_figure(rows, figure=Sum(column, filter=Q(**filters) if filters else None)), MONEY)
