"""Writes to the register: the provider record, contacts, sites and places, prices, and the
change requests through which a provider's own users propose prices and places."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apcommission.core.audit import audit_change, snapshot
from apcommission.core.models import Organisation, OrganisationKind

from ..choices import ApprovalStatus, ChangeKind, ChangeStatus
from ..models import ApprovalChange, ChangeRequest, Contact, Price, Provider, Site, SiteCapacity, SiteNeed
from ..validators import normalise_postcode, to_pence
from ._common import is_officer_for, is_provider_user_for, locked, require_officer
from .figures import register_figures_changed
from .summaries import provider_summary_changed

PROVIDER_FIELDS = (
    "provider_type",
    "urn",
    "ukprn",
    "company_number",
    "ofsted_judgement",
    "ofsted_date",
    "registration_status",
    "description",
    "website",
    "email",
    "telephone",
)
OFFER_FIELDS = ("description", "website", "email", "telephone")


@transaction.atomic
def provider_register(*, la: Organisation, name: str, author, **fields) -> Provider:
    """Put a provider on the LA's register, as applied (the start of the lifecycle)."""
    organisation = Organisation(kind=OrganisationKind.PROVIDER, name=name.strip(), local_authority=la)
    organisation.full_clean()
    organisation.save()
    provider = Provider(organisation=organisation, status=ApprovalStatus.APPLIED)
    for key in PROVIDER_FIELDS:
        if key in fields:
            setattr(provider, key, fields[key])
    require_officer(author, provider)
    provider.full_clean()
    provider.save()
    ApprovalChange.objects.create(
        provider=provider,
        from_status="",
        to_status=ApprovalStatus.APPLIED,
        reason="Added to the register",
        author=author,
    )
    audit_change(user=author, obj=provider)
    register_figures_changed(provider_id=provider.pk)
    return provider


@transaction.atomic
def provider_update(*, provider: Provider, author, name: str | None = None, **fields) -> Provider:
    """LA officers edit the record (identifiers, type, Ofsted, registration)."""
    require_officer(author, provider)
    provider = locked(provider)
    before = snapshot(provider)
    if name is not None and name.strip() != provider.organisation.name:
        provider.organisation.name = name.strip()
        provider.organisation.full_clean()
        provider.organisation.save()
    for key in PROVIDER_FIELDS:
        if key in fields:
            setattr(provider, key, fields[key])
    provider.full_clean()
    provider.save()
    audit_change(user=author, obj=provider, before=before)
    register_figures_changed(provider_id=provider.pk)
    return provider


def _require_officer_or_own(user, provider: Provider) -> None:
    if not (is_officer_for(user, provider) or is_provider_user_for(user, provider)):
        raise PermissionDenied("You cannot change this provider's record")


@transaction.atomic
def provider_update_offer(*, provider: Provider, author, **fields) -> Provider:
    """The provider's own users (and officers) edit the description of the offer and how to contact it."""
    _require_officer_or_own(author, provider)
    provider = locked(provider)
    before = snapshot(provider)
    for key in OFFER_FIELDS:
        if key in fields:
            setattr(provider, key, fields[key])
    provider.full_clean()
    provider.save()
    audit_change(user=author, obj=provider, before=before)
    return provider


@transaction.atomic
def contact_save(*, provider: Provider, author, contact: Contact | None = None, **fields) -> Contact:
    """Add or change a contact (the designated safeguarding lead among them)."""
    _require_officer_or_own(author, provider)
    if contact is not None and contact.provider_id != provider.pk:
        raise PermissionDenied("That contact belongs to another provider")
    before = snapshot(contact) if contact is not None else None
    contact = contact or Contact(provider=provider)
    for key in ("name", "job_title", "email", "telephone", "is_designated_safeguarding_lead"):
        if key in fields:
            setattr(contact, key, fields[key])
    contact.full_clean()
    contact.save()
    audit_change(user=author, obj=contact, before=before)
    return contact


@transaction.atomic
def site_add(
    *,
    provider: Provider,
    author,
    name: str,
    postcode: str = "",
    address: str = "",
    needs: list[str] | tuple[str, ...] = (),
    places: dict[str, int] | None = None,
) -> Site:
    """A site with its postcode, the needs it serves and its places per key stage."""
    require_officer(author, provider)
    provider = locked(provider)
    site = Site(provider=provider, name=name.strip(), address=address)
    if postcode:
        site.postcode, site.postcode_district = normalise_postcode(postcode)
    site.full_clean()
    site.save()
    SiteNeed.objects.bulk_create([SiteNeed(site=site, need=need) for need in dict.fromkeys(needs)])
    _set_places(site, places or {})
    provider_summary_changed(provider_id=provider.pk)
    audit_change(user=author, obj=site)
    return site


def _set_places(site: Site, places: dict[str, int]) -> None:
    for key_stage, count in places.items():
        if count is None:
            continue
        if count < 0:
            raise ValidationError({f"places_{key_stage}": "Enter a number of places of 0 or more"})
        if count == 0:
            SiteCapacity.objects.filter(site=site, key_stage=key_stage).delete()
            continue
        capacity, _ = SiteCapacity.objects.get_or_create(site=site, key_stage=key_stage, defaults={"places": count})
        if capacity.places != count:
            capacity.places = count
            capacity.full_clean()
            capacity.save()


