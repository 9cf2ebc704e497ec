"""The provider register as LA staff and schools read it: bookable providers, the approved list,
the register, one provider's page, prices and the gap analysis."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone

from apcommission.core.compiled import compiled_rows
from apcommission.core.models import KeyStage, Need

from ..choices import BOOKABLE_STATUSES, PriceUnit
from ..models import (
    ApprovalChange,
    Price,
    Provider,
    Site,
    SiteCapacity,
)
from ..placement_facts import placement_facts
from .registration import registration_warning, registration_warning_counted


def bookable_providers(*, on: dt.date | None = None) -> QuerySet[Provider]:
    """Providers that may be booked: approved, with or without conditions (the issue, item 2).

    With `on` in the past, the status on that date from the approval history is used, so a
    provider suspended since then is still shown as bookable on that date."""
    today = timezone.localdate()
    if on is None or on >= today:
        return Provider.objects.bookable()
    status_then = (
        ApprovalChange.objects.filter(provider=OuterRef("pk"), at__date__lte=on)
        .order_by("-at", "-id")
        .values("to_status")[:1]
    )
    return Provider.objects.annotate(status_then=Subquery(status_then)).filter(status_then__in=BOOKABLE_STATUSES)


def is_bookable(provider: Provider, *, on: dt.date | None = None) -> bool:
    """True when the provider may be booked (on a date, when given). Placements calls this."""
    if on is None or on >= timezone.localdate():
        return Provider.objects.filter(pk=provider.pk, status__in=BOOKABLE_STATUSES).exists()
    return bookable_providers(on=on).filter(pk=provider.pk).exists()


def price_list(provider: Provider, *, on: dt.date | None = None) -> list[Price]:
    on = on or timezone.localdate()
    return list(Price.objects.filter(provider=provider).effective_on(on).select_related("site"))


def _current_prices(on: dt.date) -> Prefetch:
    return Prefetch(
        "prices",
        queryset=Price.objects.effective_on(on).select_related("site").order_by("unit", "amount"),
        to_attr="current_prices",
    )


def _active_sites() -> Prefetch:
    return Prefetch(
        "sites",
        queryset=Site.objects.filter(is_active=True).prefetch_related("needs", "capacities").order_by("name"),
        to_attr="active_sites",
    )


def approved_list(*, user) -> QuerySet[Provider]:
    """The approved list a school sees: bookable providers of its LA, by name (their sites, places
    and prices: approved_summaries, for the providers shown)."""
    return (
        Provider.objects.visible_to(user).bookable().select_related("organisation").order_by("organisation__name", "pk")
    )


def register_list(*, user) -> QuerySet[Provider]:
    """The whole register, every status, for LA staff (filter and paginate it, then call
    `attach_registration_flags` on the page)."""
    return Provider.objects.visible_to(user).select_related("organisation").order_by("organisation__name", "pk")


def provider_for_detail(*, provider: Provider, on: dt.date | None = None) -> Provider:
    """The provider with its sites, contacts and today's prices loaded for the detail page (onto
    the provider the page has already read, not read again)."""
    on = on or timezone.localdate()
    prefetch_related_objects([provider], _active_sites(), _current_prices(on), "contacts")
    provider.registration_flag = registration_warning(provider=provider, on=on)
    return provider


def provider_page(
    *,
    provider: Provider,
    on: dt.date | None = None,
    site_rows: list[dict] | None = None,
    places_taken: dict[tuple[int, str], int] | None = None,
    registration_counted: tuple | None = None,
) -> tuple[Provider, list[dict], dict]:
    """What the provider page shows of the provider it has read: the provider with its registration
    warning; its active sites by name as plain rows (name, postcode, the needs served, places by
    key stage with those free on `on`); and summarise_sites' figures over them. The sites with their
    needs and places are one statement compiled once a process for the provider (one row per site,
    need and key stage), unless the page read them with its lists (`site_rows`:
    providers.selectors.record); then the places taken at all of them, unless read with the lists
    too (`places_taken`); the registration warning from the day's counts read with them
    (`registration_counted`: registration_warning_counted), else read here."""
    on = on or timezone.localdate()
    provider.registration_flag = registration_warning_counted(provider=provider, counted=registration_counted, on=on)
    sites: dict[int, dict] = {}
    found = site_rows
    if found is None:
        found = compiled_rows(
            ("provider page sites", provider.pk),
            lambda: (
                Site.objects.filter(provider=provider.pk, is_active=True)
                .order_by("name", "id", "needs__id", "capacities__key_stage")
                .values(
                    "id",
                    "name",
                    "postcode",
                    "postcode_district",
                    "needs__need",
                    "capacities__key_stage",
                    "capacities__places",
                )
            ),
        )
    for row in found:
        pk, need, key_stage = row["id"], row["needs__need"], row["capacities__key_stage"]
        site = sites.get(pk)
        if site is None:
            site = sites[pk] = {
                "site": {"pk": pk, "name": row["name"], "postcode": row["postcode"]},
                "district": row["postcode_district"],
                "needs": {},
                "places": {},
            }
        if need is not None:
            site["needs"][need] = True
        if key_stage is not None:
            site["places"][key_stage] = row["capacities__places"]
    taken = places_taken
    if taken is None:
        taken = placement_facts.places_taken_at_sites(site_ids=list(sites), on=on) if sites else {}
    total: dict[str, int] = {}
    needs: set[str] = set()
    districts: set[str] = set()
    rows = []
    for pk, site in sites.items():
        for key_stage, places in site["places"].items():
            total[key_stage] = total.get(key_stage, 0) + places
        needs.update(site["needs"])
        if site["district"]:
            districts.add(site["district"])
        rows.append(
            {
                "site": site["site"],
                "needs": [NEED_LABELS.get(need, need) for need in site["needs"]],
                "places": [
                    {
                        "key_stage": KEY_STAGE_LABELS.get(key_stage, key_stage),
                        "places": places,
                        "free": max(places - taken.get((pk, key_stage), 0), 0),
                    }
                    for key_stage, places in site["places"].items()
                ],
            }
        )
    return provider, rows, _summary(total, needs, districts)


#: Labels of the stored codes, looked up once for a page.
NEED_LABELS = dict(Need.choices)
KEY_STAGE_LABELS = dict(KeyStage.choices)
#: The choices in the service's order, read once (an enum's `values` and `label` are worked out
#: on every call: hundreds a page of the approved list).
_KEY_STAGE_CHOICES = tuple(KeyStage.choices)
_NEED_CHOICES = tuple(Need.choices)
_UNIT_LABELS = dict(PriceUnit.choices)


def summarise_sites(provider: Provider) -> dict:
    """Key stages, needs, districts and total places across a provider's active sites."""
    places: dict[str, int] = {}
    needs: set[str] = set()
    districts: set[str] = set()
    for site in getattr(provider, "active_sites", []):
        for capacity in site.capacities.all():
            places[capacity.key_stage] = places.get(capacity.key_stage, 0) + capacity.places
        needs.update(n.need for n in site.needs.all())
        if site.postcode_district:
            districts.add(site.postcode_district)
    return _summary(places, needs, districts)


