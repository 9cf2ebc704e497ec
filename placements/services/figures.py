"""Keeping the maintained figures (docs/adr/0005-maintained-figures.md): each LA's dashboard tiles
and pupils in AP by key stage on the snapshot's default dates (LocalAuthorityFigures,
PupilsInApCount), each school's and provider's own dashboard tiles (OrganisationFigures), and every
provider's registration-test counts (providers.RegistrationCount).

Services that change what they count call `figures_changed` in their own transaction; the Celery
task `placements.tasks.refresh_figures` runs `figures_refresh` every minute, which recounts the LAs
whose figures are stale, missing, of another day or older than REFRESH_EVERY."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from apcommission.core.models import KeyStage, Organisation, OrganisationKind
from apcommission.core.scoping import local_authority_scope
from providers.services import provider_summaries_refresh, register_figures_refresh, registration_counts_refresh

from ..models import PROVIDER_VISIBLE_STATUSES, LocalAuthorityFigures, OrganisationFigures, Placement, PupilsInApCount
from ..selectors.dashboard import OWN_TILES_GROUP, dashboard_tiles, dashboard_tiles_by
from ..selectors.deadlines import day6_duties_met, day6_period
from ..selectors.home import PANEL_WAITING
from ..selectors.snapshot import pupils_in_ap_by_key_stage, snapshot_default_dates
from .review_schedule import review_schedule_refresh

#: Even with nothing changed, figures are recounted this often: dates pass (placements end, pupils
#: move up a key stage) without any service running.
REFRESH_EVERY = dt.timedelta(minutes=15)


def figures_changed(*, placement: Placement | None = None, local_authority_id: int | None = None) -> None:
    """Mark the LA's figures stale (in the caller's transaction): the refresh recounts them within a
    minute. Call on any change to placements (status, dates, site), reviews, or a pupil's date of
    birth. One UPDATE of one row, only when not already stale."""
    la_id = local_authority_id if local_authority_id is not None else placement.pupil.home_la_id
    LocalAuthorityFigures.objects.filter(local_authority_id=la_id, stale_since__isnull=True).update(
        stale_since=timezone.now()
    )


def _due(row: LocalAuthorityFigures | None, *, now: dt.datetime, today: dt.date, force: bool) -> bool:
    if force or row is None or row.on != today or row.stale_since is not None:
        return True
    return row.as_of <= now - REFRESH_EVERY


def figures_refresh(*, now: dt.datetime | None = None, force: bool = False) -> list[int]:
    """Recount the figures of every LA that needs it (see the module), then, if any did, every
    provider's registration counts. Returns the LAs recounted."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows = {row.local_authority_id: row for row in LocalAuthorityFigures.objects.all()}
    la_ids = Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY).values_list("pk", flat=True)
    recounted = []
    for la_id in la_ids:
        row = rows.get(la_id)
        if not _due(row, now=now, today=today, force=force):
            continue
        placements = Placement.objects.visible_in(local_authority_scope(la_id))
        # A new day: work out every due date again (term dates or the interval may have changed).
        review_schedule_refresh(placements=placements, only_missing=row is not None and row.on == today)
        local_authority_figures_count(la_id=la_id, today=today)
        recounted.append(la_id)
    if recounted or not OrganisationFigures.objects.filter(on=today).exists():
        # Every school's and provider's own tiles with any LA's (their placements may be of several
        # LAs), and at once when none are of today (a fresh install).
        organisation_figures_count(today=today)
    if recounted:
        registration_counts_refresh(on=today)
    # The provider register's figures, which read the registration counts: all of them after a
    # recount of those, otherwise those stale or old.
    register_figures_refresh(now=now, force=bool(recounted))
    # The approved list's cards: those emptied by a change, missing or older than REFRESH_EVERY.
    provider_summaries_refresh(now=now, force=force)
    return recounted


@transaction.atomic
def local_authority_figures_count(*, la_id: int, today: dt.date) -> LocalAuthorityFigures:
    """Count one LA's figures for `today` now and store them (with the time counting began)."""
    began = timezone.now()
    placements = Placement.objects.visible_in(local_authority_scope(la_id))
    tiles = dashboard_tiles(placements=placements, today=today)
    PupilsInApCount.objects.filter(local_authority_id=la_id).delete()
    PupilsInApCount.objects.bulk_create(
        PupilsInApCount(local_authority_id=la_id, day=day, key_stage=code, pupils=counts[code], as_of=began)
        for day in sorted(set(snapshot_default_dates(today)))
        for counts in [pupils_in_ap_by_key_stage(placements=placements, day=day)]
        for code in KeyStage.values
    )
    # The dashboard's day-6 figures for the academic year, with the tiles.
    start, end = day6_period(today)
    day6 = day6_duties_met(local_authority_id=la_id, start=start, end=end, today=today)
    # The home page's panel queue: requests waiting for the panel (placements_home_panels).
    panel_waiting = placements.awaiting_panel().count()
    figures, _ = LocalAuthorityFigures.objects.update_or_create(
        local_authority_id=la_id,
        defaults={
            "on": today,
            "as_of": began,
            "stale_since": None,
            "figures": {**tiles, "day6": day6.as_json(), PANEL_WAITING: panel_waiting},
        },
    )
    return figures


@transaction.atomic
def organisation_figures_count(*, today: dt.date) -> None:
    """Count every school's and every provider's own dashboard tiles for `today` (what their users
    see: placements of the school's pupils; placements at the provider in the statuses a provider
    sees) in grouped queries, and store them, a row for every school and provider, zeros included."""
    began = timezone.now()
    kinds = {
        OrganisationFigures.SeenAs.SCHOOL: (
            Placement.objects.all(),
            Organisation.objects.filter(kind=OrganisationKind.SCHOOL),
            True,
        ),
        OrganisationFigures.SeenAs.PROVIDER: (
            Placement.objects.filter(status__in=PROVIDER_VISIBLE_STATUSES),
            Organisation.objects.filter(provider__isnull=False),
            False,
        ),
    }
    rows = []
    for seen_as, (placements, organisations, by_provider) in kinds.items():
        group = OWN_TILES_GROUP[seen_as]
        counted = dashboard_tiles_by(placements=placements, today=today, group=group, by_provider=by_provider)
        empty = dashboard_tiles(placements=Placement.objects.none(), today=today, by_provider=by_provider)
        rows += [
            OrganisationFigures(
                organisation_id=org_id, seen_as=seen_as, on=today, as_of=began, figures=counted.get(org_id, empty)
            )
            for org_id in organisations.values_list("pk", flat=True)
        ]
    OrganisationFigures.objects.all().delete()
    OrganisationFigures.objects.bulk_create(rows, batch_size=1000)
