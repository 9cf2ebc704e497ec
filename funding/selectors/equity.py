"""Equity of access (Bromley's review: "insufficient transparency on how much different schools are
getting or what contribution they are making"): per school, the AP its pupils used in a financial
year — placements, school days, cost — beside what the school paid in: its contribution and
traded-offer charges, and the recoupment raised from it. One query, summed in the database."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from apcommission.core.models import School
from apcommission.core.scoping import scope_for
from apcommission.core.years import FinancialYear
from placements.models import Placement

from ..models import Commitment, CommitmentKind, Payer, Recoupment, RecoupmentKind, RecoupmentStatus, SchoolContribution
from ..rules import COMMITTED_STATUSES
from .contributions import traded_placements

MONEY = Decimal("0.00")
MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)

#: Columns the view may sort by (the query's annotation names); "-" before a name sorts high first.
SORTABLE = ("school_name", "placements", "school_days", "ap_cost", "school_paid", "paid_in", "recoupment")


def _total(queryset, group: str, value) -> Subquery:
    return Subquery(
        queryset.order_by().values(group).annotate(total=value).values("total")[:1], output_field=MONEY_FIELD
    )


def equity_rows(*, user, local_authority, financial_year: int, sort: str = "school_name") -> QuerySet[School]:
    """The LA's schools (a school user: their own) with the year's figures, sorted by `sort`."""
    year = FinancialYear(financial_year)
    scope = scope_for(user)
    schools = School.objects.filter(organisation__local_authority=local_authority)
    if local_authority.pk not in scope.la_ids:
        schools = schools.filter(organisation_id__in=scope.school_ids)
    pupils_commitments = Commitment.objects.filter(
        financial_year=financial_year,
        placement__pupil__home_school=OuterRef("pk"),
        kind__in=(CommitmentKind.TOP_UP, CommitmentKind.LUMP_SUM),
    )
    placements_in_year = Placement.objects.filter(
        pupil__home_school=OuterRef("pk"),
        status__in=COMMITTED_STATUSES,
        start_date__lte=year.last_day,
        end_date__gte=year.first_day,
    ).exclude(ended_on__lt=year.first_day)
    contribution = SchoolContribution.objects.filter(school=OuterRef("pk"), financial_year=financial_year)
    traded = traded_placements(financial_year=financial_year, school_ref=OuterRef("pk"))
    recoupment = Recoupment.objects.filter(
        school=OuterRef("pk"), financial_year=financial_year, kind=RecoupmentKind.EXCLUDING
    ).exclude(status=RecoupmentStatus.WAIVED)
    rows = schools.annotate(
        school_name=F("organisation__name"),
        placements=Coalesce(
            Subquery(
                placements_in_year.order_by().values("pupil__home_school").annotate(n=Count("id")).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
        school_days=Coalesce(
            Subquery(
                pupils_commitments.filter(kind=CommitmentKind.TOP_UP)
                .order_by()
                .values("placement__pupil__home_school")
                .annotate(n=Sum("school_days"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
        ap_cost=Coalesce(_total(pupils_commitments, "placement__pupil__home_school", Sum("amount")), MONEY),
        school_paid=Coalesce(
            _total(pupils_commitments.filter(payer=Payer.SCHOOL), "placement__pupil__home_school", Sum("amount")),
            MONEY,
        ),
        contribution=Coalesce(Subquery(contribution.values("annual_amount")[:1], output_field=MONEY_FIELD), MONEY),
        charge=Coalesce(Subquery(contribution.values("charge_per_placement")[:1], output_field=MONEY_FIELD), MONEY),
        traded=Coalesce(
            Subquery(
                traded.order_by().values("requesting_school").annotate(n=Count("id")).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
        recoupment=Coalesce(_total(recoupment, "school", Sum("total")), MONEY),
    ).annotate(paid_in=ExpressionWrapper(F("contribution") + F("charge") * F("traded"), output_field=MONEY_FIELD))
    return rows.select_related("organisation").order_by(*_ordering(sort))


def _ordering(sort: str) -> list[str]:
    column = sort.removeprefix("-")
    if column not in SORTABLE:
        return ["school_name", "pk"]
    return [sort, "school_name", "pk"]


def equity_totals(rows: QuerySet[School]) -> dict:
    """The columns' totals over all the rows (one query)."""
    # Each total gets an alias of its own: an aggregate named like the annotation it sums replaces it.
    columns = {
        "placements": 0,
        "school_days": 0,
        "ap_cost": MONEY,
        "school_paid": MONEY,
        "paid_in": MONEY,
        "recoupment": MONEY,
    }
    totals = rows.order_by().aggregate(**{f"total_{name}": Coalesce(Sum(name), zero) for name, zero in columns.items()})
    return {name: totals[f"total_{name}"] for name in columns}


__all__ = ["SORTABLE", "equity_rows", "equity_totals"]
