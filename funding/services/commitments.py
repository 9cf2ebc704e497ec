"""Working out an LA's committed costs month by month: the maintained summary (`Commitment`) that
the High Needs Block dashboard, the school figures and the equity view add up in SQL.

- **Top-up**: each booked, active, ended or broken-down placement's weekly cost (its snapshotted
  price, or a banded top-up agreed instead) over the school days of each month it runs, from its
  start to its end date or the day it ended (placements.selectors.placement_months: the same rule
  and rounding as the placement's committed cost). Paid by whoever its route snapshot says.
- **Lump sum**: the LA's lump sum for the placement's route in the financial year it starts, in
  the month it starts. Paid by the route snapshot's lump-sum funder.
- **Place funding**: places × rate for each academic year, a twelfth in each month from September
  (the pennies left by rounding go in August). Paid by the LA.

Rebuilt whole for an LA in one transaction, so a reader never sees half of it, with the summary the
High Needs Block pages read (`commitment_summary_refresh`, docs/adr/0005-maintained-figures.md). Runs nightly
(funding.tasks), after finance changes a band, lump sum or places, and when finance asks."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apcommission.core.models import Organisation
from apcommission.core.years import AcademicYear, financial_year_start, month_end
from placements.costs import to_pence, weekly_cost
from placements.models import Placement
from placements.selectors import placement_last_day, placement_months

from ..models import CommissionedPlaces, Commitment, CommitmentKind, CommitmentRefresh, LumpSum, Payer
from ..payers import payer_for
from ..rules import COMMITTED_STATUSES
from .commitment_summary import commitment_summary_refresh
from .equity import school_year_figures_refresh


def agreed_weekly_cost(placement: Placement) -> Decimal | None:
    """The placement's weekly top-up: a banded top-up's amount a year spread over the school weeks
    (as a place-year price is), else the weekly cost snapshotted at booking."""
    banded = getattr(placement, "banded_top_up", None)
    if banded is not None:
        return weekly_cost(
            unit="place_year", amount=banded.annual_amount, sessions_per_week=placement.sessions_per_week
        )
    return placement.weekly_cost


def committed_placements(local_authority: Organisation):
    return (
        Placement.objects.filter(pupil__home_la=local_authority, status__in=COMMITTED_STATUSES)
        .select_related("pupil__home_school__organisation", "requesting_school", "route", "banded_top_up")
        .order_by("pk")
    )


def _payer_school(placement: Placement, payer: str):
    if payer != Payer.SCHOOL:
        return None
    return placement.requesting_school or placement.pupil.home_school


def _top_up_rows(local_authority, placements) -> list[Commitment]:
    weekly = {p.pk: w for p in placements if (w := agreed_weekly_cost(p)) is not None}
    by_id = {p.pk: p for p in placements}
    rows = []
    for month in placement_months(placements, weekly=weekly):
        if not month.school_days:
            continue
        placement = by_id[month.placement_id]
        payer = payer_for(placement.top_up_funder)
        rows.append(
            Commitment(
                local_authority=local_authority,
                kind=CommitmentKind.TOP_UP,
                payer=payer,
                payer_school=_payer_school(placement, payer),
                placement=placement,
                provider_id=placement.provider_id,
                month=month.month,
                month_end=month_end(month.month),
                financial_year=financial_year_start(month.month),
                school_days=month.school_days,
                sessions=month.sessions.quantize(Decimal("0.01")),
                hours=month.hours.quantize(Decimal("0.01")),
                amount=month.cost,
            )
        )
    return rows


def _lump_sum_rows(local_authority, placements) -> list[Commitment]:
    amounts = {
        (row.route_code, row.financial_year): row.amount
        for row in LumpSum.objects.filter(local_authority=local_authority)
    }
    rows = []
    for placement in placements:
        year = financial_year_start(placement.start_date)
        amount = amounts.get((placement.route.code, year))
        if not amount or placement_last_day(placement) < placement.start_date:
            continue
        payer = payer_for(placement.lump_sum_funder)
        month = placement.start_date.replace(day=1)
        rows.append(
            Commitment(
                local_authority=local_authority,
                kind=CommitmentKind.LUMP_SUM,
                payer=payer,
                payer_school=_payer_school(placement, payer),
                placement=placement,
                provider_id=placement.provider_id,
                month=month,
                month_end=month_end(month),
                financial_year=year,
                amount=amount,
            )
        )
    return rows


def place_funding_by_month(funding: Decimal, academic_year: int) -> list[tuple[dt.date, Decimal]]:
    """A year's place funding in twelve monthly payments from September, each rounded to the
    penny; the last (August) takes what rounding left, so the twelve add up to the year exactly."""
    months = AcademicYear(academic_year).months
    monthly = to_pence(funding / 12)
    return [(month, monthly if i < 11 else funding - monthly * 11) for i, month in enumerate(months)]


def _place_funding_rows(local_authority) -> list[Commitment]:
    rows = []
    for places in CommissionedPlaces.objects.filter(local_authority=local_authority):
        for month, amount in place_funding_by_month(places.funding, places.academic_year):
            rows.append(
                Commitment(
                    local_authority=local_authority,
                    kind=CommitmentKind.PLACE_FUNDING,
                    payer=Payer.LA,
                    provider_id=places.provider_id,
                    month=month,
                    month_end=month_end(month),
                    financial_year=financial_year_start(month),
                    amount=amount,
                )
            )
    return rows


def commitments_refresh(*, local_authority: Organisation, now: dt.datetime | None = None) -> CommitmentRefresh:
    """Rebuild the LA's committed costs. A fixed number of queries for any number of placements."""
    placements = list(committed_placements(local_authority))
    rows = [
        *_top_up_rows(local_authority, placements),
        *_lump_sum_rows(local_authority, placements),
        *_place_funding_rows(local_authority),
    ]
    with transaction.atomic():
        # Lock the LA's "as of" row first, so two refreshes of one LA take turns.
        refresh, _ = CommitmentRefresh.objects.select_for_update().get_or_create(
            local_authority=local_authority, defaults={"refreshed_at": now or timezone.now()}
        )
        Commitment.objects.filter(local_authority=local_authority).delete()
        Commitment.objects.bulk_create(rows, batch_size=500)
        commitment_summary_refresh(local_authority=local_authority)
        refresh.refreshed_at = now or timezone.now()
        refresh.rows = len(rows)
        refresh.unpriced = sum(1 for p in placements if agreed_weekly_cost(p) is None)
        refresh.summarised = True
        refresh.summary_version = uuid.uuid4()
        refresh.save(update_fields=["refreshed_at", "rows", "unpriced", "summarised", "summary_version"])
        school_year_figures_refresh(local_authority=local_authority, now=refresh.refreshed_at)
    return refresh


def commitments_refresh_all(*, now: dt.datetime | None = None) -> int:
    """Every LA's commitments (the nightly task). Returns how many LAs."""
    las = Organisation.objects.filter(kind="la")
    for la in las:
        commitments_refresh(local_authority=la, now=now)
    return len(las)
