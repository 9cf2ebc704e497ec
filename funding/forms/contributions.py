"""School contribution and service cost forms."""

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms

from apcommission.core.forms import GovForm, radios_field, required_messages
from apcommission.core.forms import SubmissionTokenMixin as SentOnceMixin

from .. import conf
from .fields import MoneyField, YearField

YES_NO = [("yes", "Yes"), ("no", "No")]


class ContributionForm(SentOnceMixin, GovForm):
    submit_label = "Save the contribution"

    def __init__(self, *args, schools, year_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"] = forms.ModelChoiceField(
            label="School",
            queryset=schools,
            empty_label="Select",
            error_messages={"required": "Select the school", "invalid_choice": "Select the school"},
        )
        self.fields["financial_year"] = YearField(
            label="Financial year", what="the financial year", choices=year_choices
        )
        self.fields["annual_amount"] = MoneyField(
            label="Annual contribution", what="the annual contribution", initial=conf.school_contribution()
        )
        self.fields["buys_traded_offer"] = radios_field(
            "Does the school buy the traded offer?", YES_NO, what="whether the school buys the traded offer"
        )
        self.fields["charge_per_placement"] = MoneyField(
            label="Charge for each placement the LA arranges (traded offer only)",
            what="the charge per placement",
            required=False,
        )

    def layout(self):
        return [
            Field.select("school"),
            Field.select("financial_year"),
            "annual_amount",
            Field.radios("buys_traded_offer", inline=True),
            "charge_per_placement",
        ]


class ServiceCostForm(SentOnceMixin, GovForm):
    submit_label = "Save the cost"

    def __init__(self, *args, year_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financial_year"] = YearField(
            label="Financial year", what="the financial year", choices=year_choices
        )
        self.fields["description"] = forms.CharField(
            label="What the cost is for",
            max_length=150,
            help_text="For example, AP commissioner (salary and on-costs), QA visits",
            error_messages=required_messages("what the cost is for"),
        )
        self.fields["amount"] = MoneyField(label="Cost for the year", what="the cost")

    def layout(self):
        return [Field.select("financial_year"), "description", "amount"]
