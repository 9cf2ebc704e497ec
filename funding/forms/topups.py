"""Top-up forms: bands, agreeing a band for a placement, lump sums per route, and the filter of the
top-up list."""

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms
from django.utils.choices import BaseChoiceIterator

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


class _Normalised(BaseChoiceIterator):
    """Choices already as Django normalises them ((value, text) pairs): a field and its widget
    take them as they are, instead of checking every one of a county's hundreds of schools twice
    on every request."""

    def __init__(self, choices: list[tuple]):
        self.choices = choices

    def __iter__(self):
        return iter(self.choices)


class TopUpFilterForm(GovForm):
    submit_label = "Filter"
    form_method = "get"
    secondary_button = True

    def __init__(self, *args, year_choices, schools=None, **kwargs):
        """`schools`: (id, name) of the schools a user may filter by, in the order shown (None: no
        school filter). The choice is the school's id."""
        super().__init__(*args, **kwargs)
        self.fields["year"] = YearField(
            label="Financial year", what="the financial year", choices=year_choices, required=False
        )
        self.fields["payer"] = select_field("Who pays", Payer.choices, what="who pays", required=False)
        if schools is not None:
            self.fields["school"] = forms.TypedChoiceField(
                label="School that pays",
                choices=_Normalised([("", "All schools"), *schools]),
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": "Select a school from the list"},
            )
        self.fields["q"] = forms.CharField(label="Pupil's name", required=False, max_length=100)

    def layout(self):
        fields = [Field.select("year"), Field.select("payer")]
        if "school" in self.fields:
            fields.append(Field.select("school"))
        return [*fields, "q"]
