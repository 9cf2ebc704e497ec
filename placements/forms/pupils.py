"""Forms for a pupil's record: adding a pupil, correcting their details, and the pupil list's filter."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms

from apcommission.core.forms import GovForm, SubmissionTokenMixin, govuk_date_field, radios_field
from apcommission.core.models import School

from ..models import (
    SenStatus,
    Sex,
)


class PupilPersonalDetailsForm(GovForm):
    """Who the child is (services.PupilPersonalDetails): the pupil edit form, and the base of the
    add form, which adds the UPN and the home school."""

    submit_label = "Save changes"

    legal_first_name = forms.CharField(label="Legal first name", error_messages={"required": "Enter the first name"})
    legal_last_name = forms.CharField(label="Legal last name", error_messages={"required": "Enter the last name"})
    preferred_first_name = forms.CharField(label="Preferred first name (optional)", required=False)
    preferred_last_name = forms.CharField(label="Preferred last name (optional)", required=False)
    date_of_birth = govuk_date_field("Date of birth", hint="For example, 27 3 2012")
    sex = radios_field("Sex", Sex.choices, what="sex")
    sen_status = forms.ChoiceField(
        label="SEN status", choices=SenStatus.choices, widget=forms.RadioSelect, initial=SenStatus.NONE
    )
    looked_after = forms.BooleanField(label="Looked after by a local authority", required=False)
    pupil_premium = forms.BooleanField(label="Eligible for pupil premium", required=False)

    def layout(self):
        return [
            Field.text("legal_first_name", field_width=Fluid.ONE_HALF),
            Field.text("legal_last_name", field_width=Fluid.ONE_HALF),
            Field.text("preferred_first_name", field_width=Fluid.ONE_HALF),
            Field.text("preferred_last_name", field_width=Fluid.ONE_HALF),
            Field("date_of_birth"),
            Field.radios("sex", legend_size=Size.SMALL, inline=True),
            Field.radios("sen_status", legend_size=Size.SMALL),
            Field.checkbox("looked_after"),
            Field.checkbox("pupil_premium"),
        ]


class PupilForm(SubmissionTokenMixin, PupilPersonalDetailsForm):
    submit_label = "Add pupil"
    field_order = ["upn"]

    upn = forms.CharField(
        label="UPN",
        max_length=20,
        help_text="Unique pupil number: 13 characters, like H801200001001",
        error_messages={
            "required": "Enter the pupil's UPN",
            "max_length": "Enter a UPN in the correct format, like H801200001001",
        },
    )
    home_school = forms.ModelChoiceField(
        label="Home school", queryset=School.objects.none(), required=False, empty_label="No school place"
    )

    def __init__(self, *args, schools, school_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_school"].queryset = schools
        self.fields["home_school"].required = school_required
        self.fields["home_school"].error_messages["required"] = "Select the pupil's home school"

    def layout(self):
        return [Field.text("upn", field_width=Fluid.ONE_THIRD), *super().layout(), Field.select("home_school")]


class PupilFilterForm(GovForm):
    submit_label = "Filter"
    form_method = "get"
    secondary_button = True

    q = forms.CharField(label="Name or UPN", required=False)
    sen_status = forms.ChoiceField(label="SEN status", required=False, choices=[("", "Any"), *SenStatus.choices])
    looked_after = forms.BooleanField(label="Looked after only", required=False)

    def layout(self):
        return [
            Field.text("q", field_width=Fluid.ONE_THIRD),
            Field.select("sen_status"),
            Field.checkbox("looked_after"),
        ]
