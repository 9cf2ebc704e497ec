"""Attendance figures and the provider's daily register: who is on it, their marks, and the percentages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Window
from django.utils.safestring import SafeString

from apcommission.core.compiled import compiled_rows, compiled_sql, compiled_together, scope_key, sql_request
from apcommission.core.figures import percent, short_date_with_day
from apcommission.core.models import Organisation, Role, User
from apcommission.core.scoping import scope_for
from providers.models import Provider

from .. import conf
from ..models import Placement, PlacementStatus
from ..models.attendance import ATTENDED_MARKS, AttendanceMark, Mark, Session

#: Placements whose pupils were in AP on some day: the register, snapshots and the timeline.
WAS_IN_AP_STATUSES = (PlacementStatus.ACTIVE, PlacementStatus.ENDED, PlacementStatus.BROKEN_DOWN)


@dataclass(frozen=True)
class AttendanceStats:
    """Present or late over possible sessions (marked sessions less "not required")."""

    possible: int = 0
    attended: int = 0

    @property
    def percent(self) -> Decimal | None:
        return percent(self.attended, self.possible)

    @property
    def persistent_absence(self) -> bool:
        """Under 90% (placements.conf): DfE's persistent absence, missing 10% or more."""
        percent = self.percent
        return percent is not None and percent < conf.persistent_absence_below()


def _stats_by(group_field: str, marks: QuerySet) -> dict[int, AttendanceStats]:
    rows = marks.values(group_field).annotate(
        possible=Count("id", filter=~Q(mark=Mark.NOT_REQUIRED)),
        attended=Count("id", filter=Q(mark__in=ATTENDED_MARKS)),
    )
    return {row[group_field]: AttendanceStats(row["possible"], row["attended"]) for row in rows}


def attendance_by_placement(placement_ids, *, up_to: dt.date | None = None) -> dict[int, AttendanceStats]:
    """One query. Missing ids have no marks yet (AttendanceStats() with percent None)."""
    marks = AttendanceMark.objects.filter(placement_id__in=placement_ids)
    if up_to is not None:
        marks = marks.filter(date__lte=up_to)
    return _stats_by("placement_id", marks)


#: Labels of the stored codes, looked up once for a page of marks.
SESSION_LABELS = dict(Session.choices)
MARK_LABELS = dict(Mark.choices)

#: placement_marks's statement, written once a process.
_MARKS_SQL: list[str] = []


def _marks_sql() -> str:
    if not _MARKS_SQL:
        marks, users = AttendanceMark._meta.db_table, User._meta.db_table
        attended = ", ".join(["%s"] * len(ATTENDED_MARKS))
        _MARKS_SQL.append(
            f"""
            SELECT 0, CAST(NULL AS date), NULL, NULL, NULL, NULL, NULL,
                   COUNT(*), COUNT(CASE WHEN mark <> %s THEN 1 END), COUNT(CASE WHEN mark IN ({attended}) THEN 1 END)
              FROM {marks} WHERE placement_id = %s
            UNION ALL
            SELECT * FROM (
                SELECT 1, m.date, m.session, m.mark, m.reason, u.full_name, u.email,
                       CAST(NULL AS bigint), CAST(NULL AS bigint), CAST(NULL AS bigint)
                  FROM {marks} m LEFT JOIN {users} u ON u.id = m.recorded_by_id
                 WHERE m.placement_id = %s ORDER BY m.date DESC, m.session DESC LIMIT %s OFFSET %s
            ) page
            """  # noqa: S608 - table names from the models, every value a parameter
        )
    return _MARKS_SQL[0]


def placement_marks(placement_id: int, *, offset: int, limit: int) -> tuple[AttendanceStats, int, list[dict]]:
    """The placement's attendance to date (attendance_by_placement's figures), how many marks it
    has (for its pages of marks) and a page of them, newest first, as the attendance page shows
    them (date, session, mark, reason and who recorded it), in one statement."""
    return compiled_together(placement_marks_request(placement_id, offset=offset, limit=limit))[0][0]


