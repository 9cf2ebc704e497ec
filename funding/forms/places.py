"""Place funding forms: the places commissioned from a provider for an academic year."""

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms

from apcommission.core.forms import GovForm
from apcommission.core.forms import SubmissionTokenMixin as SentOnceMixin

from .. import conf
from .fields import MoneyField, WholeNumberField, YearField


class CommissionedPlacesForm(SentOnceMixin, GovForm):
    submit_label = "Save the places"

    def __init__(self, *args, providers, year_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"] = forms.ModelChoiceField(
            label="Provider",
            queryset=providers,
            empty_label="Select",
            help_text="Pupil referral units, AP academies and free schools, and hospital education",
            error_messages={"required": "Select the provider", "invalid_choice": "Select the provider"},
        )
        self.fields["academic_year"] = YearField(label="Academic year", what="the academic year", choices=year_choices)
        self.fields["places"] = WholeNumberField(label="Places", what="the number of places", max_value=2000)
        self.fields["rate_per_place"] = MoneyField(
            label="Rate per place a year",
            what="the rate per place",
            initial=conf.place_rate(),
            help_text="In pounds; £10,000 is the pre-16 AP place rate",
        )
        self.fields["notes"] = forms.CharField(label="Notes (optional)", required=False, max_length=300)

    def layout(self):
        return [Field.select("provider"), Field.select("academic_year"), "places", "rate_per_place", "notes"]
