"""Place funding: the places commissioned from each place-funded provider for an academic year,
the change from the year before, and the High Needs place change return built from them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce

from apcommission.core.compiled import compiled_rows
from providers.models import Provider

from ..models import CommissionedPlaces
from ..rules import PLACE_FUNDED_TYPES
from .scalars import money_sum, one_figure

MONEY = Decimal("0.00")


def place_funded_providers(*, local_authority) -> QuerySet[Provider]:
    """The LA's providers that can have commissioned places (PRUs, AP academies and free schools,
    hospital education)."""
    return Provider.objects.filter(
        organisation__local_authority=local_authority, provider_type__in=PLACE_FUNDED_TYPES
    ).select_related("organisation")


def place_change_rows(*, local_authority, academic_year: int) -> QuerySet[Provider]:
    """Each place-funded provider with its places last year and this year and the change: the High
    Needs place change return (one query, grouping each provider's records of the two years: a
    provider has at most one a year). Providers with places in neither year are left out."""
    before, now = (
        Q(commissioned_places__academic_year=academic_year - 1),
        Q(commissioned_places__academic_year=academic_year),
    )
    return (
        place_funded_providers(local_authority=local_authority)
        .filter(commissioned_places__academic_year__in=(academic_year - 1, academic_year))
        .annotate(
            places_before=Coalesce(Sum("commissioned_places__places", filter=before), Value(0)),
            places_now=Coalesce(Sum("commissioned_places__places", filter=now), Value(0)),
            rate_now=Max("commissioned_places__rate_per_place", filter=now),
            record_id=Max("commissioned_places__pk", filter=now),
        )
        .annotate(change=F("places_now") - F("places_before"))
        .filter(Q(places_before__gt=0) | Q(places_now__gt=0) | Q(record_id__isnull=False))
        .order_by("organisation__name")
    )


@dataclass(frozen=True)
class PlaceFundingSummary:
    academic_year: int
    places: int
    places_before: int
    funding: Decimal
    funding_before: Decimal

    @property
    def change(self) -> int:
        return self.places - self.places_before


def place_funding_summary(*, local_authority, academic_year: int) -> PlaceFundingSummary:
    """Places and place funding (places × rate) for the year and the year before (one query)."""
    funding = ExpressionWrapper(
        F("places") * F("rate_per_place"), output_field=DecimalField(max_digits=14, decimal_places=2)
    )
    totals = CommissionedPlaces.objects.filter(local_authority=local_authority).aggregate(
        now=Coalesce(Sum("places", filter=Q(academic_year=academic_year)), 0),
        before=Coalesce(Sum("places", filter=Q(academic_year=academic_year - 1)), 0),
        funding_now=Coalesce(Sum(funding, filter=Q(academic_year=academic_year)), MONEY),
        funding_before=Coalesce(Sum(funding, filter=Q(academic_year=academic_year - 1)), MONEY),
    )
    return PlaceFundingSummary(
        academic_year=academic_year,
        places=totals["now"],
        places_before=totals["before"],
        funding=totals["funding_now"],
        funding_before=totals["funding_before"],
    )


#: Pages of the place funding list answered by one compiled statement; later pages (or none) by
#: the Paginator's own queries.
COMPILED_PAGES = 40


def place_funding_page(*, local_authority: int, academic_year: int, number: int, per_page: int) -> list[dict]:
    """Page `number` of `place_change_rows` as the list shows it (name, type, places, change,
    rate), each row carrying the number of providers listed and `place_funding_summary`'s figures:
    one statement, compiled once a process for the LA, year and page. No rows: a page past the end."""
    key = ("place funding page", local_authority, academic_year, number, per_page)

    def build() -> QuerySet:
        rows = place_change_rows(local_authority=local_authority, academic_year=academic_year)
        funding = ExpressionWrapper(
            F("places") * F("rate_per_place"), output_field=DecimalField(max_digits=14, decimal_places=2)
        )
        records = CommissionedPlaces.objects.filter(local_authority=local_authority)
        now, before = academic_year, academic_year - 1
        first = (number - 1) * per_page
        return rows.values(
            "provider_type",
            "places_before",
            "places_now",
            "change",
            "rate_now",
            name=F("organisation__name"),
            # The providers listed, counted over the page's own groups (no second grouping).
            listed=Window(Count("*")),
            # Each year's records found by places_la_year_idx, not every year's read and filtered.
            summary_places=Coalesce(one_figure(records.filter(academic_year=now), n=Sum("places")), 0),
            summary_places_before=Coalesce(one_figure(records.filter(academic_year=before), n=Sum("places")), 0),
            summary_funding=money_sum(records.filter(academic_year=now), funding),
            summary_funding_before=money_sum(records.filter(academic_year=before), funding),
        )[first : first + per_page]

    return compiled_rows(key, build, values_in_text=True)


def place_funding_summary_of(row: dict, *, academic_year: int) -> PlaceFundingSummary:
    """`place_funding_summary` from a row of `place_funding_page`."""
    return PlaceFundingSummary(
        academic_year=academic_year,
        places=row["summary_places"],
        places_before=row["summary_places_before"],
        funding=row["summary_funding"],
        funding_before=row["summary_funding_before"],
    )