@transaction.atomic
def capacity_set(*, site: Site, author, places: dict[str, int]) -> Site:
    """Set a site's places per key stage (0 removes the key stage). Officers only: providers ask."""
    require_officer(author, site.provider)
    locked(site.provider)
    before = {ks: n for ks, n in site.capacities.values_list("key_stage", "places")}
    _set_places(site, places)
    provider_summary_changed(provider_id=site.provider_id)
    after = {ks: n for ks, n in site.capacities.values_list("key_stage", "places")}
    from apcommission.core.audit import audit_record

    audit_record(user=author, action="change", obj=site, changes={"places": [before, after]})
    return site


def overlapping_prices(
    *, provider: Provider, unit: str, site: Site | None, effective_from: dt.date, effective_to: dt.date | None
):
    """Prices of the same unit whose dates overlap, at the same site, or at any site when either
    is an all-sites price (an all-sites price overlaps every site's price of the same unit)."""
    prices = Price.objects.filter(provider=provider, unit=unit)
    if site is not None:
        prices = prices.filter(Q(site=site) | Q(site__isnull=True))
    prices = prices.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=effective_from))
    if effective_to is not None:
        prices = prices.filter(effective_from__lte=effective_to)
    return prices


@transaction.atomic
def price_add(
    *,
    provider: Provider,
    author,
    unit: str,
    amount: Decimal,
    effective_from: dt.date,
    effective_to: dt.date | None = None,
    site: Site | None = None,
    description: str = "",
) -> Price:
    """Add a price; refused when it overlaps another of the same unit and site (the issue's rule)."""
    require_officer(author, provider)
    provider = locked(provider)
    if site is not None and site.provider_id != provider.pk:
        raise ValidationError({"site": "Select one of this provider's sites"})
    if effective_to is not None and effective_to < effective_from:
        raise ValidationError({"effective_to": "The end date must be the same as or after the start date"})
    clash = overlapping_prices(
        provider=provider, unit=unit, site=site, effective_from=effective_from, effective_to=effective_to
    ).first()
    if clash is not None:
        until = f"{clash.effective_to:%d/%m/%Y}" if clash.effective_to else "until further notice"
        where = clash.site.name if clash.site_id else "all sites"
        raise ValidationError(
            {
                "effective_from": f"These dates overlap the price of £{clash.amount} {clash.get_unit_display()} "
                f"({where}) from {clash.effective_from:%d/%m/%Y} {until}; end that price first or choose other dates"
            }
        )
    price = Price(
        provider=provider,
        site=site,
        unit=unit,
        amount=to_pence(amount),
        effective_from=effective_from,
        effective_to=effective_to,
        description=description,
    )
    price.full_clean()
    price.save()
    provider_summary_changed(provider_id=provider.pk)
    audit_change(user=author, obj=price)
    return price


@transaction.atomic
def change_request_submit(*, provider: Provider, author, kind: str, payload: dict, summary: str) -> ChangeRequest:
    """A provider's own user proposes a price or a change of places; an LA officer decides."""
    if not is_provider_user_for(author, provider):
        raise PermissionDenied("Only the provider's own users ask for changes")
    request = ChangeRequest(provider=provider, kind=kind, payload=payload, summary=summary[:300], requested_by=author)
    request.full_clean()
    request.save()
    audit_change(user=author, obj=request)
    register_figures_changed(provider_id=provider.pk)
    return request


def _apply(request: ChangeRequest, author) -> None:
    data = request.payload
    provider = request.provider
    site = Site.objects.filter(provider=provider, pk=data.get("site_id")).first() if data.get("site_id") else None
    if request.kind == ChangeKind.PRICE:
        price_add(
            provider=provider,
            author=author,
            unit=data["unit"],
            amount=Decimal(data["amount"]),
            effective_from=dt.date.fromisoformat(data["effective_from"]),
            effective_to=dt.date.fromisoformat(data["effective_to"]) if data.get("effective_to") else None,
            site=site,
            description=data.get("description", ""),
        )
    elif request.kind == ChangeKind.CAPACITY:
        if site is None:
            raise ValidationError("The site in this request no longer exists")
        capacity_set(site=site, author=author, places={k: int(v) for k, v in data["places"].items()})


@transaction.atomic
def change_request_decide(*, request: ChangeRequest, author, approve: bool, note: str = "") -> ChangeRequest:
    """Approve (and apply) or reject a provider's request. An approval that would break a rule
    (an overlapping price) is refused and the request stays waiting."""
    require_officer(author, request.provider)
    request = ChangeRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ChangeStatus.PENDING:
        raise ValidationError("This request has already been decided")
    if not approve and not note.strip():
        raise ValidationError({"note": "Enter the reason for rejecting the request"})
    before = snapshot(request)
    if approve:
        try:
            _apply(request, author)
        except ValidationError as error:
            messages = (
                [m for msgs in error.message_dict.values() for m in msgs]
                if hasattr(error, "error_dict")
                else error.messages
            )
            raise ValidationError(messages)
    request.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
    request.decided_by = author
    request.decided_at = timezone.now()
    request.decision_note = note.strip()
    request.save()
    audit_change(user=author, obj=request, before=before)
    register_figures_changed(provider_id=request.provider_id)
    return request
