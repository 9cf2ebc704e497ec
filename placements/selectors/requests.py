"""What a school or officer sees while asking for a placement: the price that applies, providers
ranked by fit, the LA's routes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from providers.models import Price, Provider, SiteCapacity

from ..costs import weekly_cost
from ..models import TAKES_A_PLACE_STATUSES, Placement, Route

#: Which unit to use when a provider prices the same site several ways (most specific first).
PRICE_UNIT_PREFERENCE = ("session", "day", "hour", "week", "place_year")


def price_for(*, provider, site, on: dt.date) -> Price | None:
    """The price on the provider's list at `on`: this site's own before an all-sites price, then
    the most specific unit, then the latest effective."""
    prices = list(
        Price.objects.filter(provider=provider, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .filter(Q(site=site) | Q(site__isnull=True))
    )
    return _best_price(prices, site_id=getattr(site, "pk", site))


def _best_price(prices: list[Price], *, site_id) -> Price | None:
    def rank(price: Price):
        unit_rank = PRICE_UNIT_PREFERENCE.index(price.unit) if price.unit in PRICE_UNIT_PREFERENCE else 99
        return (price.site_id != site_id, unit_rank, -price.effective_from.toordinal())

    return min(prices, key=rank) if prices else None


@dataclass
class Suggestion:
    """One approved provider's site, scored for a request."""

    provider: Provider
    site: object
    places: int
    places_free: int
    needs_served: list[str]
    needs_missing: list[str]
    price: Price | None
    weekly_cost: Decimal | None

    @property
    def has_free_place(self) -> bool:
        return self.places_free > 0


def suggest_sites(
    *, local_authority, key_stage: str, needs: list[str], start: dt.date, sessions_per_week: int = 10, limit: int = 10
) -> list[Suggestion]:
    """Approved providers' sites in the LA that serve the key stage, ranked by fit: the requested
    needs they serve, a free place on the start date, then price (issue 4: "suggest ranked by fit")."""
    capacities = list(
        SiteCapacity.objects.filter(
            key_stage=key_stage,
            site__is_active=True,
            site__provider__in=Provider.objects.bookable(),
            site__provider__organisation__local_authority=local_authority,
        )
        .select_related("site__provider__organisation")
        .prefetch_related("site__needs")
    )
    site_ids = [c.site_id for c in capacities]
    taken = dict(
        Placement.objects.filter(
            site_id__in=site_ids,
            key_stage=key_stage,
            status__in=TAKES_A_PLACE_STATUSES,
            start_date__lte=start,
            end_date__gte=start,
        )
        .values("site_id")
        .annotate(n=Count("id"))
        .values_list("site_id", "n")
    )
    provider_ids = {c.site.provider_id for c in capacities}
    prices_by_provider: dict[int, list[Price]] = {}
    for price in Price.objects.filter(provider_id__in=provider_ids, effective_from__lte=start).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=start)
    ):
        prices_by_provider.setdefault(price.provider_id, []).append(price)
    suggestions = []
    for capacity in capacities:
        site = capacity.site
        served = {n.need for n in site.needs.all()}
        candidates = [p for p in prices_by_provider.get(site.provider_id, []) if p.site_id in (None, site.pk)]
        price = _best_price(candidates, site_id=site.pk)
        cost = weekly_cost(unit=price.unit, amount=price.amount, sessions_per_week=sessions_per_week) if price else None
        suggestions.append(
            Suggestion(
                provider=site.provider,
                site=site,
                places=capacity.places,
                places_free=max(capacity.places - taken.get(site.pk, 0), 0),
                needs_served=[n for n in needs if n in served],
                needs_missing=[n for n in needs if n not in served],
                price=price,
                weekly_cost=cost,
            )
        )
    suggestions.sort(
        key=lambda s: (
            -len(s.needs_served),
            not s.has_free_place,
            s.weekly_cost if s.weekly_cost is not None else Decimal("Infinity"),
            s.provider.name,
            s.site.name,
        )
    )
    return suggestions[:limit]


def routes_for_la(local_authority) -> QuerySet[Route]:
    """The LA's own routes (copied from the template by services.routes_ensure_for_la)."""
    return Route.objects.filter(local_authority=local_authority)
