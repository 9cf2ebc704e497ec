"""Equity of access's maintained figures (`SchoolYearFigures`): for each school and financial year,
the placements of its pupils, their school days in AP and the cost of the year's top-ups and lump
sums, and what the school paid of that — the same figures `funding.selectors.equity` counts
directly, summed once when the LA's committed costs are worked out instead of on every page.

`commitments_refresh` calls `school_year_figures_refresh` at the end of its transaction, so the
figures are as of the committed costs they sum and a reader never sees one without the other.

The page's whole row per school (`SchoolEquityFigures`: the AP used beside what the school paid in
and the recoupment raised from it) is counted from those figures by the page's own statement
(`equity_figures_count`); what changes it marks the LA's rows stale in its transaction
(`equity_figures_changed`), and a stale LA's page counts for itself until `refresh_equity_figures`
recounts it (every minute)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from apcommission.core.models import Organisation, School
from apcommission.core.years import FinancialYear, financial_year_start
from placements.models import Commissioner, Placement

from ..models import (
    Commitment,
    CommitmentKind,
    Recoupment,
    SchoolContribution,
    SchoolEquityFigures,
    SchoolYearFigures,
    SchoolYearFiguresRefresh,
    TopUpRow,
    TopUpTotals,
)
from ..rules import COMMITTED_STATUSES
from ..selectors.equity import AP_USED_KINDS, EQUITY_FIGURES, ap_used_sums, equity_rows_counted, summed_money

MONEY = Decimal("0.00")


def _years_used(start: dt.date, end: dt.date, ended_on: dt.date | None):
    """The financial years a placement counts in: booked over any part of the year and not ended
    before it began (the equity selector's rule, year by year)."""
    last = end if ended_on is None else min(end, ended_on)
    first_year, last_year = sorted((financial_year_start(start), financial_year_start(last)))
    for year in range(first_year, last_year + 1):
        span = FinancialYear(year)
        ended_before = ended_on is not None and ended_on < span.first_day
        if start <= span.last_day and end >= span.first_day and not ended_before:
            yield year


def school_year_figures(local_authority: Organisation) -> dict[tuple[int, int], dict]:
    """Per (financial year, school) of the LA's pupils: placements, school days, AP cost and what
    the school paid (by the pupil's home school), and the placements arranged for the school under
    the traded offer that start in the year (by the requesting school; two queries)."""
    figures: dict[tuple[int, int], dict] = defaultdict(
        lambda: {"placements": 0, "school_days": 0, "ap_cost": MONEY, "school_paid": MONEY, "traded_placements": 0}
    )
    placements = (
        Placement.objects.filter(pupil__home_la=local_authority, status__in=COMMITTED_STATUSES)
        .order_by()
        .values_list(
            "pupil__home_school_id", "start_date", "end_date", "ended_on", "commissioner", "requesting_school_id"
        )
    )
    for school_id, start, end, ended_on, commissioner, requesting_id in placements.iterator(chunk_size=5000):
        if school_id is not None:
            for year in _years_used(start, end, ended_on):
                figures[(year, school_id)]["placements"] += 1
        if commissioner == Commissioner.SCHOOL and requesting_id is not None:
            figures[(financial_year_start(start), requesting_id)]["traded_placements"] += 1
    commitments = (
        Commitment.objects.filter(
            local_authority=local_authority, kind__in=AP_USED_KINDS, placement__pupil__home_school__isnull=False
        )
        .order_by()
        .values("financial_year", school=F("placement__pupil__home_school"))
        .annotate(**ap_used_sums())
    )
    for row in commitments:
        entry = figures[(row["financial_year"], row["school"])]
        entry["school_days"] = row["school_days"] or 0
        entry["ap_cost"] = summed_money(row["ap_cost"])
        entry["school_paid"] = summed_money(row["school_paid"])
    return figures


def top_up_totals_of(local_authority: Organisation) -> list[TopUpTotals]:
    """Per financial year, payer and paying school of the LA's committed costs: the top-ups and
    lump sums, and the top-up list's rows (placement, payer, provider and paying school) among
    them (two queries)."""
    kinds = (CommitmentKind.TOP_UP, CommitmentKind.LUMP_SUM)
    groups: dict[tuple, TopUpTotals] = {}
    sums = (
        Commitment.objects.filter(local_authority=local_authority, kind__in=kinds)
        .order_by()
        .values_list("financial_year", "payer", "payer_school_id")
        .annotate(
            top_up=Sum("amount", filter=Q(kind=CommitmentKind.TOP_UP)),
            lump_sum=Sum("amount", filter=Q(kind=CommitmentKind.LUMP_SUM)),
        )
    )
    for year, payer, school_id, top_up, lump_sum in sums:
        groups[(year, payer, school_id)] = TopUpTotals(
            local_authority=local_authority,
            financial_year=year,
            payer=payer,
            payer_school_id=school_id,
            top_up=summed_money(top_up),
            lump_sum=summed_money(lump_sum),
        )
    rows = (
        Commitment.objects.filter(local_authority=local_authority, kind__in=kinds, placement__isnull=False)
        .order_by()
        .values_list("financial_year", "payer", "payer_school_id", "placement_id", "provider_id")
        .distinct()
    )
    for year, payer, school_id, _placement, _provider in rows.iterator(chunk_size=5000):
        groups[(year, payer, school_id)].rows += 1
    return list(groups.values())


def top_up_rows_of(local_authority: Organisation) -> list[TopUpRow]:
    """The top-up list's rows of the LA's committed costs, every year: per financial year,
    placement, payer, provider and paying school, the school days of the top-ups, the top-up and
    the lump sum, and the pupil's names the list is sorted by (one query; `top_up_rows` directly)."""
    rows = (
        Commitment.objects.filter(
            local_authority=local_authority,
            kind__in=(CommitmentKind.TOP_UP, CommitmentKind.LUMP_SUM),
            placement__isnull=False,
        )
        .order_by()
        .values_list(
            "financial_year",
            "placement_id",
            "payer",
            "provider_id",
            "payer_school_id",
            "placement__pupil__legal_last_name",
            "placement__pupil__legal_first_name",
        )
        .annotate(
            school_days=Sum("school_days"),
            top_up=Sum("amount", filter=Q(kind=CommitmentKind.TOP_UP)),
            lump_sum=Sum("amount", filter=Q(kind=CommitmentKind.LUMP_SUM)),
        )
    )
    return [
        TopUpRow(
            local_authority=local_authority,
            financial_year=year,
            placement_id=placement_id,
            payer=payer,
            provider_id=provider_id,
            payer_school_id=school_id,
            sort_last_name=last_name,
            sort_first_name=first_name,
            school_days=school_days or 0,
            top_up=summed_money(top_up),
            lump_sum=summed_money(lump_sum),
        )
        for year, placement_id, payer, provider_id, school_id, last_name, first_name, school_days, top_up, lump_sum in (
            rows.iterator(chunk_size=5000)
        )
    ]


def school_year_figures_refresh(*, local_authority: Organisation, now: dt.datetime | None = None) -> int:
    """Rebuild the LA's school figures, top-up totals and top-up rows from its committed costs and placements,
    in one transaction (the caller's, when `commitments_refresh` calls it). Returns how many rows of
    school figures."""
    with transaction.atomic():
        refresh, _ = SchoolYearFiguresRefresh.objects.select_for_update().get_or_create(
            local_authority=local_authority, defaults={"refreshed_at": now or timezone.now()}
        )
        rows = [
            SchoolYearFigures(local_authority=local_authority, financial_year=year, school_id=school_id, **values)
            for (year, school_id), values in school_year_figures(local_authority).items()
        ]
        SchoolYearFigures.objects.filter(local_authority=local_authority).delete()
        SchoolYearFigures.objects.bulk_create(rows, batch_size=1000)
        TopUpTotals.objects.filter(local_authority=local_authority).delete()
        TopUpTotals.objects.bulk_create(top_up_totals_of(local_authority), batch_size=1000)
        TopUpRow.objects.filter(local_authority=local_authority).delete()
        TopUpRow.objects.bulk_create(top_up_rows_of(local_authority), batch_size=2000)
        refresh.refreshed_at = now or timezone.now()
        refresh.save(update_fields=["refreshed_at"])
        # A school's AP used sums every LA's figures: other LAs' schools may have changed too. They
        # are marked once this transaction has committed: marked here, holding this LA's row, two
        # LAs' refreshes at the same time would each wait for the other's row (a deadlock).
        others = SchoolYearFiguresRefresh.objects.exclude(local_authority=local_authority).values("local_authority")
        transaction.on_commit(lambda: equity_figures_changed(la_ids=others))
        equity_figures_count(local_authority_id=local_authority.pk)
    return len(rows)


#: Recount an LA's equity rows at least this often (a school moved to another LA by GIAS keeps its
#: row, which that LA's recount then writes again).
EQUITY_RECOUNT_AFTER = dt.timedelta(minutes=15)


def equity_figures_changed(*, la_ids, or_la_of=None) -> None:
    """Mark the LAs' equity rows stale (`la_ids`, and those `or_la_of` selects): their pages count
    for themselves until recounted. In the caller's transaction; every row is written, stale
    already or not: the row lock makes a recount running meanwhile finish first (and this change
    then marks its result stale) or wait for this change to commit (and count it)."""
    which = Q(local_authority__in=la_ids)
    if or_la_of is not None:  # a subquery of LA ids (a school's LA)
        which |= Q(local_authority__in=or_la_of)
    SchoolYearFiguresRefresh.objects.filter(which).update(
        equity_stale_since=Coalesce(F("equity_stale_since"), timezone.now())
    )


def equity_figures_count(*, local_authority_id: int, now: dt.datetime | None = None) -> int:
    """Count the equity page's rows of the LA's schools for every year any of them has figures,
    contributions or recoupment in (the page's own statement over the school figures), and mark
    them fresh; nothing before the LA's first school figures. Returns how many rows."""
    with transaction.atomic():
        refresh = SchoolYearFiguresRefresh.objects.select_for_update().filter(local_authority_id=local_authority_id)
        refresh = refresh.first()
        if refresh is None:
            return 0
        schools = School.objects.filter(organisation__local_authority_id=local_authority_id).values("pk")
        years = {
            year
            for model in (SchoolYearFigures, SchoolContribution, Recoupment)
            for year in model.objects.filter(school__in=schools).order_by().values_list("financial_year", flat=True)
        }
        rows = [
            SchoolEquityFigures(
                school_id=row["pk"], financial_year=year, **{name: row[name] for name in EQUITY_FIGURES}
            )
            for year in sorted(years)
            for row in equity_rows_counted(la_id=local_authority_id, financial_year=year)
            if any(row[name] for name in EQUITY_FIGURES)
        ]
        SchoolEquityFigures.objects.filter(school__in=schools).delete()
        SchoolEquityFigures.objects.bulk_create(rows, batch_size=1000)
        refresh.equity_counted_at = now or timezone.now()
        refresh.equity_stale_since = None
        refresh.save(update_fields=["equity_counted_at", "equity_stale_since"])
    return len(rows)


def equity_figures_refresh(*, now: dt.datetime | None = None) -> int:
    """Recount the equity rows of every LA whose are stale, never counted, or counted more than
    `EQUITY_RECOUNT_AFTER` ago (Celery, every minute). Returns how many LAs were recounted."""
    now = now or timezone.now()
    due = SchoolYearFiguresRefresh.objects.filter(
        Q(equity_stale_since__isnull=False)
        | Q(equity_counted_at__isnull=True)
        | Q(equity_counted_at__lt=now - EQUITY_RECOUNT_AFTER)
    ).values_list("local_authority_id", flat=True)
    la_ids = list(due)
    for la_id in la_ids:
        equity_figures_count(local_authority_id=la_id, now=now)
    return len(la_ids)
