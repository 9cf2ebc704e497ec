"""Keeping each LA's provider register figures (providers.models.RegisterFigures, docs/adr/0005):
services that change what they count call `register_figures_changed` in their own transaction,
and the placements app's figures refresh (every minute) runs `register_figures_refresh`."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone

from apcommission.core.models import Organisation, OrganisationKind
from apcommission.core.scoping import local_authority_scope

from ..models import RegisterFigures
from ..selectors.home import REGISTER_FIGURES, register_figures_counted

#: Even with nothing changed, the figures are recounted this often (documents fall due with the date).
REFRESH_EVERY = dt.timedelta(minutes=15)


def register_figures_changed(*, provider_id: int) -> None:
    """Mark the figures of the provider's LA stale (in the caller's transaction): its officers' home
    page counts for itself until the refresh recounts them. One UPDATE, only when not already stale."""
    la = Organisation.objects.filter(provider=provider_id).values("local_authority_id")
    RegisterFigures.objects.filter(local_authority_id=Subquery(la), stale_since__isnull=True).update(
        stale_since=timezone.now()
    )


def register_figures_refresh(*, now: dt.datetime | None = None, force: bool = False) -> list[int]:
    """Recount the register figures of every LA whose row is missing, stale, of another day or older
    than REFRESH_EVERY (all with `force`: the registration counts were just recounted). Returns
    the LAs recounted."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows = {row.local_authority_id: row for row in RegisterFigures.objects.all()}
    recounted = []
    for la_id in Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY).values_list("pk", flat=True):
        row = rows.get(la_id)
        due = force or row is None or row.on != today or row.stale_since is not None or row.as_of <= now - REFRESH_EVERY
        if due:
            register_figures_count(la_id=la_id, today=today)
            recounted.append(la_id)
    return recounted


@transaction.atomic
def register_figures_count(*, la_id: int, today: dt.date) -> RegisterFigures | None:
    """Count one LA's register figures for `today` now and store them (with the time counting
    began), as its officers' home page counts them. While a provider has no registration count of
    today (registered since the last refresh) the page counts for itself: no row is kept."""
    # The row locked first: a change committed while counting marks it stale after this commits,
    # rather than being overwritten as counted.
    RegisterFigures.objects.select_for_update().filter(local_authority_id=la_id).first()
    began = timezone.now()
    figures = register_figures_counted(scope=local_authority_scope(la_id), today=today)
    if figures["uncounted"]:
        RegisterFigures.objects.filter(local_authority_id=la_id).delete()
        return None
    row, _ = RegisterFigures.objects.update_or_create(
        local_authority_id=la_id,
        defaults={
            "on": today,
            "as_of": began,
            "stale_since": None,
            **{name: figures[name] for name in REGISTER_FIGURES},
        },
    )
    return row
