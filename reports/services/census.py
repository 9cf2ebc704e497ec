"""Keeping the AP census return's figures (docs/adr/0005-maintained-figures.md): for each LA, the
placements in its return on census day and the problems to put right (CensusFigures), counted by
the census page's own `census_check` over the LA's placements.

The Celery task `reports.tasks.refresh_census_figures` runs `census_figures_refresh` every minute:
an LA is recounted when its row is missing, of another census day or of another day, when the LA's
placement figures were recounted after it (they are marked stale by every change to placements,
reviews or a pupil: placements.services.figures), or when it is older than REFRESH_EVERY (a
provider's URN or UKPRN entered marks nothing stale). Each count also numbers the return's
placements in the page's order (CensusEntry). Anonymising a pupil in the return forgets the LA's
figures (reports.child_data), whose problems may name the pupil's UPN."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from apcommission.core.models import Organisation, OrganisationKind
from apcommission.core.scoping import local_authority_scope
from placements.models import LocalAuthorityFigures
from placements.services.figures import REFRESH_EVERY

from ..models import CensusEntry, CensusFigures
from ..selectors.census import census_check, census_day_now, census_order, census_placements


def _due(row: CensusFigures | None, *, day: dt.date, counted: dt.datetime | None, now: dt.datetime) -> bool:
    if row is None or row.census_day != day or timezone.localdate(row.as_of) != timezone.localdate(now):
        return True
    if counted is not None and counted > row.as_of:
        return True
    return row.as_of <= now - REFRESH_EVERY


def census_figures_refresh(*, now: dt.datetime | None = None, force: bool = False) -> list[int]:
    """Recount the census figures of every LA that needs it (see the module). Returns the LAs
    recounted."""
    now = now or timezone.now()
    day = census_day_now(timezone.localdate(now))
    rows = {row.local_authority_id: row for row in CensusFigures.objects.all()}
    counted = dict(LocalAuthorityFigures.objects.values_list("local_authority_id", "as_of"))
    recounted = []
    for la_id in Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY).values_list("pk", flat=True):
        if force or _due(rows.get(la_id), day=day, counted=counted.get(la_id), now=now):
            census_figures_count(la_id=la_id, day=day)
            recounted.append(la_id)
    return recounted


@transaction.atomic
def census_figures_count(*, la_id: int, day: dt.date) -> CensusFigures:
    """Count one LA's census check for `day` now and store it (with the time counting began)."""
    began = timezone.now()
    scope = local_authority_scope(la_id)
    check = census_check(user=None, on=day, placements=census_placements(scope=scope, on=day))
    figures, _ = CensusFigures.objects.update_or_create(
        local_authority_id=la_id,
        defaults={"census_day": day, "as_of": began, "placements": check.placements, "problems": check.problems},
    )
    # The return's placements in the page's order, numbered from 1, for pages read by position.
    CensusEntry.objects.filter(figures=figures).delete()
    CensusEntry.objects.bulk_create(
        CensusEntry(figures=figures, position=position, placement_id=placement_id)
        for position, placement_id in enumerate(census_order(la_id=la_id, on=day), start=1)
    )
    return figures


def census_figures_forget(entry_ids: list[int]) -> None:
    """Forget the figures that hold these entries (their problems may name the UPN of the pupil
    whose records are being anonymised): the page counts for itself until the next count."""
    CensusFigures.objects.filter(entries__in=entry_ids).delete()
