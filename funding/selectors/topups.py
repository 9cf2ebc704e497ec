"""Top-up and lump sums per placement for a financial year, who pays them, and what a school pays
for its own pupils: summed from the committed costs summary in the database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from apcommission.core.compiled import compiled_together, rows_request, scope_key
from apcommission.core.models import School
from apcommission.core.scoping import scope_for
from placements.models import Placement
from providers.models import Provider

from ..models import BandedTopUp, Commitment, CommitmentKind, LumpSum, Payer, TopUpBand, TopUpRow, TopUpTotals

MONEY = Decimal("0.00")


def _money(**filters) -> Coalesce:
    return Coalesce(Sum("amount", filter=Q(**filters) if filters else None), MONEY)


def _top_up_commitments(*, user, financial_year: int, payer: str, school: str, search: str):
    rows = Commitment.objects.visible_to(user).filter(
        financial_year=financial_year,
        placement__isnull=False,
        kind__in=(CommitmentKind.TOP_UP, CommitmentKind.LUMP_SUM),
    )
    return _narrowed(rows, payer=payer, school=school, search=search)


def paid_by_school_named(school: str) -> Q:
    """Rows (committed costs, or the list's kept rows and totals) paid by a school named as typed:
    every word in its name, or its URN. A subquery of the schools' ids, not a join: rows the LA
    pays have no school, and the totals sum them beside the filtered count."""
    named = Q()
    for word in school.split():
        named &= Q(organisation__name__icontains=word)
    return Q(payer_school_id__in=School.objects.filter(named | Q(urn=school.strip())).values("pk"))


def _narrowed(rows: QuerySet, *, payer: str, school: str, search: str) -> QuerySet:
    """The top-up list's filters, on committed costs or on the stored rows (the same fields)."""
    if payer:
        rows = rows.filter(payer=payer)
    if school:
        rows = rows.filter(paid_by_school_named(school))
    for word in search.split():
        rows = rows.filter(
            Q(placement__pupil__legal_last_name__icontains=word) | Q(placement__pupil__legal_first_name__icontains=word)
        )
    return rows


def top_up_rows(*, user, financial_year: int, payer: str = "", school: str = "", search: str = ""):
    """One row per placement with a top-up or lump sum in the year, visible to the user (a school
    sees the rows it pays): pupil, provider, payer, school days, top-up, lump sum. One query; the
    caller pages it. Summed from the committed costs directly: the list reads the same rows kept
    with them (`top_up_rows_paged`)."""
    rows = _top_up_commitments(user=user, financial_year=financial_year, payer=payer, school=school, search=search)
    return (
        rows.order_by()
        .values("placement_id", "payer")
        .annotate(
            first_name=F("placement__pupil__legal_first_name"),
            last_name=F("placement__pupil__legal_last_name"),
            provider_name=F("provider__organisation__name"),
            school_name=F("payer_school__organisation__name"),
            route=F("placement__route__name"),
            band=F("placement__banded_top_up__band__name"),
            school_days=Coalesce(Sum("school_days"), 0),
            top_up=_money(kind=CommitmentKind.TOP_UP),
            lump_sum=_money(kind=CommitmentKind.LUMP_SUM),
        )
        .order_by("last_name", "first_name", "placement_id", "payer")
    )


def _row_columns() -> dict:
    """The top-up list's columns beside `TopUpRow`'s own: the names, route and band as they are now,
    each a scalar subquery by the row's ids, worked out for the page's rows alone. Joined instead,
    the ten tables made PostgreSQL spend 20–30 ms planning a statement it then ran in 1–4 ms."""

    def by_id(model, id_column: str, column: str, key: str = "pk") -> Subquery:
        return Subquery(model.objects.filter(**{key: OuterRef(id_column)}).order_by().values(column))

    def by_placement(column: str) -> Subquery:
        return by_id(Placement, "placement_id", column)

    return {
        "first_name": by_placement("pupil__legal_first_name"),
        "last_name": by_placement("pupil__legal_last_name"),
        "provider_name": by_id(Provider, "provider_id", "organisation__name"),
        "school_name": by_id(School, "payer_school_id", "organisation__name"),
        "route": by_placement("route__name"),
        "band": by_id(BandedTopUp, "placement_id", "band__name", key="placement"),
    }


def _summary_rows(*, user, financial_year: int, payer: str, school: str, search: str) -> QuerySet:
    rows = TopUpRow.objects.visible_to(user).filter(financial_year=financial_year)
    return _narrowed(rows, payer=payer, school=school, search=search)


class TopUpPage:
    """The top-up list's rows from `TopUpRow` (a row per placement, payer, provider and paying
    school, kept with the committed costs), for a `Paginator`: a slice is one statement, compiled
    once a process for the scope, filters and page, unless it was read already; the count is the
    one read with it (`read`, by `top_up_list`), else from `TopUpTotals` unless a name is
    searched."""

    def __init__(self, *, user, financial_year: int, payer: str, school: str, search: str):
        self._filters = {
            "user": user,
            "financial_year": financial_year,
            "payer": payer,
            "school": school,
            "search": search,
        }
        self._key = (scope_key(scope_for(user)), financial_year, payer, school, tuple(search.split()))
        self._counted: int | None = None
        #: (start, stop, rows) of a slice read with other statements (`read`).
        self._read: tuple[int, int, list] | None = None

    def request(self, start: int, stop: int | None):
        """The statement of the slice [start:stop], to send with others (core.compiled)."""
        return rows_request(("top-up rows", *self._key, start, stop), lambda: self._slice(start, stop))

    def read(self, start: int, stop: int, rows: list, *, counted: int) -> None:
        """The slice [start:stop] and the count (no name searched), read with other statements: a
        Paginator's slice within it is taken from these rows."""
        self._read = (start, stop, rows)
        if not self._filters["search"].split():
            self._counted = counted

    def count(self) -> int:
        if self._counted is not None:
            return self._counted
        filters = self._filters
        if not filters["search"].split():
            totals = TopUpTotals.objects.visible_to(filters["user"]).filter(financial_year=filters["financial_year"])
            if filters["payer"]:
                totals = totals.filter(payer=filters["payer"])
            if filters["school"]:
                totals = totals.filter(paid_by_school_named(filters["school"]))
            return totals.aggregate(n=Coalesce(Sum("rows"), 0))["n"]
        return _summary_rows(**filters).count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("Top-up rows are read a page (a slice) at a time.")
        start = key.start or 0
        if self._read is not None:
            read_start, read_stop, rows = self._read
            if start == read_start and key.stop is not None and key.stop <= read_stop:
                return rows[: key.stop - start]
        return compiled_together(self.request(start, key.stop))[0]

    def _slice(self, start: int, stop: int | None) -> QuerySet:
        return (
            _summary_rows(**self._filters)
            .order_by("sort_last_name", "sort_first_name", "placement_id", "payer")
            .values("placement_id", "payer", "school_days", "top_up", "lump_sum", **_row_columns())[start:stop]
        )

    def __iter__(self):
        return iter(self[0:None])


def top_up_rows_paged(
    *,
    user,
    financial_year: int,
    payer: str = "",
    school: str = "",
    search: str = "",
) -> TopUpPage:
    """`top_up_rows` (the same rows, order and figures), read a page at a time from `TopUpRow`;
    its count from the figures when `top_up_list` has read them with a page (`TopUpPage.read`)."""
    return TopUpPage(user=user, financial_year=financial_year, payer=payer, school=school, search=search)


@dataclass(frozen=True)
class PayerTotals:
    la_top_up: Decimal
    la_lump_sum: Decimal
    school_top_up: Decimal
    school_lump_sum: Decimal

    @property
    def total(self) -> Decimal:
        return self.la_top_up + self.la_lump_sum + self.school_top_up + self.school_lump_sum


def top_up_totals(*, user, financial_year: int) -> PayerTotals:
    """Top-ups and lump sums of the year by who pays, among the rows the user may see (one query,
    over `TopUpTotals`: the committed costs summed by payer and paying school)."""

    def total(column: str, payer: str) -> Coalesce:
        return Coalesce(Sum(column, filter=Q(payer=payer)), MONEY)

    totals = (
        TopUpTotals.objects.visible_to(user)
        .filter(financial_year=financial_year)
        .aggregate(
            la_top_up=total("top_up", Payer.LA),
            la_lump_sum=total("lump_sum", Payer.LA),
            school_top_up=total("top_up", Payer.SCHOOL),
            school_lump_sum=total("lump_sum", Payer.SCHOOL),
        )
    )
    return PayerTotals(**totals)


@dataclass(frozen=True)
class TopUpList:
    totals: PayerTotals
    #: The page of rows asked for, as `Paginator.get_page` gives it.
    page: Page


def top_up_list(
    *,
    user,
    financial_year: int,
    page_size: int,
    page=None,
    payer: str = "",
    school: str = "",
    search: str = "",
) -> TopUpList:
    """The top-up list: `top_up_totals`, and the page `page` (as `Paginator.get_page` reads it) of
    `top_up_rows_paged` with the count from the same totals, each statement compiled once a process
    for the scope, year and filters (`school`: words of the paying school's name, or its URN). The
    figures and the page's rows go to the database together, one round trip; only a page number past
    the last page costs another, for the last page's rows."""
    rows = top_up_rows_paged(user=user, financial_year=financial_year, payer=payer, school=school, search=search)
    start = (_page_number(page) - 1) * page_size
    figures, found = compiled_together(
        _figures_request(user=user, financial_year=financial_year, payer=payer, school=school),
        rows.request(start, start + page_size),
    )
    if figures:
        row = figures[0]
        totals, counted = PayerTotals(**{name: row[name] for name in _PAYER_TOTALS}), row["listed_rows"]
    else:  # nothing committed in the year that the user may see
        totals, counted = PayerTotals(MONEY, MONEY, MONEY, MONEY), 0
    rows.read(start, start + page_size, found, counted=counted)
    return TopUpList(totals, Paginator(rows, page_size).get_page(page))


#: Pages read with the figures when asked for; a page further on is read once the count is known,
#: so that a page number past the end never costs a deep OFFSET.
PAGES_READ_WITH_THE_FIGURES = 40


def _page_number(page) -> int:
    """The page `Paginator.get_page` gives for `page` when there are enough rows: the page read with
    the figures (another is read once they are known)."""
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= PAGES_READ_WITH_THE_FIGURES else 1


def _figures_request(*, user, financial_year: int, payer: str, school: str):
    """`top_up_totals`, and how many rows the list has with the payer and school filters (its count
    when no name is searched), in one statement over `TopUpTotals`."""

    def build() -> QuerySet:
        listed = Q()
        if payer:
            listed &= Q(payer=payer)
        if school:
            listed &= paid_by_school_named(school)
        return (
            TopUpTotals.objects.visible_to(user)
            .filter(financial_year=financial_year)
            .order_by()
            .values("financial_year")
            .annotate(
                la_top_up=_payer_sum("top_up", Payer.LA),
                la_lump_sum=_payer_sum("lump_sum", Payer.LA),
                school_top_up=_payer_sum("top_up", Payer.SCHOOL),
                school_lump_sum=_payer_sum("lump_sum", Payer.SCHOOL),
                listed_rows=Coalesce(Sum("rows", filter=listed or None), 0),
            )
        )

    return rows_request(("top-up figures", scope_key(scope_for(user)), financial_year, payer, school), build)


_PAYER_TOTALS = ("la_top_up", "la_lump_sum", "school_top_up", "school_lump_sum")


def _payer_sum(column: str, payer: str) -> Coalesce:
    return Coalesce(Sum(column, filter=Q(payer=payer)), MONEY)


def bands_of(*, local_authority) -> QuerySet[TopUpBand]:
    return TopUpBand.objects.filter(local_authority=local_authority).order_by("annual_amount", "name")


def lump_sums_of(*, local_authority) -> QuerySet[LumpSum]:
    return LumpSum.objects.filter(local_authority=local_authority).order_by("-financial_year", "route_code")
