"""Values queries compiled once a process for the same inputs.

Building and compiling a query through the ORM costs 0.5–6 ms of Python for the scoped, annotated
queries of the lists, home pages and dashboards: several times what the database takes to answer
them. The SQL of such a query is a function of the signed-in user's scope, the filters and the day,
so it is compiled the first time and its text, parameters, column names and the ORM's converters
kept; every call still runs the query (nothing read is kept).

The key must hold everything the queryset's SQL is built from: `scope_key` for the scope (the
scoping path's only input), the filters' cleaned values, the day, a limit. A scope changes with
every membership change (`User.scope_version`), so a changed scope is a new key.

A record page's statement is the same for every record of its kind: `slots` are the values that
change from call to call under one key (the record's id). `build` is then called with a stand-in
for each, and each call runs the statement with its own values in their places.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Generator, Hashable
from dataclasses import dataclass, replace
from enum import Enum

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet, Value
from django.db.models.query import get_related_populators
from django.http import Http404

from .scoping import Scope, scope_for


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
    #: None when the values are written in the text (`values_in_text`).
    params: tuple | None
    names: tuple[str, ...]
    converters: tuple
    #: (position in params, index of the slot) for each stand-in.
    slots: tuple[tuple[int, int], ...] = ()


#: Statements compiled in this process, by key; emptied when full.
_STATEMENTS: dict[Hashable, _Statement | _ObjectStatement | tuple | None] = {}
STATEMENTS_KEPT = 5_000


def _kept(key: Hashable, make: Callable[[], object]):
    """What `make()` returns, made the first time `key` is asked for in this process and kept."""
    try:
        return _STATEMENTS[key]
    except KeyError:
        made = make()
        if len(_STATEMENTS) >= STATEMENTS_KEPT:
            _STATEMENTS.clear()
        _STATEMENTS[key] = made
        return made


#: Stand-ins for slots (record ids): integers no table holds, within every integer column's range.
_STAND_INS = tuple(-1_987_654_000 - index for index in range(8))
_BIGINT = (-(2**63), 2**63 - 1)


def compiled_rows(
    key: Hashable,
    build: Callable[..., QuerySet],
    slots: tuple[int, ...] = (),
    *,
    values_in_text: bool = False,
) -> list[dict]:
    """The rows of the values() queryset `build()` makes, as dictionaries, with the values the ORM
    would give. `build` is called only when `key` is new in this process; with `slots` (integers,
    such as a record's id), `build(*stand_ins)` is, and every call runs with its own slots.

    `values_in_text`: the values written into the statement's text (see `_with_values_in_text`),
    for a statement whose best plan depends on its values and whose key holds all of them (the
    scope, the day, the record): PostgreSQL plans it for those values, once a connection when it is
    prepared, where a prepared statement's generic plan cannot know them and planning it on every
    call costs as much as running it."""
    return _run([rows_request(key, build, slots, values_in_text=values_in_text)])[0]


def rows_request(
    key: Hashable,
    build: Callable[..., QuerySet],
    slots: tuple[int, ...] = (),
    *,
    values_in_text: bool = False,
) -> _Request:
    """What `compiled_rows` runs, to be run with others by `compiled_together`."""
    if values_in_text and slots:
        raise ValueError("a statement with slots takes its values as parameters")

    def compile_() -> _Statement | None:
        statement = _compile(build(*_STAND_INS[: len(slots)]), len(slots))
        return _with_values_in_text(statement) if values_in_text and statement is not None else statement

    statement = _kept(key, compile_)
    return _Request(statement, _params(statement, slots), _row_dicts)


def _params(statement, slots: tuple[int, ...]):
    """The values to run `statement` with: None for its values written in its text, NO_QUERY where
    nothing can match (the scope or a filter grants nothing; no row has such an id: the ORM's
    answer too)."""
    if statement is None:
        return NO_QUERY
    if statement.params is None:
        return None
    params = _bound(statement, slots)
    return NO_QUERY if params is None else params


#: A request that needs no query: nothing can match it.
NO_QUERY = object()


def _row_dicts(statement: _Statement, found: list, connection) -> list[dict]:
    if statement.converters:
        found = [_converted(list(row), statement.converters, connection) for row in found]
    names = statement.names
    return [dict(zip(names, row, strict=True)) for row in found]


@dataclass(frozen=True)
class _ObjectStatement:
    """A compiled statement that makes model instances: the compiler (its columns, converters and
    the select_related tree) kept with the SQL, as Django's ModelIterable reads them."""

    using: str
    sql: str
    params: tuple
    slots: tuple[tuple[int, int], ...]
    compiler: object
    init_list: tuple[str, ...]
    fields: tuple[int, int]
    populators: tuple
    #: The ORM's converters of its columns, worked out once (results_iter works them out on every
    #: call: for a record with its related rows, a hundred columns' lookups each time).
    converters: dict


def compiled_objects(key: Hashable, build: Callable[..., QuerySet], slots: tuple[int, ...] = ()) -> list[Model]:
    """The model instances the queryset `build()` makes (select_related included), as the ORM would
    make them, compiled once a process for `key`; `slots` as for compiled_rows. For detail pages:
    `build` goes through the scoping path (`visible_to(user)`) and `key` holds `scope_key`."""
    return _run([objects_request(key, build, slots)])[0]


def objects_request(key: Hashable, build: Callable[..., QuerySet], slots: tuple[int, ...] = ()) -> _Request:
    """What `compiled_objects` runs, to be run with others by `compiled_together`."""
    statement = _kept(("objects", key), lambda: _compile_objects(build(*_STAND_INS[: len(slots)]), len(slots)))
    return _Request(statement, _params(statement, slots), _instances)


def _instances(statement: _ObjectStatement, found: list, connection) -> list[Model]:
    compiler = statement.compiler
    model = compiler.klass_info["model"]
    using, init_list, (start, end) = statement.using, statement.init_list, statement.fields
    made = []
    rows = compiler.apply_converters(found, statement.converters) if statement.converters else found
    for row in rows:
        instance = model.from_db(using, init_list, row[start:end])
        for populator in statement.populators:
            populator.populate(row, instance)
        made.append(instance)
    return made


@dataclass(frozen=True)
class _Request:
    """A compiled statement with its values (None: written in its text; NO_QUERY: nothing can
    match, no query and no rows), and how its rows become the caller's answer."""

    statement: _Statement | _ObjectStatement | None
    params: tuple | list | None
    finish: Callable[..., list]
    #: A write (INSERT ... RETURNING) that may be sent inside a read (_writes_in_a_read).
    write: bool = False


def sql_request(
    using: str, sql: str, params: list, finish: Callable[[list], object], *, write: bool = False
) -> _Request:
    """A statement written by hand (a read in SQL, or a `write` that returns rows: INSERT ...
    RETURNING) as a request `compiled_together` sends with a page's other statements: the audit
    log's insert for a view of a child's record goes with the record's lists, one round trip for
    them all (on PostgreSQL, inside one of them: _writes_in_a_read). Its answer is
    `[finish(the rows it returned)]`; a write sent inside a read has none."""
    statement = _Statement(using, sql, tuple(params), (), ())
    return _Request(statement, tuple(params), lambda _statement, found, _connection: [finish(found)], write)


#: A request for a part of a page that does not apply: no query, no rows.
NO_ROWS = _Request(None, NO_QUERY, lambda *_: [])


def _writes_in_a_read(live: list[tuple[int, _Request]]) -> list[tuple[int, _Request]]:
    """The requests to send, on PostgreSQL, with the writes among them (sql_request(write=True):
    INSERT ... RETURNING) put in the first read that can take them, as data-modifying WITH queries
    that run once whatever the read returns: a record page's read and its audit event are one
    statement and one transaction, not two statements in a pipeline, which cost the worker a fifth
    of a millisecond of CPU and the server one more statement. A write put in a read answers
    nothing (its answer stays empty): pages send their audit event this way and do not read it."""
    writes = [(index, request) for index, request in live if request.write]
    reads = [(index, request) for index, request in live if not request.write]
    target = next((pair for pair in reads if _takes_writes(pair[1])), None)
    if not writes or target is None or connections[target[1].statement.using].vendor != "postgresql":
        return live
    index, read = target
    sql = _kept(
        ("with writes", read.statement.sql, *(write.statement.sql for _index, write in writes)),
        lambda: (
            "WITH "
            + ", ".join(f"written_{n} AS ({write.statement.sql})" for n, (_index, write) in enumerate(writes))
            + f" {read.statement.sql}"
        ),
    )
    params = tuple(param for _index, write in writes for param in write.params) + tuple(read.params)
    merged = _Request(replace(read.statement, sql=sql), params, read.finish)
    return [(i, merged if i == index else request) for i, request in reads]


def _takes_writes(read: _Request) -> bool:
    """A read that writes may go in: with parameters (not its values in its text: the writes have
    some) and without a WITH of its own."""
    return isinstance(read.params, tuple | list) and not read.statement.sql.lstrip()[:4].upper().startswith("WITH")


def compiled_together(*requests: _Request) -> list[list]:
    """Each request's answer, as `compiled_rows` or `compiled_objects` would give it, from
    statements sent to PostgreSQL together: psycopg's pipeline mode, one round trip for them all
    instead of one each. A page's independent reads (a record's lists, read by its id) wait for the
    server once. Elsewhere (SQLite, client-side binding) they run one after another."""
    return _run(list(requests))


def answered(asking: Generator):
    """What `asking` returns: a generator that yields lists of requests (rows_request,
    objects_request, sql_request) and is sent their answers, each list sent to the database
    together (compiled_together). Written so, a page's parts that do not know of each other can
    share their round trips (`gathered`)."""
    answers = None
    while True:
        try:
            requests = asking.send(answers)
        except StopIteration as done:
            return done.value
        answers = compiled_together(*requests)


def gathered(*askers) -> Generator:
    """A generator (as `answered` runs) asking for what each of `askers` asks, every asker's
    requests of a round together, and returning what each returned, in order: the home page's
    panels, each app's own, wait for the database once for all their figures. An asker that is
    not a generator is its own answer."""
    results: list = [None] * len(askers)
    answers: list = [None] * len(askers)
    active = [index for index, asker in enumerate(askers) if inspect.isgenerator(asker)]
    for index, asker in enumerate(askers):
        if index not in active:
            results[index] = asker
    while active:
        asked = []
        for index in active:
            try:
                requests = askers[index].send(answers[index])
            except StopIteration as done:
                results[index] = done.value
            else:
                asked.append((index, list(requests)))
        if not asked:
            break
        found = yield [request for _index, requests in asked for request in requests]
        position = 0
        for index, requests in asked:
            answers[index] = found[position : position + len(requests)]
            position += len(requests)
        active = [index for index, _requests in asked]
    return results


def _run(requests: list[_Request]) -> list[list]:
    answers: list[list] = [[] for _ in requests]
    live = [(index, request) for index, request in enumerate(requests) if request.params is not NO_QUERY]
    if not live:
        return answers
    if len(live) > 1:
        live = _writes_in_a_read(live)
    connection = connections[live[0][1].statement.using]
    if len(live) > 1 and _pipelines(connection, live):
        return _run_pipelined(connection, live, answers)
    for index, request in live:
        connection = connections[request.statement.using]
        with connection.cursor() as cursor:
            cursor.execute(request.statement.sql, request.params)
            found = cursor.fetchall()
        answers[index] = request.finish(request.statement, found, connection)
    return answers


def _pipelines(connection, live) -> bool:
    """Pipeline mode needs psycopg's server-side binding (the extended protocol), one database for
    every statement, and no pipeline already open."""
    if connection.vendor != "postgresql" or not connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"):
        return False
    if any(request.statement.using != connection.alias for _index, request in live):
        return False
    connection.ensure_connection()
    return getattr(connection.connection, "_pipeline", None) is None


def _run_pipelined(connection, live, answers: list[list]) -> list[list]:
    cursors = []
    try:
        with connection.connection.pipeline():
            for index, request in live:
                cursor = connection.cursor()
                cursors.append((index, request, cursor))
                cursor.execute(request.statement.sql, request.params)
        for index, request, cursor in cursors:
            answers[index] = request.finish(request.statement, cursor.fetchall(), connection)
    finally:
        for _index, _request, cursor in cursors:
            cursor.close()
    return answers


def _plain(params) -> tuple:
    """The parameters with each choice (a str or int Enum, as the ORM passes a model's choices) as
    its plain str or int: psycopg adapts it as that, but finds its adapter through its classes on
    every call (5 µs each, for the ten statuses of a register's statement)."""
    return tuple(
        value._value_ if isinstance(value, Enum) and isinstance(value, str | int) else value for value in params
    )


def _with_values_in_text(statement: _Statement) -> _Statement:
    """`statement` with its parameters written into its text as literals, as the database quotes
    them (PostgreSQL; elsewhere unchanged, nothing being prepared there). PostgreSQL prepares a
    statement with parameters for any values: where it judges that plan worse than one made for
    the values given, it plans the statement again on every call (pg_prepared_statements'
    custom_plans: 0.5–2 ms a call for the task lists and the reviews overdue, against 0.3–0.8 ms of
    running them). A statement without parameters is planned once, for its own values."""
    connection = connections[statement.using]
    if connection.vendor != "postgresql" or not statement.params:
        return statement
    sql = connection.ops.compose_sql(statement.sql, statement.params)
    return _Statement(statement.using, sql, None, statement.names, statement.converters)


def _bound(statement, slots: tuple[int, ...]):
    """The statement's parameters with `slots` in their places; None for a value no id can have."""
    if not slots:
        return statement.params
    if not all(type(value) is int and _BIGINT[0] <= value <= _BIGINT[1] for value in slots):
        return None
    params = list(statement.params)
    for position, index in statement.slots:
        # As the ORM bound the stand-in: an integer column's value is wrapped in its PostgreSQL type
        # (psycopg's Int4, Int8...) when the server binds parameters.
        bound = type(params[position])
        params[position] = slots[index] if bound is int else bound(slots[index])
    return params


def _slot_positions(sql_params, slot_count: int) -> tuple[tuple[int, int], ...]:
    stand_ins = _STAND_INS[:slot_count]
    slots = tuple(
        (position, stand_ins.index(value))
        for position, value in enumerate(sql_params)
        if isinstance(value, int) and not isinstance(value, bool) and value in stand_ins
    )
    if {index for _position, index in slots} != set(range(slot_count)):
        raise ValueError("a slot's stand-in is not a parameter of the statement")
    return slots


def _compile_objects(found: QuerySet, slot_count: int) -> _ObjectStatement | None:
    if found.query.annotation_select or found._known_related_objects or found._prefetch_related_lookups:
        raise ValueError("compiled_objects reads plain rows with select_related only")
    compiler = found.query.get_compiler(found.db)
    try:
        sql, sql_params = compiler.as_sql()
    except EmptyResultSet:
        return None
    select, klass_info = compiler.select, compiler.klass_info
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    init_list = tuple(column[0].target.attname for column in select[start:end])
    populators = tuple(get_related_populators(klass_info, select, found.db))
    if compiler.has_composite_fields([column[0] for column in select[: compiler.col_count]]):
        raise ValueError("compiled_objects reads models without composite primary keys")
    converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])
    return _ObjectStatement(
        found.db, sql, _plain(sql_params), _slot_positions(sql_params, slot_count), compiler, init_list,
        (start, end), populators, converters,
    )  # fmt: skip


