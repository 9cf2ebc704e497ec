"""Keeping each provider's card on the approved list (providers.ProviderSummary,
docs/adr/0005-maintained-figures.md): the services that change a provider's sites, needs, places
or prices call `provider_summary_changed` in their own transaction, the models' signals do for any
other save or delete (the admin), and the placements app's figures refresh (every minute) runs
`provider_summaries_refresh`."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from ..models import Price, Provider, ProviderSummary, Site, SiteCapacity, SiteNeed
from ..selectors.register import provider_cards
from .figures import REFRESH_EVERY

#: Cards worked out in one transaction (their rows locked meanwhile).
BATCH = 200


def provider_summary_changed(*, provider_id: int) -> None:
    """Empty the provider's card (in the caller's transaction): the approved list works its summary
    out for itself until the refresh fills it again. An insert when the provider has no row yet
    (so a refresh working its card out meanwhile finds a row held by this transaction, and waits
    for it), otherwise an update: one statement either way."""
    ProviderSummary.objects.bulk_create(
        [ProviderSummary(provider_id=provider_id, card=None)],
        update_conflicts=True,
        unique_fields=["provider"],
        update_fields=["card"],
    )


def provider_summaries_refresh(*, now: dt.datetime | None = None, force: bool = False) -> int:
    """Work out the card of every provider whose card is missing, emptied or older than
    REFRESH_EVERY (every card with `force`). Returns how many were worked out."""
    now = now or timezone.now()
    # An empty row for every provider without one first, committed before any card is worked out:
    # a change made while the cards are worked out then finds the row to empty (an insert made
    # with the card could overwrite a change committed meanwhile).
    missing = Provider.objects.filter(summary__isnull=True).values_list("pk", flat=True)
    ProviderSummary.objects.bulk_create([ProviderSummary(provider_id=pk) for pk in missing], ignore_conflicts=True)
    due = ProviderSummary.objects.all()
    if not force:
        due = due.filter(Q(card__isnull=True) | Q(as_of__lte=now - REFRESH_EVERY))
    ids = list(due.order_by("provider_id").values_list("provider_id", flat=True))
    for start in range(0, len(ids), BATCH):
        provider_summaries_count(provider_ids=ids[start : start + BATCH])
    return len(ids)


@transaction.atomic
def provider_summaries_count(*, provider_ids: list[int]) -> None:
    """Work out the providers' cards now and store them, with the time the work began."""
    # The rows locked first: a change committed while the cards are worked out empties its card
    # after this commits, rather than being overwritten by a card that does not show it.
    locked = ProviderSummary.objects.select_for_update().filter(provider_id__in=provider_ids).order_by("provider_id")
    ids = list(locked.values_list("provider_id", flat=True))
    began = timezone.now()
    cards = provider_cards(ids)
    # Rows held by this transaction, so an insert that updates them (bulk_update's CASE per row
    # costs seconds of Python for a county).
    ProviderSummary.objects.bulk_create(
        [ProviderSummary(provider_id=pk, card=cards[pk], as_of=began) for pk in ids],
        update_conflicts=True,
        unique_fields=["provider"],
        update_fields=["card", "as_of"],
    )


# The safety net for writes outside the services (the admin, a shell): any save or delete of a
# site, a need served, places or a price empties the provider's card. Deletes only empty a row
# already there (a provider being deleted takes its summary with it: a new row would outlive it).


@receiver(post_save, sender=Site)
@receiver(post_save, sender=Price)
def _site_or_price_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:  # loading fixtures: the provider may not be loaded yet
        ProviderSummary.objects.filter(provider_id=instance.provider_id).update(card=None)
    else:
        provider_summary_changed(provider_id=instance.provider_id)


@receiver(post_save, sender=SiteNeed)
@receiver(post_save, sender=SiteCapacity)
def _need_or_places_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        ProviderSummary.objects.filter(provider__sites=instance.site_id).update(card=None)
    else:
        provider_summary_changed(provider_id=instance.site.provider_id)


@receiver(post_delete, sender=Site)
@receiver(post_delete, sender=Price)
def _site_or_price_deleted(sender, instance, **kwargs) -> None:
    ProviderSummary.objects.filter(provider_id=instance.provider_id).update(card=None)


@receiver(post_delete, sender=SiteNeed)
@receiver(post_delete, sender=SiteCapacity)
def _need_or_places_deleted(sender, instance, **kwargs) -> None:
    ProviderSummary.objects.filter(provider__sites=instance.site_id).update(card=None)
