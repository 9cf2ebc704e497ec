"""AWPU recoupment ("money follows the child"): per-pupil rates that finance enters, and each
exclusion adjustment calculated from them, stored with its inputs, the rule version and the
arithmetic in words (School and Early Years Finance (England) Regulations, reg 39 in the 2024
edition: A × (B / 52) + C; the admitting school at least D × (E / F))."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apcommission.core.audit import register_child_record
from apcommission.core.models import Organisation, School, TimeStampedModel
from apcommission.core.years import financial_year_label
from placements.models import Exclusion, Pupil

from ..querysets import LocalAuthorityQuerySet, SchoolFiguresQuerySet
from .money import money_field, not_negative


class RateKind(models.TextChoices):
    AWPU = "awpu", "AWPU (basic entitlement)"
    PUPIL_PREMIUM = "pupil_premium", "Pupil premium"


class RateBand(models.TextChoices):
    PRIMARY = "primary", "Primary (Reception to Year 6)"
    KS3 = "ks3", "Key stage 3 (Years 7 to 9)"
    KS4 = "ks4", "Key stage 4 (Years 10 and 11)"
    SECONDARY = "secondary", "Secondary (Years 7 to 11)"
    LOOKED_AFTER = "looked_after", "Looked-after child (pupil premium plus)"


#: Which bands each kind of rate has: AWPU by the formula's year-group bands, pupil premium by phase
#: (and looked-after children's higher rate).
BANDS_BY_KIND = {
    RateKind.AWPU: (RateBand.PRIMARY, RateBand.KS3, RateBand.KS4),
    RateKind.PUPIL_PREMIUM: (RateBand.PRIMARY, RateBand.SECONDARY, RateBand.LOOKED_AFTER),
}


class PerPupilRate(TimeStampedModel):
    """A per-pupil amount for a full financial year, by kind and band."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="per_pupil_rates")
    financial_year = models.PositiveSmallIntegerField(help_text="The year it starts: 2026 for 2026-27.")
    kind = models.CharField(max_length=16, choices=RateKind.choices)
    band = models.CharField(max_length=16, choices=RateBand.choices)
    amount = money_field()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LocalAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["-financial_year", "kind", "band"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "financial_year", "kind", "band"], name="per_pupil_rate_once"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="per_pupil_rate_positive"),
            models.CheckConstraint(
                condition=models.Q(kind=RateKind.AWPU, band__in=BANDS_BY_KIND[RateKind.AWPU])
                | models.Q(kind=RateKind.PUPIL_PREMIUM, band__in=BANDS_BY_KIND[RateKind.PUPIL_PREMIUM]),
                name="per_pupil_rate_band_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.get_band_display()}, {financial_year_label(self.financial_year)}"


class RecoupmentKind(models.TextChoices):
    EXCLUDING = "excluding", "Reduction for the excluding school"
    ADMITTING = "admitting", "Amount due to the admitting school"


class FundingBasis(models.TextChoices):
    MAINTAINED = "maintained", "LA-maintained school: the LA adjusts its budget"
    ACADEMY = "academy", "Academy: by agreement with the trust"


class RecoupmentStatus(models.TextChoices):
    CALCULATED = "calculated", "Calculated"
    NOTIFIED = "notified", "School notified"
    RECOVERED = "recovered", "Recovered"
    WAIVED = "waived", "Waived"


#: Statuses in which money is still to be recovered (or paid).
OUTSTANDING_STATUSES = (RecoupmentStatus.CALCULATED, RecoupmentStatus.NOTIFIED)


@register_child_record
class Recoupment(TimeStampedModel):
    """One exclusion adjustment: the excluding school's reduction (A × B/52, pupil premium the same
    way, + C), or what an admitting school is due (at least D × E/F). Inputs, figures and the
    arithmetic in words are stored as calculated, with the rule version; only the status moves."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="recoupments")
    exclusion = models.ForeignKey(Exclusion, on_delete=models.PROTECT, related_name="recoupments")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="recoupments")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="recoupments")
    kind = models.CharField(max_length=10, choices=RecoupmentKind.choices)
    basis = models.CharField(max_length=10, choices=FundingBasis.choices)
    excluding_recoupment = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="admitting_amounts",
        help_text="For an admitting school: the excluding school's reduction (D).",
    )
    admitted_on = models.DateField(null=True, blank=True, help_text="Admitting school: the date the pupil joined.")

    relevant_date = models.DateField()
    period_end = models.DateField(help_text="The end of the funding period B counts to.")
    financial_year = models.PositiveSmallIntegerField()
    nc_year = models.SmallIntegerField("National Curriculum year on the relevant date")
    transfer_year = models.BooleanField(default=False)
    weeks = models.PositiveSmallIntegerField(help_text="B (excluding school) or E (admitting school).")
    weeks_from_relevant_date = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="F, for an admitting school."
    )
    awpu_band = models.CharField(max_length=16, choices=RateBand.choices)
    awpu_rate = money_field("A: AWPU for the full year", help_text="Or D for an admitting school.")
    awpu_amount = money_field("AWPU line")
    pupil_premium_band = models.CharField(max_length=16, choices=RateBand.choices, blank=True)
    pupil_premium_rate = money_field(null=True, blank=True)
    pupil_premium_amount = money_field("Pupil premium line", default=0)
    adjustment = money_field("C: adjustment", default=0)
    adjustment_reason = models.TextField(blank=True)
    total = money_field()
    arithmetic = models.JSONField(default=list, help_text="The calculation in words, one line each.")
    inputs = models.JSONField(default=dict, help_text="Every input as used, for audit.")
    rule_version = models.CharField(max_length=250)

    status = models.CharField(
        max_length=12, choices=RecoupmentStatus.choices, default=RecoupmentStatus.CALCULATED, db_index=True
    )
    notified_on = models.DateField(null=True, blank=True)
    recovered_on = models.DateField(null=True, blank=True)
    waived_reason = models.TextField(blank=True)
    calculated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    history = HistoricalRecords()
    objects = SchoolFiguresQuerySet.as_manager()

    class Meta:
        ordering = ["-relevant_date", "-id"]
        constraints = [
            not_negative("awpu_amount", "recoupment_awpu_not_negative"),
            not_negative("pupil_premium_amount", "recoupment_pp_not_negative"),
            not_negative("adjustment", "recoupment_adjustment_not_negative"),
            not_negative("total", "recoupment_total_not_negative"),
            models.UniqueConstraint(
                fields=["exclusion"],
                condition=models.Q(kind="excluding") & ~models.Q(status="waived"),
                name="recoupment_one_live_reduction_per_exclusion",
                violation_error_message="This exclusion already has a reduction calculated",
            ),
            models.UniqueConstraint(
                fields=["exclusion", "school"],
                condition=models.Q(kind="admitting") & ~models.Q(status="waived"),
                name="recoupment_one_live_amount_per_admitting_school",
                violation_error_message="This admitting school already has an amount calculated",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="waived") | ~models.Q(waived_reason=""),
                name="recoupment_waived_has_reason",
                violation_error_message="Enter why the amount is waived",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="recovered") | models.Q(recovered_on__isnull=False),
                name="recoupment_recovered_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="excluding", excluding_recoupment__isnull=True)
                | models.Q(kind="admitting", excluding_recoupment__isnull=False, admitted_on__isnull=False),
                name="recoupment_admitting_refers_to_reduction",
            ),
        ]
        indexes = [
            models.Index(fields=["local_authority", "status", "school"], name="recoupment_la_status_idx"),
            models.Index(fields=["school", "status"], name="recoupment_school_status_idx"),
            models.Index(fields=["local_authority", "financial_year"], name="recoupment_la_year_idx"),
            # The list of calculations, newest first, is read a page at a time in this order.
            models.Index(fields=["local_authority", "-relevant_date", "-id"], name="recoupment_la_newest_idx"),
            # Sums read from the index alone: the year's live reductions by school (the equity
            # page), and what each school still owes (the recoupment list's summary). Not partial:
            # a prepared statement's generic plan, its kind and status parameters, could not use a
            # partial index (1.9 ms against 0.5 for the summary).
            models.Index(
                fields=["financial_year", "kind", "school"],
                include=["total", "status"],
                name="recoupment_year_kind_idx",
            ),
            models.Index(
                fields=["local_authority", "kind", "status", "school"],
                include=["total", "basis"],
                name="recoupment_owed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.school} for {self.pupil} ({self.relevant_date:%d/%m/%Y})"

    @property
    def year_label(self) -> str:
        return financial_year_label(self.financial_year)

    @property
    def by_agreement_with_trust(self) -> bool:
        return self.basis == FundingBasis.ACADEMY

    @property
    def is_outstanding(self) -> bool:
        return self.status in OUTSTANDING_STATUSES


class RecoupmentStatusChange(models.Model):
    """One move of a recoupment: calculated → notified → recovered or waived."""

    recoupment = models.ForeignKey(Recoupment, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=RecoupmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=RecoupmentStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or 'New'} → {self.get_to_status_display()}"