def placement_marks_request(placement_id: int, *, offset: int, limit: int):
    """placement_marks' statement as a request (core.compiled.sql_request), to send with the page's
    others; its answer is placement_marks'."""
    params = [Mark.NOT_REQUIRED, *sorted(ATTENDED_MARKS), placement_id, placement_id, limit, offset]
    return sql_request(connection.alias, _marks_sql(), params, _marks_of)


def _marks_of(found: list) -> tuple[AttendanceStats, int, list[dict]]:
    """placement_marks' answer from its statement's rows: the figures' row, then the page's marks."""
    sqlite = connection.vendor == "sqlite"
    stats, count, rows = AttendanceStats(), 0, []
    for part, date, session, mark, reason, full_name, email, marks, possible, attended in found:
        if part == 0:
            stats, count = AttendanceStats(possible or 0, attended or 0), marks or 0
            continue
        if sqlite:
            date = connection.ops.convert_datefield_value(date, None, connection)
        rows.append(
            {
                "date": date,
                "session_code": session,
                "session": SESSION_LABELS.get(session, session),
                "mark": MARK_LABELS.get(mark, mark),
                "reason": reason,
                "recorded_by": full_name or email or "",
            }
        )
    rows.sort(key=lambda row: (row["date"], row["session_code"]), reverse=True)
    return stats, count, rows


def placement_marks_body(rows: list[dict]) -> SafeString:
    """The attendance page's table rows (placements/attendance/placement_attendance.html), written
    here as the template's loop wrote them: the date as the `date` filter's "D j M Y", each value
    escaped as the template escapes it."""
    if not rows:
        return SafeString(
            '\n    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5">No marks yet.</td></tr>\n  '
        )
    cell = '      <td class="govuk-table__cell">'
    return SafeString(
        "".join(
            '\n    <tr class="govuk-table__row">\n'
            f"{cell}{short_date_with_day(row['date'])}</td>\n"
            f"{cell}{escape(str(row['session']))}</td>\n"
            f"{cell}{escape(str(row['mark']))}</td>\n"
            f"{cell}{escape(row['reason'])}</td>\n"
            f"{cell}{escape(row['recorded_by'])}</td>\n"
            "    </tr>\n  "
            for row in rows
        )
    )


def can_mark_register(*, user, provider) -> bool:
    """Provider users for their own provider; LA officers and managers for any provider in their LA
    (issue 4: "officers can enter or correct marks")."""
    return may_mark_register(
        user=user, organisation_id=provider.organisation_id, la_id=provider.organisation.local_authority_id
    )


def may_mark_register(*, user, organisation_id: int, la_id: int | None) -> bool:
    """can_mark_register's rule for a provider given by its organisation and that organisation's LA."""
    scope = scope_for(user)
    if organisation_id in scope.orgs_with_role(Role.PROVIDER_USER):
        return True
    acting_las = scope.orgs_with_role(Role.LA_OFFICER) | scope.orgs_with_role(Role.LA_MANAGER)
    return la_id in acting_las


def _register_provider_queryset(provider_id: int) -> QuerySet:
    return Provider.objects.filter(pk=provider_id).order_by().values(*_PROVIDER_NAMES)


def register_providers(*, user, day: dt.date) -> QuerySet:
    """Providers whose register the user may mark (can_mark_register) with a pupil in AP there on
    `day`, by name: for the daily registers page, a page at a time (each provider is one probe of
    its placements through the provider's index, however many providers the LA has)."""
    scope = scope_for(user)
    acting_las = scope.orgs_with_role(Role.LA_OFFICER) | scope.orgs_with_role(Role.LA_MANAGER)
    in_ap = Placement.objects.visible_to(user).filter(
        provider=OuterRef("pk"), status=PlacementStatus.ACTIVE, start_date__lte=day, end_date__gte=day
    )
    may_mark = Q(organisation_id__in=scope.orgs_with_role(Role.PROVIDER_USER)) | Q(
        organisation__local_authority_id__in=acting_las
    )
    # "Has one" as a subquery on each provider rather than EXISTS: PostgreSQL turns EXISTS into a
    # join of every placement in AP with its pupil (all the LA's, 30 ms and more), where the
    # subquery is one probe of the provider's index of active placements (about 0.01 ms each).
    first_in_ap = Subquery(in_ap.order_by().values("pk")[:1])
    providers = Provider.objects.filter(may_mark).alias(first_in_ap=first_in_ap).filter(first_in_ap__isnull=False)
    return providers.select_related("organisation")


