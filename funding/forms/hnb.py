"""High Needs Block forms: budget lines and the cumulative DSG deficit."""

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms

from apcommission.core.forms import GovForm, govuk_date_field, required_messages
from apcommission.core.forms import SubmissionTokenMixin as SentOnceMixin

from .fields import MoneyField, YearField


class BudgetLineForm(SentOnceMixin, GovForm):
    submit_label = "Save the budget line"

    def __init__(self, *args, year_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financial_year"] = YearField(
            label="Financial year", what="the financial year", choices=year_choices
        )
        self.fields["name"] = forms.CharField(
            label="Budget line",
            max_length=150,
            help_text="For example, AP top-up, PRU place funding, hospital education",
            error_messages=required_messages("the name of the budget line"),
        )
        self.fields["amount"] = MoneyField(label="Budget for the year", what="the budget")

    def layout(self):
        return [Field.select("financial_year"), "name", "amount"]


class DeficitForm(SentOnceMixin, GovForm):
    submit_label = "Save the deficit"

    def __init__(self, *args, year_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financial_year"] = YearField(
            label="Financial year", what="the financial year", choices=year_choices
        )
        self.fields["amount"] = MoneyField(
            label="Cumulative DSG deficit brought into the year",
            what="the deficit",
            help_text="In pounds; enter 0 if the Dedicated Schools Grant is not in deficit",
        )
        self.fields["as_at"] = govuk_date_field("Date of the figure")
        self.fields["note"] = forms.CharField(label="Source of the figure (optional)", required=False, max_length=300)

    def layout(self):
        return [Field.select("financial_year"), "amount", "as_at", "note"]