def compiled_sql(key: Hashable, build: Callable[[], tuple[str, tuple]]) -> tuple[str, tuple]:
    """The SQL text and parameters `build()` puts together from querysets it compiles (a statement
    that joins grouped subqueries, which `compiled_rows` cannot make), kept once a process for
    `key` like the statements above; the caller runs it."""
    return _kept(("sql", key), build)


class SqlConstant(Value):
    """A fixed value of the code (a choice such as "permanent") written into the statement's text
    rather than bound as a parameter: `filter(kind=SqlConstant("permanent"))`. A prepared statement
    is planned once for any parameters (the generic plan), and PostgreSQL matches a partial index's
    condition only against constants: with the kind a parameter, the exclusions still to calculate
    were read by scanning every exclusion and reduction (15 ms against 2 on the benchmark county).
    Only plain words (letters, digits, underscores) are written: nothing a user typed."""

    def as_sql(self, compiler, connection):
        value = self.value
        if not isinstance(value, str) or not _WORD.fullmatch(value):
            raise ValueError(f"SqlConstant writes plain words only, not {value!r}")
        return f"'{value}'", []


_WORD = re.compile(r"[A-Za-z0-9_]+")


def forget_statements() -> None:
    """Compile every statement afresh (tests that change the scoping rules on purpose)."""
    _STATEMENTS.clear()


