"""Invoice forms: entering one, uploading many as CSV, a finance officer's decision, payment
terms, and the invoice list's filter."""

from __future__ import annotations

import uuid

from crispy_forms_gds.layout import Field
from django import forms
from django.utils import timezone

from apcommission.core.forms import GovForm, govuk_date_field, radios_field, required_messages, select_field

from ..models import InvoiceStatus
from ..services import INVOICE_CSV_COLUMNS, placement_reference
from .fields import MoneyField, SubmissionTokenMixin, WholeNumberField
from .uploads import CsvUploadForm

DECISION_CHOICES = [
    ("approve", "Approve for payment"),
    ("query", "Query it with the provider"),
    ("reject", "Reject it"),
]


class PlacementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, placement) -> str:
        return (
            f"{placement_reference(placement.pk)}: {placement.pupil.full_name}, {placement.provider.name}, "
            f"from {placement.start_date:%-d %B %Y}"
        )


class InvoiceForm(SubmissionTokenMixin, GovForm):
    submit_label = "Send the invoice"
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    reference = forms.CharField(
        label="Invoice number", max_length=50, error_messages=required_messages("the invoice number")
    )
    period_start = govuk_date_field("Period from", what="the first day the invoice covers")
    period_end = govuk_date_field("Period to", what="the last day the invoice covers")
    sessions_invoiced = WholeNumberField(
        label="Sessions invoiced", what="the sessions invoiced", help_text="Half-day sessions"
    )
    amount = MoneyField(label="Amount invoiced", what="the amount invoiced")
    received_on = govuk_date_field("Date received")

    def __init__(self, *args, placements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"] = PlacementChoiceField(
            label="Placement",
            queryset=placements,
            empty_label="Select",
            error_messages={"required": "Select the placement", "invalid_choice": "Select one of your placements"},
        )
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
            self.initial.setdefault("received_on", timezone.localdate())

    def layout(self):
        return [
            Field("submission_token"),
            Field.select("placement"),
            "reference",
            "period_start",
            "period_end",
            "sessions_invoiced",
            "amount",
            "received_on",
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The end of the period must be the same as or after the start")
        return cleaned


class InvoiceUploadForm(SubmissionTokenMixin, CsvUploadForm):
    columns = INVOICE_CSV_COLUMNS
    received_on = govuk_date_field("Date received")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, columns=INVOICE_CSV_COLUMNS, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())

    def layout(self):
        return ["submission_token", "file", "received_on"]


class InvoiceDecisionForm(GovForm):
    submit_label = "Record the decision"
    decision = radios_field("Decision", DECISION_CHOICES, what="approve, query or reject")
    note = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to query or reject, and to approve an invoice with discrepancies",
    )


class PaymentTermsForm(GovForm):
    submit_label = "Save the payment terms"

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"] = forms.ModelChoiceField(
            label="Provider",
            queryset=providers,
            empty_label="Select",
            error_messages={"required": "Select the provider", "invalid_choice": "Select the provider"},
        )
        self.fields["days"] = WholeNumberField(
            label="Days from receipt to payment", what="the payment terms", min_value=1, max_value=120
        )

    def layout(self):
        return [Field.select("provider"), "days"]


class InvoiceFilterForm(GovForm):
    submit_label = "Filter"
    form_method = "get"
    secondary_button = True
    status = select_field("Status", InvoiceStatus.choices, what="a status", required=False)
    q = forms.CharField(label="Invoice number, pupil's surname or provider", required=False, max_length=100)

    def layout(self):
        return [Field.select("status"), "q"]
