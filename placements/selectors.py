"""Reads about pupils, placements and places, shared by views, services and other apps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from apcommission.core.models import Role
from apcommission.core.scoping import Scope
from providers.models import Price, Provider, SiteCapacity

from .costs import weekly_cost
from .models import TAKES_A_PLACE_STATUSES, Placement, PlacementStatus, Route

#: Which unit to use when a provider prices the same site several ways (most specific first).
PRICE_UNIT_PREFERENCE = ("session", "day", "hour", "week", "place_year")


def places_taken(*, site, key_stage: str, on: dt.date) -> int:
    """Places at `site` for `key_stage` held by booked or active placements on the day `on`."""
    return Placement.objects.filter(
        site=site, key_stage=key_stage, status__in=TAKES_A_PLACE_STATUSES, start_date__lte=on, end_date__gte=on
    ).count()


def peak_places_taken(*, site, key_stage: str, start: dt.date, end: dt.date, exclude_id: int | None = None) -> int:
    """The most places held on any one day from start to end (a sweep over the overlapping bookings).

    A booking fits when this is below the site's places for the key stage: no day is overbooked."""
    rows = (
        Placement.objects.filter(site=site, key_stage=key_stage, status__in=TAKES_A_PLACE_STATUSES)
        .filter(start_date__lte=end, end_date__gte=start)
        .exclude(pk=exclude_id)
        .values_list("start_date", "end_date")
    )
    events: list[tuple[dt.date, int]] = []
    for booked_start, booked_end in rows:
        events.append((max(booked_start, start), 1))
        events.append((min(booked_end, end) + dt.timedelta(days=1), -1))
    peak = current = 0
    for _day, change in sorted(events, key=lambda e: (e[0], e[1])):
        current += change
        peak = max(peak, current)
    return peak


def waiting_list(*, site, key_stage: str) -> QuerySet[Placement]:
    """Placements waiting for a place at the site and key stage, first come first served."""
    return Placement.objects.filter(site=site, key_stage=key_stage, status=PlacementStatus.WAITING_LIST).order_by(
        "waiting_since", "id"
    )


def waiting_list_position(placement: Placement) -> int | None:
    if placement.status != PlacementStatus.WAITING_LIST or placement.waiting_since is None:
        return None
    ahead = waiting_list(site=placement.site_id, key_stage=placement.key_stage).filter(
        Q(waiting_since__lt=placement.waiting_since) | Q(waiting_since=placement.waiting_since, id__lt=placement.pk)
    )
    return ahead.count() + 1


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


def home_panels(*, user, scope: Scope) -> list[dict]:
    """Home-page panels: the panel queue and placements for LA staff, own pupils for schools,
    placements awaiting acceptance for providers."""
    panels = []
    if scope.has_role(Role.LA_OFFICER, Role.LA_MANAGER):
        waiting = Placement.objects.visible_to(user).awaiting_panel().count()
        panels.append(
            {
                "title": "Alternative provision placements",
                "links": [
                    {"label": "Panel queue", "url": reverse("placements:panel-queue"), "hint": f"{waiting} to decide"},
                    {"label": "Placements", "url": reverse("placements:placement-list"), "hint": ""},
                    {"label": "Pupils", "url": reverse("placements:pupil-list"), "hint": ""},
                ],
            }
        )
    if scope.has_role(Role.SCHOOL_USER):
        panels.append(
            {
                "title": "Your pupils in alternative provision",
                "links": [
                    {"label": "Your pupils", "url": reverse("placements:pupil-list"), "hint": "request a placement"},
                    {"label": "Placements and requests", "url": reverse("placements:placement-list"), "hint": ""},
                ],
            }
        )
    if scope.has_role(Role.PROVIDER_USER):
        to_accept = Placement.objects.visible_to(user).filter(status=PlacementStatus.APPROVED).count()
        panels.append(
            {
                "title": "Placements at your provision",
                "links": [
                    {"label": "Today's register", "url": reverse("placements:attendance-index"), "hint": ""},
                    {
                        "label": "Placements",
                        "url": reverse("placements:placement-list"),
                        "hint": f"{to_accept} waiting for you to accept",
                    },
                    {"label": "Reviews due", "url": reverse("placements:reviews-due"), "hint": ""},
                ],
            }
        )
    if scope.has_role(Role.ADMINISTRATOR):
        panels.append(
            {
                "title": "Routes into alternative provision",
                "links": [{"label": "Routes and their rules", "url": reverse("placements:route-list"), "hint": ""}],
            }
        )
    return panels
