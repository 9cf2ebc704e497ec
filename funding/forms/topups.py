"""Top-up forms: bands, agreeing a band for a placement, lump sums per route, and the filter of the
top-up list."""

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms

from apcommission.core.forms import GovForm, required_messages, select_field
from apcommission.core.forms import SubmissionTokenMixin as SentOnceMixin
from placements.models import RouteCode

from ..models import Payer
from .fields import MoneyField, YearField


class TopUpBandForm(SentOnceMixin, GovForm):
    submit_label = "Save the band"
    name = forms.CharField(
        label="Name of the band", max_length=100, error_messages=required_messages("the name of the band")
    )
    annual_amount = MoneyField(label="Amount a year", what="the amount a year", allow_zero=False)
    description = forms.CharField(
        label="What the band is for (optional)",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BandedTopUpForm(GovForm):
    submit_label = "Agree the band"

    def __init__(self, *args, bands, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["band"] = forms.ModelChoiceField(
            label="Band",
            queryset=bands,
            empty_label="Select",
            error_messages={"required": "Select the band", "invalid_choice": "Select the band"},
        )
        self.fields["reason"] = forms.CharField(
            label="Why the band is agreed instead of the provider's price",
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages=required_messages("why the band is agreed instead of the provider's price"),
        )


class LumpSumForm(SentOnceMixin, GovForm):
    submit_label = "Save the lump sum"

    def __init__(self, *args, year_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route_code"] = select_field("Route", RouteCode.choices, what="the route")
        self.fields["financial_year"] = YearField(
            label="Financial year", what="the financial year", choices=year_choices
        )
        self.fields["amount"] = MoneyField(label="Lump sum per placement", what="the lump sum")

    def layout(self):
        return [Field.select("route_code"), Field.select("financial_year"), "amount"]


class TopUpFilterForm(GovForm):
    submit_label = "Filter"
    form_method = "get"
    secondary_button = True

    def __init__(self, *args, year_choices, by_school: bool = False, **kwargs):
        """`by_school`: offer the paying school's name as a filter (LA staff; a school sees only
        what it pays). A name typed, not chosen from a list of the county's hundreds of schools:
        GOV.UK's guidance keeps selects to short lists, and the list cost every request a read of
        every school and a 30 KB page."""
        super().__init__(*args, **kwargs)
        self.fields["year"] = YearField(
            label="Financial year", what="the financial year", choices=year_choices, required=False
        )
        self.fields["payer"] = select_field("Who pays", Payer.choices, what="who pays", required=False)
        if by_school:
            self.fields["school"] = forms.CharField(
                label="School that pays",
                help_text="All or part of the school's name, or its URN",
                required=False,
                max_length=100,
            )
        self.fields["q"] = forms.CharField(label="Pupil's name", required=False, max_length=100)

    def layout(self):
        by_school = ["school"] if "school" in self.fields else []
        return [Field.select("year"), Field.select("payer"), *by_school, "q"]