def _summary(places: dict[str, int], needs: Collection[str], districts: Iterable[str]) -> dict:
    """Places by key stage and the needs in the service's order; districts alphabetically."""
    return {
        "key_stages": [(label, places[k]) for k, label in _KEY_STAGE_CHOICES if k in places],
        "needs": [label for n, label in _NEED_CHOICES if n in needs],
        "districts": sorted(districts),
        "places": sum(places.values()),
    }


@dataclass(frozen=True)
class PriceRow:
    amount: Decimal
    unit: str
    site_name: str | None


#: The order of a provider's prices on the approved list (its id: one order for equal amounts).
PRICE_ORDER = ("unit", "amount", "id")
_SITE_COLUMNS = ("provider_id", "id", "postcode_district", "needs__need", "capacities__key_stage", "capacities__places")


def _active_sites_of(ids: list[int]) -> QuerySet:
    return Site.objects.filter(provider_id__in=ids, is_active=True).order_by()


def approved_summaries(provider_ids, *, on: dt.date | None = None, compiled: bool = False) -> dict[int, dict]:
    """{provider id: summarise_sites' figures plus "prices" (today's, as PriceRows by unit and
    amount)} for the approved list's providers. Two queries of plain rows (the active sites with
    their needs and places, and today's prices): a page of the list reads no site, capacity, need
    or price as a model object. `compiled`: for a page's providers, both read in one statement
    compiled once a process for the providers and the day (not for the downloads' whole list).
    The page reads the same figures kept for each provider (provider_cards, card_summary)."""
    on = on or timezone.localdate()
    ids = list(provider_ids)
    price_columns = ("provider_id", "amount", "unit", "site__name")

    def prices_on():
        return Price.objects.filter(provider_id__in=ids).effective_on(on).order_by(*PRICE_ORDER)

    if compiled and ids:  # one statement, built only to compile it
        found = compiled_rows(
            ("approved sites and prices", tuple(ids), on),
            lambda: _sites_and_prices(_active_sites_of(ids), prices_on()),
        )
        site_rows = [tuple(row[c] for c in _SITE_COLUMNS) for row in found if row["a_kind"] == 1]
        priced = sorted((row for row in found if row["a_kind"] == 2), key=lambda row: row["a_position"])
        price_rows = [(row["provider_id"], row["a_amount"], row["a_unit"], row["a_site_name"]) for row in priced]
    else:
        site_rows = _active_sites_of(ids).values_list(*_SITE_COLUMNS)
        price_rows = prices_on().values_list(*price_columns)
    places, needs, districts = _site_figures(ids, site_rows)
    prices: dict[int, list[PriceRow]] = {pk: [] for pk in ids}
    for pk, amount, unit, site_name in price_rows:
        prices[pk].append(PriceRow(amount, _UNIT_LABELS[unit], site_name))
    return {pk: {**_summary(places[pk], needs[pk], districts[pk]), "prices": prices[pk]} for pk in ids}


