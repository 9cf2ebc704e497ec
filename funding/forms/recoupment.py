"""Recoupment forms: per-pupil rates, calculating a reduction or an admitting school's amount, and
moving a calculation on (notified, recovered, waived)."""

from __future__ import annotations

import uuid

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils import timezone

from apcommission.core.forms import GovForm, govuk_date_field, radios_field, required_messages, select_field
from apcommission.core.forms import SubmissionTokenMixin as SentOnceMixin

from ..models import FundingBasis, RateBand, RateKind, RecoupmentKind, RecoupmentStatus
from .fields import MoneyField, SubmissionTokenMixin, YearField


class PerPupilRateForm(SentOnceMixin, GovForm):
    submit_label = "Save the rate"

    def __init__(self, *args, year_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financial_year"] = YearField(
            label="Financial year", what="the financial year", choices=year_choices
        )
        self.fields["kind"] = radios_field("Kind of rate", RateKind.choices, what="the kind of rate")
        self.fields["band"] = select_field("Band", RateBand.choices, what="the band")
        self.fields["amount"] = MoneyField(
            label="Amount for a pupil for the full year", what="the amount", allow_zero=False
        )

    def layout(self):
        return [Field.select("financial_year"), Field.radios("kind"), Field.select("band"), "amount"]


class _Calculation(SubmissionTokenMixin, GovForm):
    """What a calculation form shares: the submission token and the funding basis radios."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    basis = radios_field("How is the school funded?", FundingBasis.choices, what="how the school is funded")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())


class RecoupmentForm(_Calculation):
    submit_label = "Continue"
    adjustment = MoneyField(
        label="C: adjustment after an independent review (optional)",
        what="the adjustment",
        required=False,
        help_text="In pounds; leave blank if no adjustment was ordered",
    )
    adjustment_reason = forms.CharField(
        label="Reason for the adjustment (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def layout(self):
        return [
            Field("submission_token"),
            Field.radios("basis", legend_size=Size.SMALL),
            Fieldset("adjustment", "adjustment_reason", legend="Adjustment", legend_size=Size.SMALL),
        ]


class AdmittingForm(_Calculation):
    submit_label = "Continue"
    admitted_on = govuk_date_field("Date the pupil joined the admitting school")
    additional = MoneyField(
        label="Further amount agreed above the minimum (optional)",
        what="the further amount",
        required=False,
        help_text="In pounds; leave blank if the school is due the minimum",
    )
    additional_reason = forms.CharField(
        label="Reason for the further amount (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"] = forms.ModelChoiceField(
            label="Admitting school",
            queryset=schools,
            empty_label="Select",
            error_messages={"required": "Select the admitting school", "invalid_choice": "Select the admitting school"},
        )

    def layout(self):
        return [
            Field("submission_token"),
            Field.select("school"),
            "admitted_on",
            Field.radios("basis", legend_size=Size.SMALL),
            "additional",
            "additional_reason",
        ]


class NotifyForm(GovForm):
    submit_label = "Mark as notified"
    notified_on = govuk_date_field("Date the school was told")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notified_on"].initial = timezone.localdate()


class RecoverForm(GovForm):
    submit_label = "Mark as recovered"
    recovered_on = govuk_date_field("Date it was recovered")


class WaiveForm(GovForm):
    submit_label = "Waive the amount"
    reason = forms.CharField(
        label="Why the amount is waived",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=required_messages("why the amount is waived"),
    )


class RecoupmentFilterForm(GovForm):
    submit_label = "Filter"
    form_method = "get"
    secondary_button = True
    status = select_field("Status", RecoupmentStatus.choices, what="a status", required=False)
    kind = select_field("Kind", RecoupmentKind.choices, what="a kind", required=False)

    def layout(self):
        return [Field.select("status"), Field.select("kind")]
