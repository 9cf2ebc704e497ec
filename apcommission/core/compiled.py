"""Values queries compiled once a process for the same inputs.

Building and compiling a query through the ORM costs 0.5–6 ms of Python for the scoped, annotated
queries of the lists, home pages and dashboards: several times what the database takes to answer
them. The SQL of such a query is a function of the signed-in user's scope, the filters and the day,
so it is compiled the first time and its text, parameters, column names and the ORM's converters
kept; every call still runs the query (nothing read is kept).

The key must hold everything the queryset's SQL is built from: `scope_key` for the scope (the
scoping path's only input), the filters' cleaned values, the day, a limit. A scope changes with
every membership change (`User.scope_version`), so a changed scope is a new key.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from .scoping import Scope


def scope_key(scope: Scope) -> tuple:
    """The whole scope, its organisations by role included (`Scope` leaves them out of its hash)."""
    by_role = tuple(sorted((role, tuple(sorted(ids))) for role, ids in scope.by_role.items()))
    return (scope, by_role)


@dataclass(frozen=True)
class _Statement:
    """A compiled statement: its database, SQL and parameters, the names of its columns and the
    converters the ORM would apply to them (JSON, and dates and times on SQLite)."""

    using: str
    sql: str
    params: tuple
    names: tuple[str, ...]
    converters: tuple


#: Statements compiled in this process, by key; emptied when full.
_STATEMENTS: dict[Hashable, _Statement | None] = {}
STATEMENTS_KEPT = 5_000


def compiled_rows(key: Hashable, build: Callable[[], QuerySet]) -> list[dict]:
    """The rows of the values() queryset `build()` makes, as dictionaries, with the values the ORM
    would give. `build` is called only when `key` is new in this process."""
    try:
        statement = _STATEMENTS[key]
    except KeyError:
        statement = _compile(build())
        if len(_STATEMENTS) >= STATEMENTS_KEPT:
            _STATEMENTS.clear()
        _STATEMENTS[key] = statement
    if statement is None:  # the scope or a filter grants nothing: no query
        return []
    connection = connections[statement.using]
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.params)
        found = cursor.fetchall()
    if statement.converters:
        found = [_converted(list(row), statement.converters, connection) for row in found]
    names = statement.names
    return [dict(zip(names, row, strict=True)) for row in found]


def forget_statements() -> None:
    """Compile every statement afresh (tests that change the scoping rules on purpose)."""
    _STATEMENTS.clear()


def _compile(rows: QuerySet) -> _Statement | None:
    compiler = rows.query.get_compiler(rows.db)
    try:
        sql, sql_params = compiler.as_sql()
    except EmptyResultSet:
        return None
    query = rows.query
    # As Django's ValuesIterable names a row's columns.
    names = (
        list(query.selected)
        if query.selected
        else [*query.extra_select, *query.values_select, *query.annotation_select]
    )
    expressions = [selected[0] for selected in compiler.select[: compiler.col_count]]
    converters = tuple(compiler.get_converters(expressions).items())
    return _Statement(rows.db, sql, tuple(sql_params), tuple(names), converters)


def _converted(row: list, converters: tuple, connection) -> list:
    for index, (functions, expression) in converters:
        value = row[index]
        for function in functions:
            value = function(value, expression, connection)
        row[index] = value
    return row