def pupils_in_ap_there(*, user, day: dt.date) -> Subquery:
    """The number of pupils in AP on `day` at each provider of a register_providers queryset
    (pupils_in_ap_at's count), as an annotation worked out for the providers of the page only."""
    rows = (
        Placement.objects.visible_to(user)
        .filter(provider=OuterRef("pk"), status=PlacementStatus.ACTIVE, start_date__lte=day, end_date__gte=day)
        .order_by()
        .values("provider_id")
        .annotate(pupils=Count("pupil_id", distinct=True))
        .values("pupils")
    )
    return Subquery(rows)


def pupils_in_ap_at(*, user, providers, day: dt.date) -> dict[int, int]:
    """{provider id: pupils in AP there on `day`} for a page of providers (one query)."""
    rows = (
        Placement.objects.visible_to(user)
        .filter(provider__in=providers, status=PlacementStatus.ACTIVE, start_date__lte=day, end_date__gte=day)
        .values("provider_id")
        .annotate(pupils=Count("pupil_id", distinct=True))
    )
    return {row["provider_id"]: row["pupils"] for row in rows}


def register_placements(*, user, provider, day: dt.date) -> QuerySet[Placement]:
    """Placements at the provider whose pupil was in AP on `day`, by pupil name (one query)."""
    return (
        Placement.objects.visible_to(user)
        .filter(provider=provider, status__in=WAS_IN_AP_STATUSES, start_date__lte=day, end_date__gte=day)
        .exclude(ended_on__lt=day)
        .select_related("pupil__home_school__organisation")
        # What the register shows of each: the pupil's name and home school.
        .only("id", "pupil__legal_first_name", "pupil__legal_last_name", "pupil__home_school__organisation__name")
        .order_by("pupil__legal_last_name", "pupil__legal_first_name", "pk")
    )


def register_rows(*, user, provider_id: int, day: dt.date, offset: int, limit: int) -> list[dict]:
    """A page of register_placements' rows as plain values, in one statement compiled once a
    process for the user's scope, provider, day and page (_register_rows_queryset's columns)."""
    key = ("daily register rows", scope_key(scope_for(user)), provider_id, day, offset, limit)
    # Planned for its provider and day (registers run from a handful of pupils to hundreds): the
    # generic plan of the statuses and provider as parameters could not use the register's index
    # (placement_register_idx, for three statuses) and read all 5,000 of a provider's placements.
    rows = compiled_rows(
        key, lambda: _register_rows_queryset(user, provider_id, day, offset, limit), values_in_text=True
    )
    return [_register_row(row[name] for name in _REGISTER_NAMES) for row in rows]


