"""High Needs Block monitoring: the AP budget lines for a financial year, the cumulative DSG
deficit finance enters, and the committed costs summary the dashboard aggregates.

`Commitment` is a maintained summary (docs/funding.md): one row per placement and month (top-up),
per placement (lump sum) and per provider and month (place funding), rebuilt for an LA by
`funding.services.commitments_refresh` — nightly, after changes finance makes, and on request —
so the dashboard sums rows in SQL instead of walking school calendars on every page view."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from apcommission.core.models import Organisation, School, TimeStampedModel
from placements.models import Placement
from providers.models import Provider

from ..querysets import CommitmentQuerySet, LocalAuthorityQuerySet
from .money import money_field, not_negative


class BudgetLine(TimeStampedModel):
    """One line of the AP part of the High Needs Block budget for a financial year."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="hnb_budget_lines")
    financial_year = models.PositiveSmallIntegerField(help_text="The year it starts: 2026 for 2026-27.")
    name = models.CharField(max_length=150)
    amount = money_field()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LocalAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["financial_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "financial_year", "name"], name="budget_line_unique"),
            not_negative("amount", "budget_line_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class DeficitFigure(TimeStampedModel):
    """The cumulative DSG deficit brought into a financial year, as finance reports it."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="dsg_deficits")
    financial_year = models.PositiveSmallIntegerField()
    amount = money_field("Cumulative DSG deficit")
    as_at = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LocalAuthorityQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "financial_year"], name="deficit_once_per_year"),
            not_negative("amount", "deficit_not_negative"),
        ]

    def __str__(self) -> str:
        return f"DSG deficit {self.financial_year}"


class CommitmentKind(models.TextChoices):
    TOP_UP = "top_up", "Top-up"
    LUMP_SUM = "lump_sum", "Lump sum"
    PLACE_FUNDING = "place_funding", "Place funding"


class Payer(models.TextChoices):
    LA = "la", "Local authority (High Needs Block)"
    SCHOOL = "school", "School"


class Commitment(models.Model):
    """A committed cost in one month: the summary the dashboard and the school figures add up."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=14, choices=CommitmentKind.choices)
    payer = models.CharField(max_length=8, choices=Payer.choices)
    payer_school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    placement = models.ForeignKey(Placement, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month.")
    month_end = models.DateField()
    financial_year = models.PositiveSmallIntegerField()
    school_days = models.PositiveSmallIntegerField(default=0)
    sessions = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    hours = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    amount = money_field()

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["month", "id"]
        indexes = [
            models.Index(fields=["local_authority", "financial_year", "payer", "month"], name="commitment_la_year_idx"),
            models.Index(fields=["payer_school", "financial_year"], name="commitment_school_year_idx"),
            models.Index(fields=["placement", "month"], name="commitment_placement_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month:%B %Y}: {self.amount}"


class CommitmentRefresh(models.Model):
    """When an LA's commitments were last worked out: the dashboard says "as of" this."""

    local_authority = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField()
    rows = models.PositiveIntegerField(default=0)
    unpriced = models.PositiveIntegerField(
        default=0, help_text="Committed placements with no rate and no band: not in the figures."
    )
    summarised = models.BooleanField(
        default=False, help_text="The committed costs summary was built with these commitments (ADR 0005)."
    )
    summary_version = models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        help_text="Made anew whenever the committed costs summary changes (a refresh, an invoice approved or no "
        "longer approved): figures worked out from the summary are kept by it.",
    )

    def __str__(self) -> str:
        return f"Commitments as of {self.refreshed_at:%d/%m/%Y %H:%M}"


#: The summary's kind for approved invoices: not a commitment, but summed beside them.
INVOICED = "invoiced"


class CommitmentSummary(models.Model):
    """The LA's commitments summed by financial year, month, kind, payer, route, provider type and
    the pupil's key stage in the month, with the part of the top-ups no approved invoice covers;
    and its approved invoices (kind "invoiced", by the month their period ends and the same keys).
    Built from `Commitment` by `commitment_summary_refresh` in `commitments_refresh`'s transaction;
    its invoice part is kept exact by `commitment_summary_invoice_decided` in the transaction that
    approves an invoice (docs/adr/0005-maintained-figures.md). A few hundred rows an LA and year
    instead of the tens of thousands of commitments."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    financial_year = models.PositiveSmallIntegerField()
    month = models.DateField(help_text="The first day of the month.")
    kind = models.CharField(max_length=14)
    payer = models.CharField(max_length=8, help_text="The LA for approved invoices: it pays them.")
    route = models.CharField(max_length=24, null=True, blank=True)
    provider_type = models.CharField(max_length=30, null=True, blank=True)
    key_stage = models.CharField(max_length=10, null=True, blank=True)
    amount = money_field()
    hours = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    uninvoiced = money_field(default=0, help_text="Top-up months no approved invoice covers.")

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "financial_year", "payer"], name="commitment_summary_year_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.month:%B %Y}: {self.amount}"


class CommitmentPupilCount(models.Model):
    """Pupils with an LA-paid commitment in the financial year, by route, provider type or key stage
    (dimension and key), and in all (dimension blank): distinct pupils, which cannot be added up
    from months or cells, so counted once for the year when the summary is built."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    financial_year = models.PositiveSmallIntegerField()
    dimension = models.CharField(max_length=14, blank=True)
    key = models.CharField(max_length=30, null=True, blank=True)
    pupils = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["local_authority", "financial_year"], name="commitment_pupils_year_idx")]

    def __str__(self) -> str:
        return f"{self.dimension or 'all'} {self.key}: {self.pupils}"
