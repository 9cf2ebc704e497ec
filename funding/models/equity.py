"""Equity of access's maintained figures: per school and financial year, the AP its pupils used
(placements, school days, the cost of the year's top-ups and lump sums and what the school paid of
it), so the page reads a row per school instead of a year of committed costs joined to placements.

Rebuilt for an LA by `funding.services.equity.school_year_figures_refresh` in the same transaction
as the LA's committed costs (`commitments_refresh`): the figures are as of that refresh
(docs/adr/0005-maintained-figures.md)."""

from __future__ import annotations

from django.db import models

from apcommission.core.models import Organisation, School
from placements.models import Placement
from providers.models import Provider

from ..querysets import CommitmentQuerySet
from .money import money_field


class SchoolYearFigures(models.Model):
    """One school's AP used in one financial year by the pupils of one LA (the LA whose committed
    costs were summed: a school's figures are the sum of its rows)."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    financial_year = models.PositiveSmallIntegerField()
    placements = models.PositiveIntegerField(default=0)
    school_days = models.PositiveIntegerField(default=0)
    ap_cost = money_field(default=0)
    school_paid = money_field(default=0)
    #: Placements arranged for the school under the traded offer that start in the year (the
    #: contributions page's and the equity page's count, `funding.selectors.traded_placements`).
    traded_placements = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "financial_year", "school"], name="school_year_figures_once"
            ),
        ]
        indexes = [
            # The equity page's sums for a year, read from the index alone.
            models.Index(
                fields=["financial_year", "school"],
                include=["placements", "school_days", "ap_cost", "school_paid", "traded_placements"],
                name="school_year_figures_sums_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_id} in {self.financial_year}: {self.placements} placements"


class SchoolYearFiguresRefresh(models.Model):
    """When an LA's school figures were last worked out: the equity page says "as of" this. Also
    the state of its schools' `SchoolEquityFigures`: read only when counted and not stale since."""

    local_authority = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField()
    #: When the LA's schools' equity rows were last counted (None: never; the page counts them).
    equity_counted_at = models.DateTimeField(null=True, blank=True)
    #: Set by a change to what they count (a contribution, a recoupment, another LA's school
    #: figures) in its transaction; cleared by the recount.
    equity_stale_since = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"School figures as of {self.refreshed_at:%d/%m/%Y %H:%M}"


class SchoolEquityFigures(models.Model):
    """One school's row of the equity page for a financial year, as the page counts it from the
    school figures, its contribution and the recoupment raised from it (not waived): a school's
    figures do not depend on whose page shows them. Recounted for an LA's schools by
    `funding.services.equity.equity_figures_count`; a school without a row has none."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    financial_year = models.PositiveSmallIntegerField()
    placements = models.PositiveIntegerField(default=0)
    school_days = models.PositiveIntegerField(default=0)
    ap_cost = money_field(default=0)
    school_paid = money_field(default=0)
    paid_in = money_field(default=0)
    recoupment = money_field(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["financial_year", "school"], name="school_equity_figures_once"),
        ]

    def __str__(self) -> str:
        return f"{self.school_id} in {self.financial_year}: {self.ap_cost} used, {self.paid_in} paid in"


class TopUpTotals(models.Model):
    """The year's top-ups and lump sums paid by one payer (the LA, or one school), and how many
    rows the top-up list has for them (a row: a placement, its payer, provider and paying school).
    Rebuilt with the committed costs it sums, so it is exactly as fresh as they are."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    financial_year = models.PositiveSmallIntegerField()
    payer = models.CharField(max_length=8)
    payer_school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    rows = models.PositiveIntegerField(default=0)
    top_up = money_field(default=0)
    lump_sum = money_field(default=0)

    objects = CommitmentQuerySet.as_manager()  # the committed costs' own scope: LA staff, a school its own

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "financial_year", "payer"], name="top_up_totals_year_idx"),
            models.Index(fields=["payer_school", "financial_year"], name="top_up_totals_school_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.payer} {self.financial_year}: {self.top_up} + {self.lump_sum}"


class TopUpRow(models.Model):
    """One row of the top-up list: a placement's top-up and lump sum in one financial year for one
    payer, provider and paying school (`funding.selectors.top_up_rows` summed), with the pupil's
    names it is sorted by. Rebuilt with the committed costs it sums, in their transaction; the page
    shows the names, route, band and organisations as they are now."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    financial_year = models.PositiveSmallIntegerField()
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="+")
    payer = models.CharField(max_length=8)
    payer_school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    sort_last_name = models.CharField(max_length=100)
    sort_first_name = models.CharField(max_length=100)
    school_days = models.PositiveIntegerField(default=0)
    top_up = money_field(default=0)
    lump_sum = money_field(default=0)

    objects = CommitmentQuerySet.as_manager()  # the committed costs' own scope: LA staff, a school its own

    class Meta:
        indexes = [
            models.Index(
                fields=["local_authority", "financial_year", "sort_last_name", "sort_first_name", "placement", "payer"],
                name="top_up_rows_la_idx",
            ),
            models.Index(
                fields=["payer_school", "financial_year", "sort_last_name", "sort_first_name", "placement", "payer"],
                name="top_up_rows_school_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.payer} {self.financial_year}: {self.top_up} + {self.lump_sum}"
