"""Reads of the provider register that views, PDFs, other apps and the home page share."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.urls import reverse
from django.utils import timezone

from apcommission.core.models import KeyStage, Need, Role
from apcommission.core.scoping import Scope

from . import conf, registration
from .choices import BOOKABLE_STATUSES, NON_SCHOOL_TYPES, ApprovalStatus, ChangeStatus
from .models import (
    ApprovalChange,
    ChangeRequest,
    ComplianceDocument,
    Concern,
    Price,
    Provider,
    QAReview,
    Site,
    SiteCapacity,
)
from .services._common import OFFICER_ROLES


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


def site_places_free(site: Site, key_stage: str, on: dt.date | None = None) -> int:
    """Places free at a site for a key stage on a date: the site's capacity less the places the
    placements app says are taken (placements.selectors.places_taken, when that app provides it)."""
    on = on or timezone.localdate()
    capacity = SiteCapacity.objects.filter(site=site, key_stage=key_stage).values_list("places", flat=True).first() or 0
    return max(capacity - _places_taken(site=site, key_stage=key_stage, on=on), 0)


def _places_taken(*, site: Site, key_stage: str, on: dt.date) -> int:
    try:
        placements_selectors = import_module("placements.selectors")
    except ModuleNotFoundError:
        return 0
    places_taken = getattr(placements_selectors, "places_taken", None)
    if places_taken is None:
        return 0
    return int(places_taken(site=site, key_stage=key_stage, on=on))


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


def approved_list(*, user, on: dt.date | None = None) -> QuerySet[Provider]:
    """The approved list a school sees: bookable providers of its LA, with sites, places and
    today's prices prefetched (a constant number of queries whatever its length)."""
    on = on or timezone.localdate()
    return (
        Provider.objects.visible_to(user)
        .bookable()
        .select_related("organisation")
        .prefetch_related(_active_sites(), _current_prices(on))
        .order_by("organisation__name", "pk")
    )


def register_list(*, user) -> QuerySet[Provider]:
    """The whole register, every status, for LA staff (filter and paginate it, then call
    `attach_registration_flags` on the page)."""
    return Provider.objects.visible_to(user).select_related("organisation").order_by("organisation__name", "pk")


def attach_registration_flags(providers, *, on: dt.date | None = None) -> list[Provider]:
    """Sets `registration_flag` (today's registration warning) on each provider of a page, with
    one batched count whatever the page's length."""
    providers = list(providers)
    flags = registration_warnings(providers=providers, on=on)
    for provider in providers:
        provider.registration_flag = flags[provider.pk]
    return providers


def _placed_pupils(*, providers: list[Provider], on: dt.date) -> dict[int, list[registration.PupilAtProvider]]:
    try:
        placements_registration = import_module("placements.selectors_registration")
    except ModuleNotFoundError:
        return {}
    return placements_registration.providers_registration_inputs(providers=providers, on=on)


def registration_warnings(*, providers, on: dt.date | None = None) -> dict[int, registration.RegistrationWarning]:
    """Each provider's registration warning on `on` (today), from its booked and active placements
    (Education and Skills Act 2008 s.92; providers.registration). Only non-school types are tested;
    one query for all the providers' pupils whatever their number."""
    on = on or timezone.localdate()
    providers = list(providers)
    non_school = [p for p in providers if p.provider_type in NON_SCHOOL_TYPES]
    pupils = _placed_pupils(providers=non_school, on=on) if non_school else {}
    return {
        provider.pk: registration.registration_warning(
            registration.count_pupils(pupils.get(provider.pk, [])),
            is_school=provider.provider_type not in NON_SCHOOL_TYPES,
        )
        for provider in providers
    }


def registration_warning(*, provider: Provider, on: dt.date | None = None) -> registration.RegistrationWarning:
    """One provider's registration warning on `on` (today), from its placements."""
    return registration_warnings(providers=[provider], on=on)[provider.pk]


