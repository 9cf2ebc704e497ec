"""School contributions and the traded offer (Havering's ~£1,500 a school a year for the register
and QA service; BCP's traded offer where schools pay the LA to arrange placements), and the cost
of running the service they are set against (full cost recovery)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apcommission.core.models import Organisation, School, TimeStampedModel

from ..querysets import LocalAuthorityQuerySet, SchoolFiguresQuerySet
from .money import money_field, not_negative


class SchoolContribution(TimeStampedModel):
    """What one school pays the LA in a financial year: its annual contribution and, if it buys
    the traded offer, a charge for each placement the LA arranges for it."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="school_contributions")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="contributions")
    financial_year = models.PositiveSmallIntegerField()
    annual_amount = money_field("Annual contribution")
    buys_traded_offer = models.BooleanField("Buys the traded offer", default=False)
    charge_per_placement = money_field("Charge per placement arranged", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SchoolFiguresQuerySet.as_manager()

    class Meta:
        ordering = ["school__organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "financial_year"], name="contribution_once_per_school_year"),
            not_negative("annual_amount", "contribution_not_negative"),
            models.CheckConstraint(
                condition=models.Q(charge_per_placement__isnull=True) | models.Q(charge_per_placement__gte=0),
                name="contribution_charge_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(buys_traded_offer=True) | models.Q(charge_per_placement__isnull=True),
                name="contribution_charge_only_with_traded_offer",
            ),
        ]
        indexes = [models.Index(fields=["local_authority", "financial_year"], name="contribution_la_year_idx")]

    def __str__(self) -> str:
        return f"{self.school} {self.financial_year}"


class ServiceCost(TimeStampedModel):
    """A cost of running the LA's AP service (register, QA, arranging placements) in a year."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="ap_service_costs")
    financial_year = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=150)
    amount = money_field()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LocalAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["financial_year", "description"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "financial_year", "description"], name="service_cost_unique"
            ),
            not_negative("amount", "service_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return self.description
