"""Values queries compiled once a process for the same inputs.

Building and compiling a query through the ORM costs 2–6 ms of Python for the scoped, annotated
queries of the home pages and dashboards (the task list, today's alerts, the dashboard's lists),
several times what the database takes to answer them. The SQL of such a query is a function of
the signed-in user's scope and the day, so it is compiled the first time and its text and
parameters kept; every call still runs the query (nothing read is kept).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from django.db import connections
from django.db.models import QuerySet

from .scoping import Scope

#: Compiled queries kept in this process, by key; cleared when full.
_COMPILED: dict[Hashable, tuple] = {}
KEPT = 5_000


def scope_key(scope: Scope) -> tuple:
    """Everything a scope's filters are made from (the organisations by role included): with the
    day, what a scoped query's SQL depends on."""
    by_role = tuple(sorted((role, tuple(sorted(ids))) for role, ids in scope.by_role.items()))
    return (
        scope.user_id,
        tuple(sorted(scope.roles)),
        tuple(sorted(scope.la_ids)),
        tuple(sorted(scope.report_la_ids)),
        tuple(sorted(scope.school_ids)),
        tuple(sorted(scope.provider_ids)),
        by_role,
    )


def values_rows(key: Hashable, build: Callable[[], QuerySet]) -> list[dict]:
    """The rows of the values() queryset `build()` returns, as dictionaries, with the database
    values converted as the ORM converts them. `key` must hold everything the queryset's SQL
    depends on (the scope_key, the day, a limit): `build` is called only when the key is new."""
    entry = _COMPILED.get(key)
    if entry is None:
        queryset = build()
        query = queryset.query
        compiler = query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        # ValuesIterable's names, in the order the SQL selects them.
        names = (
            list(query.selected)
            if query.selected
            else [*query.extra_select, *query.values_select, *query.annotation_select]
        )
        converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        entry = (queryset.db, sql, tuple(params), names, list(converters.items()))
        if len(_COMPILED) >= KEPT:
            _COMPILED.clear()
        _COMPILED[key] = entry
    alias, sql, params, names, converters = entry
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if converters:
        rows = [list(row) for row in rows]
        for row in rows:
            for position, (functions, expression) in converters:
                value = row[position]
                for convert in functions:
                    value = convert(value, expression, connection)
                row[position] = value
    return [dict(zip(names, row, strict=True)) for row in rows]
