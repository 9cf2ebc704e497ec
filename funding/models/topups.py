"""Top-up and lump sums. A placement's top-up is its snapshotted price (placements/costs.py), or a
banded top-up agreed instead; a lump sum is an amount per placement that an LA sets for a route
in a financial year. Who pays follows the placement's route snapshot (its resolved funders)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from apcommission.core.audit import register_child_record
from apcommission.core.models import Organisation, TimeStampedModel
from apcommission.core.years import financial_year_label
from placements.models import Placement, RouteCode

from ..querysets import LocalAuthorityQuerySet
from .money import money_field, not_negative


class TopUpBand(TimeStampedModel):
    """A banded top-up an LA agrees with providers, as an amount a year (paid pro rata over the
    school weeks a year, like a place-year price)."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="top_up_bands")
    name = models.CharField(max_length=100)
    annual_amount = money_field("Amount a year")
    description = models.CharField(max_length=300, blank=True)

    objects = LocalAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["annual_amount", "name"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "name"], name="top_up_band_unique_name"),
            models.CheckConstraint(condition=models.Q(annual_amount__gt=0), name="top_up_band_positive"),
        ]

    def __str__(self) -> str:
        return self.name


@register_child_record
class BandedTopUp(TimeStampedModel):
    """A band agreed for one placement instead of its price. The band's amount is copied on, so a
    later change to the band does not rewrite what was agreed."""

    placement = models.OneToOneField(Placement, on_delete=models.PROTECT, related_name="banded_top_up")
    band = models.ForeignKey(TopUpBand, on_delete=models.PROTECT, related_name="placements")
    annual_amount = money_field("Amount a year when agreed")
    reason = models.TextField()
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        constraints = [not_negative("annual_amount", "banded_top_up_not_negative")]

    def __str__(self) -> str:
        return f"{self.band} for placement {self.placement_id}"


class LumpSum(TimeStampedModel):
    """An amount per placement on a route, for placements starting in a financial year."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="lump_sums")
    route_code = models.CharField("Route", max_length=24, choices=RouteCode.choices)
    financial_year = models.PositiveSmallIntegerField(help_text="The year it starts: 2026 for 2026-27.")
    amount = money_field("Amount per placement")

    objects = LocalAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["-financial_year", "route_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "route_code", "financial_year"], name="lump_sum_once_per_route_year"
            ),
            not_negative("amount", "lump_sum_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_route_code_display()} {self.year_label}"

    @property
    def year_label(self) -> str:
        return financial_year_label(self.financial_year)
