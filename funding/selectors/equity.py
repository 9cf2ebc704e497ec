"""Equity of access (Bromley's review: "insufficient transparency on how much different schools are
getting or what contribution they are making"): per school, the AP its pupils used in a financial
year — placements, school days, cost — beside what the school paid in: its contribution and
traded-offer charges, and the recoupment raised from it.

Each figure is summed once for all the schools, grouped by school (a pass over the year's rows, not
one per school), and the groups are joined to the schools in one statement that sorts and pages in
the database; the totals and the count come from one more.

The AP used (placements, school days, cost, what the school paid) is read from `SchoolYearFigures`,
kept with the committed costs (`funding.services.equity`), once the LA's have been worked out
(`rows.as_of` says when); before that it is counted here from placements and the committed costs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum

from apcommission.core.compiled import compiled_sql, compiled_together, rows_request, scope_key
from apcommission.core.models import Organisation, School
from apcommission.core.scoping import scope_for
from apcommission.core.years import FinancialYear
from placements.models import Placement

from ..models import (
    Commitment,
    CommitmentKind,
    Payer,
    Recoupment,
    RecoupmentKind,
    RecoupmentStatus,
    SchoolContribution,
    SchoolEquityFigures,
    SchoolYearFigures,
    SchoolYearFiguresRefresh,
)
from ..rules import COMMITTED_STATUSES
from .contributions import school_figures_as_of, traded_placements

MONEY = Decimal("0.00")
CENT = Decimal("0.01")

#: Columns the view may sort by; "-" before a name sorts high first.
SORTABLE = ("school_name", "placements", "school_days", "ap_cost", "school_paid", "paid_in", "recoupment")
_MONEY_COLUMNS = ("ap_cost", "school_paid", "paid_in", "recoupment")
_TOTALLED = ("placements", "school_days", *_MONEY_COLUMNS)
#: A school's figures on the page (kept per school and year in `SchoolEquityFigures`).
EQUITY_FIGURES = (*_TOTALLED[:4], "paid_in", "recoupment")


def summed_money(value) -> Decimal:
    """A sum of money as the database gives it, in pence (PostgreSQL: a Decimal; SQLite: a float;
    no rows: None, £0.00)."""
    if value is None:
        return MONEY
    return (value if isinstance(value, Decimal) else Decimal(str(value))).quantize(CENT)


def _sql(queryset: QuerySet) -> tuple[str, tuple]:
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


#: `equity_rows`' `as_of` when the caller has not read it.
AS_OF_UNKNOWN = object()

#: No LA has this many schools' pages; a larger number in the address is simply past the end.
MAX_PAGE = 100_000


class EquityRows:
    """The schools' rows, sorted, as a sequence a `Paginator` pages through in SQL: `count()` runs
    the totals' query (the count comes with them), a slice runs the page's. Rows are dicts: `pk`,
    `name`, `urn` and the figures."""

    def __init__(self, *, sql: str, params: tuple, sort: str):
        self._sql, self._params = sql, params
        column = sort.removeprefix("-")
        direction = " DESC" if sort.startswith("-") else ""
        self._order = (
            f"{column}{direction}, school_name, pk" if column != "school_name" else f"school_name{direction}, pk"
        )
        self._totals: dict | None = None
        #: When the maintained figures were worked out (None: counted for this page).
        self.as_of = None
        self._page: tuple[int, int, list[dict]] | None = None

    @property
    def totals(self) -> dict:
        """The columns' totals over all the rows, and the number of schools (one query)."""
        if self._totals is None:
            sums = ", ".join(f"SUM({name})" for name in _TOTALLED)
            with connection.cursor() as cursor:
                sql = f"SELECT COUNT(*), {sums} FROM ({self._sql}) equity"  # noqa: S608 - our columns, values as params
                cursor.execute(sql, self._params)
                count, placements, school_days, *money = cursor.fetchone()
            self._totals = {
                "schools": count,
                "placements": placements or 0,
                "school_days": school_days or 0,
                **{name: summed_money(value) for name, value in zip(_MONEY_COLUMNS, money, strict=True)},
            }
        return self._totals

    def count(self) -> int:
        return self.totals["schools"]

    def __len__(self) -> int:
        return self.count()

    def _rows(self, limit: int | None = None, offset: int = 0, *, with_totals: bool = False) -> list[dict]:
        windows = ""
        if with_totals:
            # The totals and the count over every row, worked out with the page's rows in one pass.
            sums = ", ".join(f"SUM({name}) OVER () AS total_{name}" for name in _TOTALLED)
            windows = f", COUNT(*) OVER () AS total_schools, {sums}"
        sql = f"SELECT *{windows} FROM ({self._sql}) equity ORDER BY {self._order}"  # noqa: S608 - order from SORTABLE
        params = self._params
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params = (*params, limit, offset)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            names = [column[0] for column in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        if with_totals and rows:
            first = rows[0]
            self._totals = {
                "schools": first["total_schools"],
                "placements": first["total_placements"] or 0,
                "school_days": first["total_school_days"] or 0,
                **{name: summed_money(first[f"total_{name}"]) for name in _MONEY_COLUMNS},
            }
        for row in rows:
            row["name"] = row.pop("school_name")
            for name in _MONEY_COLUMNS:
                row[name] = summed_money(row[name])
            if with_totals:
                for name in ("schools", *_TOTALLED):
                    del row[f"total_{name}"]
        return rows

    def prefetch(self, number, per_page: int) -> None:
        """Read page `number` with the totals and the count in one query, for a `Paginator` to
        find (it then runs no query of its own). A page out of range reads nothing here: the
        paginator's count and last page then take a query each, as without this."""
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
        if number > MAX_PAGE:  # far past the last page (and past a database integer): nothing to read
            return
        offset = (number - 1) * per_page
        rows = self._rows(per_page, offset, with_totals=True)
        if rows:
            self._page = (offset, offset + per_page, rows)

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("Equity rows are read a page (a slice) at a time.")
        start = key.start or 0
        if self._page and start == self._page[0] and key.stop is not None and key.stop <= self._page[1]:
            return self._page[2][: key.stop - start]
        limit = None if key.stop is None else max(key.stop - start, 0)
        return self._rows(limit, start)

    def __iter__(self):
        return iter(self._rows())


def _used_counted(school_ids: QuerySet, year: FinancialYear, financial_year: int) -> tuple[QuerySet, QuerySet]:
    """The AP the schools' pupils used, counted from placements and the committed costs: placements
    booked over any part of the year, and the year's committed top-ups and lump sums (who paid
    them, school days of the top-ups), by the pupil's home school."""
    placements = (
        Placement.objects.filter(
            pupil__home_school__in=school_ids,
            status__in=COMMITTED_STATUSES,
            start_date__lte=year.last_day,
            end_date__gte=year.first_day,
        )
        .exclude(ended_on__lt=year.first_day)
        .order_by()
        .values(school_key=F("pupil__home_school"))
        .annotate(n=Count("id"))
    )
    commitments = (
        Commitment.objects.filter(
            financial_year=financial_year, kind__in=AP_USED_KINDS, placement__pupil__home_school__in=school_ids
        )
        .order_by()
        .values(school_key=F("placement__pupil__home_school"))
        .annotate(**ap_used_sums())
    )
    return placements, commitments


#: The committed costs that count as AP a school's pupils used.
AP_USED_KINDS = (CommitmentKind.TOP_UP, CommitmentKind.LUMP_SUM)


def ap_used_sums() -> dict:
    """A school's AP used, summed over its pupils' committed costs of `AP_USED_KINDS`: the school
    days of the top-ups, the cost, and the part the school paid (the page and its summary alike)."""
    return {
        "school_days": Sum("school_days", filter=Q(kind=CommitmentKind.TOP_UP)),
        "ap_cost": Sum("amount"),
        "school_paid": Sum("amount", filter=Q(payer=Payer.SCHOOL)),
    }


def equity_head(*, user) -> tuple[int, dt.datetime | None, bool] | None:
    """equity_head_request's answer, read on its own."""
    return head_of(compiled_together(equity_head_request(user=user))[0])


def head_of(found: list[dict]) -> tuple[int, dt.datetime | None, bool] | None:
    """The (LA, as of, fresh) an equity_head_request found, or None."""
    return (found[0]["pk"], found[0]["as_of"], found[0]["fresh"]) if found else None


def equity_head_request(*, user):
    """The LA whose schools the equity and contributions pages show the user (LA staff: their
    first LA; a school's staff: their school's LA, the first), when its school figures were last
    worked out (None before their first refresh) and whether its schools' equity rows are kept and
    fresh (`SchoolEquityFigures`), in one statement compiled once a process for the scope, as a
    request (core.compiled) to send with the page's others; `head_of` reads its answer (None when
    the user has no such LA)."""
    scope = scope_for(user)

    def build() -> QuerySet:
        if scope.is_la_staff:
            las = Organisation.objects.filter(pk__in=scope.la_ids)
        else:
            las = Organisation.objects.filter(organisations__pk__in=scope.school_ids, kind="la")
        refresh = SchoolYearFiguresRefresh.objects.filter(local_authority=OuterRef("pk"))
        fresh = refresh.filter(equity_counted_at__isnull=False, equity_stale_since__isnull=True)
        return las.order_by("pk").values("pk", as_of=Subquery(refresh.values("refreshed_at")), fresh=Exists(fresh))[:1]

    return rows_request(("equity head", scope_key(scope)), build)


def equity_rows(
    *, user, local_authority, financial_year: int, sort: str = "school_name", as_of=AS_OF_UNKNOWN, fresh=False
) -> EquityRows:
    """The LA's schools (a school user: their own) with the year's figures, sorted by `sort`.
    `local_authority`: the LA or its id; `as_of`: when its school figures were worked out, if the
    caller has read it (`equity_head`); `fresh`: its schools' equity rows are kept and fresh
    (`equity_head`), and its staff read them rather than count them (the same figures). The
    statement is put together once a process for the scope, LA, year and where the figures come
    from."""
    la_id = getattr(local_authority, "pk", local_authority)
    if as_of is AS_OF_UNKNOWN:
        as_of = school_figures_as_of(local_authority=la_id)
    kept = as_of is not None
    maintained = kept and fresh and la_id in scope_for(user).la_ids
    key = ("equity rows", scope_key(scope_for(user)), la_id, financial_year, kept, maintained)
    if maintained:
        sql, params = compiled_sql(key, lambda: _maintained_sql(la_id=la_id, financial_year=financial_year))
    else:
        sql, params = compiled_sql(
            key, lambda: _equity_sql(user=user, la_id=la_id, financial_year=financial_year, kept=kept)
        )
    rows = EquityRows(sql=sql, params=params, sort=sort if sort.removeprefix("-") in SORTABLE else "school_name")
    rows.as_of = as_of
    return rows


def _equity_sql(*, user, la_id: int, financial_year: int, kept: bool) -> tuple[str, tuple]:
    year = FinancialYear(financial_year)
    scope = scope_for(user)
    schools = School.objects.filter(organisation__local_authority_id=la_id)
    if la_id not in scope.la_ids:
        schools = schools.filter(organisation_id__in=scope.school_ids)
    school_ids = schools.order_by().values("pk")
    q = connection.ops.quote_name
    if kept:
        # Every AP and traded-offer figure from one pass over the kept figures; contributions and
        # recoupment live.
        return _kept_sql(school_ids, financial_year, la_id=la_id, some_schools=la_id not in scope.la_ids)
    used = _used_counted(school_ids, year, financial_year)
    # What it paid in: its contribution, the traded offer's charge for each placement arranged
    # under it, and the recoupment raised from it (not waived).
    contributions = _contributions(financial_year).filter(school__in=school_ids)
    traded = (
        traded_placements(financial_year=financial_year)
        .filter(requesting_school__in=school_ids)
        .order_by()
        .values(traded_school=F("requesting_school"))
        .annotate(n=Count("*"))  # not the id: counted from the index alone
    )
    recoupments = _recoupments(financial_year).filter(school__in=school_ids)
    parts = [_sql(qs) for qs in (*used, contributions, traded, recoupments, school_ids)]
    sql = (
        f"SELECT s.{q('id')} AS pk, o.{q('name')} AS school_name, s.{q('urn')} AS urn,"  # noqa: S608 - compiled querysets
        " COALESCE(p.n, 0) AS placements,"
        " COALESCE(c.school_days, 0) AS school_days,"
        " COALESCE(c.ap_cost, 0) AS ap_cost,"
        " COALESCE(c.school_paid, 0) AS school_paid,"
        " COALESCE(k.annual_amount, 0) + COALESCE(k.charge_per_placement, 0) * COALESCE(t.n, 0) AS paid_in,"
        " COALESCE(r.total, 0) AS recoupment"
        f" FROM {q(School._meta.db_table)} s"
        f" JOIN {q(Organisation._meta.db_table)} o ON o.{q('id')} = s.{q('organisation_id')}"
        f" LEFT JOIN ({parts[0][0]}) p ON p.school_key = s.{q('id')}"
        f" LEFT JOIN ({parts[1][0]}) c ON c.school_key = s.{q('id')}"
        f" LEFT JOIN ({parts[2][0]}) k ON k.school_id = s.{q('id')}"
        f" LEFT JOIN ({parts[3][0]}) t ON t.traded_school = s.{q('id')}"
        f" LEFT JOIN ({parts[4][0]}) r ON r.school_id = s.{q('id')}"
        f" WHERE s.{q('id')} IN ({parts[5][0]})"
    )
    return sql, tuple(param for _sql_text, part_params in parts for param in part_params)


def _contributions(financial_year: int) -> QuerySet:
    return (
        SchoolContribution.objects.filter(financial_year=financial_year)
        .order_by()
        .values("school_id", "annual_amount", "charge_per_placement")
    )


def _recoupments(financial_year: int) -> QuerySet:
    return (
        Recoupment.objects.filter(financial_year=financial_year, kind=RecoupmentKind.EXCLUDING)
        .exclude(status=RecoupmentStatus.WAIVED)
        .order_by()
        .values("school_id")
        .annotate(total=Sum("total"))
    )


def _kept_sql(school_ids: QuerySet, financial_year: int, *, la_id: int, some_schools: bool) -> tuple[str, tuple]:
    """The rows from `SchoolYearFigures` (a row per school and LA whose pupils used AP, summed by
    school): the schools shown joined to the year's figures, contributions and recoupments, each
    grouped once over the year (a few hundred rows) for the LA's staff, over the schools shown
    for `some_schools` (a school's staff)."""
    figures = (
        SchoolYearFigures.objects.filter(financial_year=financial_year)
        .order_by()
        .values(school_key=F("school_id"))
        .annotate(
            n=Sum("placements"),
            school_days=Sum("school_days"),
            ap_cost=Sum("ap_cost"),
            school_paid=Sum("school_paid"),
            traded=Sum("traded_placements"),
        )
    )
    grouped = [figures, _contributions(financial_year), _recoupments(financial_year)]
    if some_schools:
        grouped = [part.filter(school__in=school_ids) for part in grouped]
    parts = [_sql(qs) for qs in grouped]
    shown, shown_params = _schools_shown(school_ids, la_id=la_id, some_schools=some_schools)
    q = connection.ops.quote_name
    sql = (
        f"SELECT s.{q('id')} AS pk, o.{q('name')} AS school_name, s.{q('urn')} AS urn,"  # noqa: S608 - compiled querysets
        " COALESCE(f.n, 0) AS placements,"
        " COALESCE(f.school_days, 0) AS school_days,"
        " COALESCE(f.ap_cost, 0) AS ap_cost,"
        " COALESCE(f.school_paid, 0) AS school_paid,"
        " COALESCE(k.annual_amount, 0) + COALESCE(k.charge_per_placement, 0) * COALESCE(f.traded, 0) AS paid_in,"
        " COALESCE(r.total, 0) AS recoupment"
        f" FROM {q(School._meta.db_table)} s"
        f" JOIN {q(Organisation._meta.db_table)} o ON o.{q('id')} = s.{q('organisation_id')}"
        f" LEFT JOIN ({parts[0][0]}) f ON f.school_key = s.{q('id')}"
        f" LEFT JOIN ({parts[1][0]}) k ON k.school_id = s.{q('id')}"
        f" LEFT JOIN ({parts[2][0]}) r ON r.school_id = s.{q('id')}"
        f" WHERE {shown}"
    )
    return sql, (*(param for _sql_text, part_params in parts for param in part_params), *shown_params)


def equity_rows_counted(*, la_id: int, financial_year: int) -> EquityRows:
    """Every school of the LA with the year's figures counted from the school figures (what its
    staff see once its school figures are kept), for `equity_figures_count` to keep."""
    sql, params = _kept_sql(School.objects.none(), financial_year, la_id=la_id, some_schools=False)
    return EquityRows(sql=sql, params=params, sort="school_name")


def _maintained_sql(*, la_id: int, financial_year: int) -> tuple[str, tuple]:
    """The LA's schools with their kept rows of the year (`SchoolEquityFigures`; none: zeros): the
    schools, names and URNs as they are now, the figures as counted from the same statement."""
    q = connection.ops.quote_name
    figures = ", ".join(f"COALESCE(e.{q(name)}, 0) AS {name}" for name in EQUITY_FIGURES)
    sql = (
        f"SELECT s.{q('id')} AS pk, o.{q('name')} AS school_name, s.{q('urn')} AS urn, {figures}"  # noqa: S608 - our columns
        f" FROM {q(School._meta.db_table)} s"
        f" JOIN {q(Organisation._meta.db_table)} o ON o.{q('id')} = s.{q('organisation_id')}"
        f" LEFT JOIN {q(SchoolEquityFigures._meta.db_table)} e"
        f" ON e.{q('school_id')} = s.{q('id')} AND e.{q('financial_year')} = %s"
        f" WHERE o.{q('local_authority_id')} = %s"
    )
    if connection.vendor == "postgresql":
        # Every row is read for the totals anyway: without the fence PostgreSQL walks the LA's
        # organisations in name order one by one (4 ms) rather than hashing the three (1 ms).
        sql += " OFFSET 0"
    return sql, (financial_year, la_id)


def _schools_shown(school_ids: QuerySet, *, la_id: int, some_schools: bool) -> tuple[str, tuple]:
    """The condition on `s` (the school) and `o` (its organisation) that keeps the schools shown:
    the LA's own column for its staff (no second pass over the schools to match ids), the scoped
    ids for a school's staff."""
    q = connection.ops.quote_name
    if not some_schools:
        return f"o.{q('local_authority_id')} = %s", (la_id,)
    sql, params = _sql(school_ids)
    return f"s.{q('id')} IN ({sql})", params


def equity_totals(rows: EquityRows) -> dict:
    """The columns' totals over all the rows (one query, shared with the rows' count)."""
    return {name: rows.totals[name] for name in _TOTALLED}


__all__ = [
    "EQUITY_FIGURES",
    "SORTABLE",
    "EquityRows",
    "equity_head",
    "equity_rows",
    "equity_rows_counted",
    "equity_totals",
]