def _register_rows_queryset(user, provider_id: int, day: dt.date, offset: int, limit: int) -> QuerySet:
    """The placement's id, the pupil's names and home school (school_name), the day's mark and
    reason for each session (am_mark, am_reason, pm_mark, pm_reason: None when not marked), the
    placement's attendance to date (possible_and_attended, unpacked by _register_row into possible
    and attended: None with no marks; attendance_by_placement's counts) and the register's total.
    Only the pupils' names are joined to every placement on the register (to sort them, and count
    them as they are sorted); the school, the marks and the counts are looked up for the page's rows
    alone (as joins, the day's marks were probed for every placement there: 13 ms for a register of
    281). The names, the dates and the marks counted are all in indexes (placement_register_idx,
    pupil_home_la_idx, attendance_placement_mark_idx), so the register reads no table row but the
    shown pupils' marks of the day."""
    placements = register_placements(user=user, provider=provider_id, day=day)
    marks = AttendanceMark.objects.filter(placement=OuterRef("pk")).order_by().values("placement")
    on_the_day = AttendanceMark.objects.filter(placement=OuterRef("pk"), date=day).order_by()
    sessions = {
        f"{session}_{column}": Subquery(on_the_day.filter(session=session).values(column)[:1])
        for session in (Session.AM, Session.PM)
        for column in ("mark", "reason")
    }
    school = Organisation.objects.filter(school=OuterRef("pupil__home_school_id")).order_by().values("name")[:1]
    return placements.values(*_REGISTER_NAMES[:3]).annotate(
        school_name=Subquery(school),
        **sessions,
        # Both counts from one pass over the placement's marks: a subquery can give one value, so
        # they are packed into one number (possible_and_attended). Two subqueries read every mark
        # of the page's placements twice: 0.2 of the register's 1.5 ms in the database.
        possible_and_attended=Subquery(
            marks.annotate(
                n=Count("mark", filter=~Q(mark=Mark.NOT_REQUIRED)) * COUNTS_PACKED_BY
                + Count("mark", filter=Q(mark__in=ATTENDED_MARKS))
            ).values("n"),
            output_field=IntegerField(),
        ),
        total=Window(Count("*")),
    )[offset : offset + limit]


#: possible_and_attended is possible × this + attended: a placement has two sessions a school day,
#: far fewer than this in any number of years.
COUNTS_PACKED_BY = 2**20


def _register_row(values) -> dict:
    """A register's row from its columns (_REGISTER_NAMES), the attendance to date unpacked into
    `possible` and `attended` (None with no marks)."""
    row = dict(zip(_REGISTER_NAMES, values, strict=True))
    packed = row.pop("possible_and_attended")
    row["possible"], row["attended"] = divmod(packed, COUNTS_PACKED_BY) if packed is not None else (None, None)
    return row


#: The columns of a register's row (register_rows), of a booked pupil not on it yet and of its
#: provider (register_read), in their order.
_REGISTER_NAMES = (
    "id", "pupil__legal_first_name", "pupil__legal_last_name", "school_name", "am_mark", "am_reason", "pm_mark",
    "pm_reason", "possible_and_attended", "total",
)  # fmt: skip
_NOT_YET_NAMES = (
    "id",
    "status",
    "start_date",
    "pupil__legal_first_name",
    "pupil__legal_last_name",
    "pupil__home_la_id",
)
_PROVIDER_NAMES = ("id", "organisation_id", "organisation__name", "organisation__local_authority_id")
#: Where a register's row is among register_read's columns (after the provider's).
_REGISTER_COLUMNS = slice(len(_PROVIDER_NAMES), len(_PROVIDER_NAMES) + len(_REGISTER_NAMES))


@dataclass(frozen=True)
class RegisterRead:
    """What the daily register reads for a page: its provider (id, organisation and its LA, for
    may_mark_register, and name; None when there is no such provider), the page's rows
    (register_rows') and the booked pupils not on the register: those that start later ("starts on
    …") and those due to have started whose start has not been recorded (the register lists a pupil
    from the recorded start). These by start date, at most NOT_YET_SHOWN, with what the start page's
    rule asks (placements.permissions.may_start): id, status, start_date, the pupil's names and
    home LA."""

    provider: dict | None
    rows: list[dict]
    not_yet: list[dict]