def _site_figures(ids: list[int], site_rows) -> tuple[dict, dict, dict]:
    """Places by key stage, needs and districts of each provider from its active sites' rows
    (_SITE_COLUMNS): one row per site, need and key stage (a handful a site), so a site's places
    are counted once per key stage, not once per row."""
    places: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    needs: dict[int, set[str]] = {pk: set() for pk in ids}
    districts: dict[int, set[str]] = {pk: set() for pk in ids}
    site_places: dict[tuple[int, int, str], int] = {}
    for pk, site_id, district, need, key_stage, count in site_rows:
        if district:
            districts[pk].add(district)
        if need is not None:
            needs[pk].add(need)
        if key_stage is not None:
            site_places[(pk, site_id, key_stage)] = count
    for (pk, _site_id, key_stage), count in site_places.items():
        places[pk][key_stage] = places[pk].get(key_stage, 0) + count
    return places, needs, districts


def provider_cards(provider_ids) -> dict[int, dict]:
    """What providers.ProviderSummary keeps of each provider for the approved list (JSON): the
    places by key stage, needs and districts of its active sites (approved_summaries' own rules)
    and its whole price list in the list's order, each price as [from, to or None, amount, unit,
    site name or None] (card_summary picks the day's). Two queries however many providers."""
    ids = list(provider_ids)
    places, needs, districts = _site_figures(ids, _active_sites_of(ids).values_list(*_SITE_COLUMNS))
    prices: dict[int, list[list]] = {pk: [] for pk in ids}
    price_columns = ("provider_id", "effective_from", "effective_to", "amount", "unit", "site__name")
    for pk, start, end, amount, unit, site_name in (
        Price.objects.filter(provider_id__in=ids).order_by(*PRICE_ORDER).values_list(*price_columns)
    ):
        prices[pk].append([start.isoformat(), end.isoformat() if end else None, str(amount), unit, site_name])
    return {
        pk: {"places": places[pk], "needs": sorted(needs[pk]), "districts": sorted(districts[pk]), "prices": prices[pk]}
        for pk in ids
    }