def _compile(rows: QuerySet, slot_count: int = 0) -> _Statement | None:
    compiler = rows.query.get_compiler(rows.db)
    try:
        sql, sql_params = compiler.as_sql()
    except EmptyResultSet:
        return None
    slots = _slot_positions(sql_params, slot_count)
    query = rows.query
    # As Django's ValuesIterable names a row's columns.
    names = (
        list(query.selected)
        if query.selected
        else [*query.extra_select, *query.values_select, *query.annotation_select]
    )
    expressions = [selected[0] for selected in compiler.select[: compiler.col_count]]
    converters = tuple(compiler.get_converters(expressions).items())
    return _Statement(rows.db, sql, _plain(sql_params), tuple(names), converters, slots)


def _converted(row: list, converters: tuple, connection) -> list:
    for index, (functions, expression) in converters:
        value = row[index]
        for function in functions:
            value = function(value, expression, connection)
        row[index] = value
    return row


def access_compiled_or_404(name: str, build: Callable[[], QuerySet], user, pk):
    """`scoping.access_or_404(build(), user, pk=pk)` with its statement compiled once a process for
    the user's scope (the record's id its slot): the record if it exists and the user may see it,
    else 404, the same for both. `build()` makes the unscoped queryset (its select_related)."""
    return accessed_or_404(compiled_together(access_request(name, build, user, pk))[0])


def access_request(name: str, build: Callable[[], QuerySet], user, pk) -> _Request:
    """access_compiled_or_404's read as a request, to send with the page's others; its answer
    goes to `accessed_or_404`. 404 at once for an id that is not an integer."""
    if type(pk) is not int:
        raise Http404("Page not found")
    return objects_request(
        (name, scope_key(scope_for(user))), lambda record: build().visible_to(user).filter(pk=record), (pk,)
    )


def accessed_or_404(found: list):
    """The record an access_request found, or 404 (none, or one the user may not see)."""
    if not found:
        raise Http404("Page not found")
    return found[0]