def register_read(*, user, provider_id: int, day: dt.date, offset: int, limit: int) -> RegisterRead:
    """The provider, a page of the register's rows and the booked pupils not on it (RegisterRead) in
    one statement: a UNION ALL of the three, the pupils' parts through the scoping path, compiled
    once a process for the user's scope, provider, day and page, with its values in its text (see
    register_rows). Three statements cost the database's cores two more round trips, each as much as
    a small query."""
    key = ("daily register", scope_key(scope_for(user)), provider_id, day, offset, limit)
    sql, params = compiled_sql(key, lambda: _register_read_sql(user, provider_id, day, offset, limit))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    sqlite = connection.vendor == "sqlite"
    provider, rows, not_yet = None, [], []
    for part, *values in found:
        if part == 0:
            provider = dict(zip(_PROVIDER_NAMES, values[: len(_PROVIDER_NAMES)], strict=True))
        elif part == 1:
            rows.append(_register_row(values[_REGISTER_COLUMNS]))
        else:
            row = dict(zip(_NOT_YET_NAMES, values[_REGISTER_COLUMNS.stop :], strict=True))
            if sqlite:
                row["start_date"] = connection.ops.convert_datefield_value(row["start_date"], None, connection)
            not_yet.append(row)
    return RegisterRead(provider, rows, not_yet)


def _register_read_sql(user, provider_id: int, day: dt.date, offset: int, limit: int) -> tuple[str, list | None]:
    """register_read's statement and parameters: each part's columns in their own places, NULL in
    the others' (of the column's type: PostgreSQL types a column of NULLs as text), after the part's
    number."""
    parts = [
        (0, _PROVIDER_NAMES, _register_provider_queryset(provider_id)),
        (1, _REGISTER_NAMES, _register_rows_queryset(user, provider_id, day, offset, limit)),
        (2, _NOT_YET_NAMES, _not_yet(user, provider_id, day).values(*_NOT_YET_NAMES)[:NOT_YET_SHOWN]),
    ]
    every = [(part, name) for part, names, _rows in parts for name in names]
    branches, params = [], []
    for part, _names, rows in parts:
        try:
            sql, sql_params = rows.query.get_compiler(rows.db).as_sql()
        except EmptyResultSet:  # the scope grants nothing of this part
            continue
        columns = ", ".join(f'p{part}."{name}"' if owner == part else _null(name) for owner, name in every)
        branches.append(f"SELECT {part}, {columns} FROM ({sql}) p{part}")  # noqa: S608 - SQL the ORM compiled
        params.extend(sql_params)
    sql = " UNION ALL ".join(branches)
    if connection.vendor == "postgresql":
        return connection.ops.compose_sql(sql, params), None
    return sql, params


#: The register's text columns (the others are integers, and a not-yet pupil's start date).
_TEXT_NAMES = frozenset(
    ("pupil__legal_first_name", "pupil__legal_last_name", "school_name", "am_mark", "am_reason", "pm_mark",
     "pm_reason", "status", "organisation__name")
)  # fmt: skip


def _null(name: str) -> str:
    if name in _TEXT_NAMES:
        return "NULL"
    return "CAST(NULL AS date)" if name == "start_date" else "CAST(NULL AS bigint)"


#: How many booked pupils the register names as "not on this register yet".
NOT_YET_SHOWN = 20


def _not_yet(user, provider, day: dt.date) -> QuerySet:
    return (
        Placement.objects.visible_to(user)
        .filter(provider=provider, end_date__gte=day)
        .filter(Q(status=PlacementStatus.BOOKED) | Q(status=PlacementStatus.ACTIVE, start_date__gt=day))
        .order_by("start_date", "pupil__legal_last_name", "pk")
    )


def sessions_attended(*, placement_ids, start: dt.date, end: dt.date) -> dict[int, int]:
    """{placement id: sessions marked present or late from `start` to `end`} (one query). What a
    provider may invoice for; placements with no attended session are missing."""
    rows = (
        AttendanceMark.objects.filter(
            placement_id__in=placement_ids, date__gte=start, date__lte=end, mark__in=ATTENDED_MARKS
        )
        .values("placement_id")
        .annotate(attended=Count("id"))
    )
    return {row["placement_id"]: row["attended"] for row in rows}