def card_summary(card: dict, *, on: dt.date) -> dict:
    """approved_summaries' figures for one provider from its kept card (provider_cards), with the
    prices in effect on `on` by Price.objects.effective_on's rule: from on or before the day, and
    until no date or the day or later (ISO dates compare as text)."""
    day = on.isoformat()
    prices = [
        PriceRow(Decimal(amount), _UNIT_LABELS[unit], site_name)
        for start, end, amount, unit, site_name in card["prices"]
        if start <= day and (end is None or end >= day)
    ]
    return {**_summary(card["places"], card["needs"], card["districts"]), "prices": prices}


def _sites_and_prices(sites: QuerySet, prices: QuerySet) -> QuerySet:
    """approved_summaries' two reads as one UNION ALL in the same columns: the sites' rows (a_kind
    1) and the prices' (a_kind 2, each with its place in the prices' order, a_position)."""

    def empty(field):
        return Cast(Value(None), output_field=field)

    text, number, key = TextField(), IntegerField(), BigIntegerField()
    amount = DecimalField(max_digits=10, decimal_places=2)
    site_rows = sites.annotate(
        a_kind=Cast(Value(1), output_field=number), a_amount=empty(amount), a_unit=empty(text),
        a_site_name=empty(text), a_position=empty(key),
    ).values(
        "provider_id", "id", "postcode_district", "needs__need", "capacities__key_stage", "capacities__places",
        "a_kind", "a_amount", "a_unit", "a_site_name", "a_position",
    )  # fmt: skip
    price_rows = prices.order_by().annotate(
        a_site=empty(key), a_district=empty(text), a_need=empty(text), a_key_stage=empty(text),
        a_places=empty(number), a_kind=Cast(Value(2), output_field=number),
        a_amount=ExpressionWrapper(F("amount"), output_field=amount),
        a_unit=ExpressionWrapper(F("unit"), output_field=text),
        a_site_name=ExpressionWrapper(F("site__name"), output_field=text),
        a_position=Window(RowNumber(), order_by=list(PRICE_ORDER)),
    ).values(
        "provider_id", "a_site", "a_district", "a_need", "a_key_stage", "a_places",
        "a_kind", "a_amount", "a_unit", "a_site_name", "a_position",
    )  # fmt: skip
    return site_rows.union(price_rows, all=True)


def gap_analysis(*, la_id: int) -> dict:
    """Approved places by key stage × need (Herefordshire: "identify where areas of AP are not
    currently offered"). Places at a site count under every need that site serves."""
    rows = (
        SiteCapacity.objects.filter(
            site__is_active=True,
            site__provider__status__in=BOOKABLE_STATUSES,
            site__provider__organisation__local_authority_id=la_id,
            site__needs__isnull=False,
        )
        .values("key_stage", "site__needs__need")
        .annotate(places=Sum("places"))
    )
    places = {(r["key_stage"], r["site__needs__need"]): r["places"] for r in rows}
    matrix = [
        {
            "key_stage": KeyStage(ks).label,
            "cells": [{"need": Need(n).label, "places": places.get((ks, n), 0)} for n in Need.values],
        }
        for ks in KeyStage.values
    ]
    gaps = sum(1 for row in matrix for cell in row["cells"] if not cell["places"])
    return {"needs": [Need(n).label for n in Need.values], "rows": matrix, "gaps": gaps}
