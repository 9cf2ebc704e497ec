"""Providers' invoices for a placement and a period, each checked against the register and the
placement's agreed rate when it arrives, and decided by a finance officer."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from apcommission.core.audit import register_child_record
from apcommission.core.models import Organisation, TimeStampedModel
from placements.models import Placement
from providers.models import Provider

from ..querysets import InvoiceQuerySet
from .money import money_field, not_negative


class InvoiceStatus(models.TextChoices):
    RECEIVED = "received", "Waiting for a decision"
    APPROVED = "approved", "Approved for payment"
    QUERIED = "queried", "Queried with the provider"
    REJECTED = "rejected", "Rejected"


#: Invoices that still count: a rejected invoice does not stop the provider sending a corrected one.
LIVE_INVOICE_STATUSES = (InvoiceStatus.RECEIVED, InvoiceStatus.APPROVED, InvoiceStatus.QUERIED)


class InvoiceSource(models.TextChoices):
    ENTERED = "entered", "Entered on the form"
    CSV = "csv", "Uploaded as a CSV file"


class DiscrepancyCause(models.TextChoices):
    NOT_ATTENDED = "not_attended", "Sessions not attended"
    FEWER_SESSIONS = "fewer_sessions", "Fewer sessions invoiced than attended"
    RATE_DIFFERS = "rate_differs", "Rate differs from the placement's rate"
    OUTSIDE_PLACEMENT = "outside_placement", "Period outside the placement"
    NO_RATE = "no_rate", "No agreed rate on the placement"


@register_child_record
class Invoice(TimeStampedModel):
    """A provider's invoice for one placement and period. The check against the register (sessions
    attended × the placement's agreed rate) is stored with it, with each discrepancy."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="invoices")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="invoices")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="invoices")
    reference = models.CharField("Invoice number", max_length=50)
    period_start = models.DateField("Period from")
    period_end = models.DateField("Period to")
    sessions_invoiced = models.PositiveSmallIntegerField("Sessions invoiced")
    amount = money_field("Amount invoiced")
    received_on = models.DateField()
    payment_terms_days = models.PositiveSmallIntegerField()
    due_on = models.DateField("Payment due")
    status = models.CharField(max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.RECEIVED)

    sessions_attended = models.PositiveSmallIntegerField(default=0)
    rate_description = models.CharField(max_length=200, blank=True)
    expected_amount = money_field("Amount expected", null=True, blank=True)
    discrepancy_total = money_field(default=0)
    discrepancy_count = models.PositiveSmallIntegerField(default=0)
    checked_at = models.DateTimeField(null=True, blank=True)

    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=8, choices=InvoiceSource.choices, default=InvoiceSource.ENTERED)
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    history = HistoricalRecords()
    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")), name="invoice_period_in_order"
            ),
            not_negative("amount", "invoice_amount_not_negative"),
            models.UniqueConstraint(
                fields=["provider", "reference"],
                name="invoice_number_once_per_provider",
                violation_error_message="This provider has already sent an invoice with this number",
            ),
        ]
        indexes = [
            models.Index(fields=["local_authority", "status", "-received_on"], name="invoice_la_status_idx"),
            # A provider's invoices, newest first: the list's page read from the index alone.
            models.Index(fields=["provider", "-received_on", "-id"], name="invoice_provider_newest_idx"),
            models.Index(fields=["placement", "period_start"], name="invoice_placement_period_idx"),
            models.Index(fields=["local_authority", "status", "period_end"], name="invoice_actuals_idx"),
            # The invoice list, newest first, is read a page at a time in this order.
            models.Index(fields=["local_authority", "-received_on", "-id"], name="invoice_la_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"Invoice {self.reference} from {self.provider}"


class InvoiceDiscrepancy(models.Model):
    """One difference between the invoice and what the register and the rate support. A positive
    amount is charged beyond what the check supports; a negative one is owed to the provider."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="discrepancies")
    cause = models.CharField(max_length=20, choices=DiscrepancyCause.choices)
    amount = money_field()
    explanation = models.TextField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_cause_display()}: {self.amount}"


class PaymentTerms(TimeStampedModel):
    """Days from receipt to payment agreed with one provider (otherwise FUNDING_PAYMENT_TERMS_DAYS)."""

    provider = models.OneToOneField(Provider, on_delete=models.CASCADE, related_name="payment_terms")
    days = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(120)])
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name_plural = "payment terms"
        constraints = [
            models.CheckConstraint(condition=models.Q(days__gte=1, days__lte=120), name="payment_terms_1_to_120_days")
        ]

    def __str__(self) -> str:
        return f"{self.days} days"