def providers_that_must_register(
    *, user, on: dt.date | None = None
) -> list[tuple[Provider, registration.RegistrationWarning]]:
    """Non-school providers the user's LA uses that the registration test flags today (not
    decommissioned ones: they have no pupils to count)."""
    providers = list(
        Provider.objects.visible_to(user)
        .filter(provider_type__in=NON_SCHOOL_TYPES)
        .exclude(status=ApprovalStatus.DECOMMISSIONED)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    flags = registration_warnings(providers=providers, on=on)
    return [(p, flags[p.pk]) for p in providers if flags[p.pk].must_register]


def provider_for_detail(*, provider: Provider, on: dt.date | None = None) -> Provider:
    """The provider with its sites, contacts and today's prices loaded for the detail page."""
    on = on or timezone.localdate()
    provider = (
        Provider.objects.filter(pk=provider.pk)
        .select_related("organisation")
        .prefetch_related(_active_sites(), _current_prices(on), "contacts")
        .get()
    )
    provider.registration_flag = registration_warning(provider=provider, on=on)
    return provider


def summarise_sites(provider: Provider) -> dict:
    """Key stages, needs, districts and total places across a provider's active sites."""
    key_stages: dict[str, int] = {}
    needs: set[str] = set()
    districts: set[str] = set()
    for site in getattr(provider, "active_sites", []):
        for capacity in site.capacities.all():
            key_stages[capacity.key_stage] = key_stages.get(capacity.key_stage, 0) + capacity.places
        needs.update(n.need for n in site.needs.all())
        if site.postcode_district:
            districts.add(site.postcode_district)
    return {
        "key_stages": [(KeyStage(k).label, key_stages[k]) for k in KeyStage.values if k in key_stages],
        "needs": [Need(n).label for n in Need.values if n in needs],
        "districts": sorted(districts),
        "places": sum(key_stages.values()),
    }


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


def documents_due(*, user, on: dt.date | None = None, within_days: int | None = None) -> QuerySet[ComplianceDocument]:
    """Documents expired, or expiring within the warning period (30 days), for the reminders issue."""
    on = on or timezone.localdate()
    within = conf.document_expiry_warning_days() if within_days is None else within_days
    return (
        ComplianceDocument.objects.visible_to(user)
        .filter(expires_on__lte=on + dt.timedelta(days=within))
        .select_related("provider__organisation")
        .order_by("expires_on", "pk")
    )


def latest_qa_reviews(provider: Provider) -> QuerySet[QAReview]:
    return provider.qa_reviews.select_related("author", "moderated_by").order_by("-reviewed_on", "-id")


def home_panels(*, user, scope: Scope) -> list[dict]:
    """Officers: reviews awaiting moderation, documents due, open concerns, change requests;
    schools: the approved list; providers: their own record."""
    panels: list[dict] = []
    if scope.has_role(*OFFICER_ROLES):
        awaiting = QAReview.objects.visible_to(user).awaiting_moderation().count()
        due = documents_due(user=user).count()
        concerns = Concern.objects.visible_to(user).open().count()
        changes = ChangeRequest.objects.visible_to(user).filter(status=ChangeStatus.PENDING).count()
        panels.append(
            {
                "title": "Provider register",
                "links": [
                    {
                        "label": "QA reviews awaiting moderation",
                        "url": reverse("providers:qa-reviews"),
                        "hint": f"{awaiting} waiting",
                    },
                    {
                        "label": "Documents expired or expiring within 30 days",
                        "url": reverse("providers:documents"),
                        "hint": f"{due} documents",
                    },
                    {"label": "Open concerns", "url": reverse("providers:concerns"), "hint": f"{concerns} open"},
                    {
                        "label": "Changes asked for by providers",
                        "url": reverse("providers:change-requests"),
                        "hint": f"{changes} waiting",
                    },
                    {"label": "Gap analysis", "url": reverse("providers:gap-analysis"), "hint": ""},
                ],
            }
        )
        must_register = providers_that_must_register(user=user)
        if must_register:
            panels.append(
                {
                    "title": "Providers that must register as an independent school",
                    "links": [
                        {
                            "label": provider.name,
                            "url": reverse("providers:detail", args=[provider.pk]),
                            "hint": warning.reason,
                        }
                        for provider, warning in must_register
                    ],
                }
            )
    if scope.has_role(Role.SCHOOL_USER):
        panels.append(
            {
                "title": "Approved providers",
                "links": [
                    {
                        "label": "Find an approved provider",
                        "url": reverse("providers:approved-list"),
                        "hint": "Quality assured by the local authority",
                    },
                    {"label": "Your concerns and feedback", "url": reverse("providers:concerns"), "hint": ""},
                ],
            }
        )
    if scope.has_role(Role.PROVIDER_USER):
        own = Provider.objects.filter(organisation_id__in=scope.provider_ids).select_related("organisation")
        panels.append(
            {
                "title": "Your provider record",
                "links": [
                    {"label": p.name, "url": reverse("providers:detail", args=[p.pk]), "hint": p.get_status_display()}
                    for p in own
                ],
            }
        )
    return panels


__all__ = [
    "approved_list",
    "bookable_providers",
    "documents_due",
    "gap_analysis",
    "home_panels",
    "is_bookable",
    "latest_qa_reviews",
    "price_list",
    "provider_for_detail",
    "providers_that_must_register",
    "register_list",
    "registration_warning",
    "registration_warnings",
    "site_places_free",
    "summarise_sites",
]
