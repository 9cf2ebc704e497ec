"""Recording an exclusion or suspension, a health absence, and a pupil coming off the roll."""

from __future__ import annotations

import uuid

from crispy_forms_gds.layout import Field, Fixed, Size
from django import forms

from apcommission.core.forms import GovForm, govuk_date_field, radios_field, select_field

from ..models import ExclusionKind, ExclusionReason

HINT_DATE = "For example, 14 9 2026"


class _SchoolChoice(GovForm):
    """A school among those the user may record for (one school: fixed, shown as a hint)."""

    #: Checked in clean(): an error on a hidden field would show nowhere, so it goes to the summary.
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)
    school = forms.TypedChoiceField(
        label="School",
        coerce=int,
        error_messages={"required": "Select the school", "invalid_choice": "Select the school"},
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.schools = {s.pk: s for s in schools}
        self.fields["school"].choices = [("", "Select"), *((s.pk, s.organisation.name) for s in schools)]
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def clean_school(self):
        pk = self.cleaned_data["school"]
        if pk not in self.schools:
            raise forms.ValidationError("Select the school")
        return self.schools[pk]

    def clean_submission_token(self):
        try:
            return uuid.UUID(self.cleaned_data.get("submission_token") or "")
        except ValueError:
            return None

    def clean(self):
        data = super().clean()
        if data.get("submission_token") is None:
            self.add_error(None, "This form has expired: go back to the pupil's page and start again")
        return data


class ExclusionForm(_SchoolChoice):
    submit_label = "Record the exclusion"

    kind = radios_field(
        "Is this a permanent exclusion or a suspension?", ExclusionKind.choices, what="the kind of exclusion"
    )
    first_day = govuk_date_field("First day of the exclusion", hint=HINT_DATE)
    school_days = forms.IntegerField(
        label="Length of the suspension in school days",
        required=False,
        min_value=0,
        max_value=45,
        help_text="Suspensions only. Leave empty for a permanent exclusion.",
        error_messages={
            "invalid": "Enter the length of the suspension as a whole number of school days",
            "min_value": "A suspension must last at least 1 school day",
            "max_value": "A pupil cannot be suspended for more than 45 school days in a school year",
        },
    )
    reason = select_field("Reason", ExclusionReason.choices, what="the reason for the exclusion")
    reason_detail = forms.CharField(
        label="What happened (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )

    def layout(self):
        return [
            Field("submission_token"),
            Field.select("school"),
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field("first_day"),
            Field.text("school_days", field_width=Fixed.TWO),
            Field.select("reason"),
            Field.textarea("reason_detail"),
        ]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ExclusionKind.SUSPENSION and data.get("school_days") in (None, ""):
            self.add_error("school_days", "Enter the length of the suspension in school days")
        if data.get("kind") == ExclusionKind.SUSPENSION and data.get("school_days") == 0:
            self.add_error("school_days", "A suspension must last at least 1 school day")
        if data.get("kind") == ExclusionKind.PERMANENT:
            data["school_days"] = None
        return data


class HealthAbsenceForm(_SchoolChoice):
    submit_label = "Record the absence"

    first_day = govuk_date_field("First day of absence", hint=HINT_DATE)
    school_days = forms.IntegerField(
        label="School days absent",
        min_value=1,
        max_value=200,
        help_text="Days missed so far, or expected to be missed, for this illness.",
        error_messages={
            "required": "Enter the number of school days absent",
            "invalid": "Enter the number of school days absent as a whole number",
            "min_value": "Enter the number of school days absent, 1 or more",
            "max_value": "The number of school days absent must be 200 or fewer (a school year)",
        },
    )
    reason_detail = forms.CharField(
        label="Health needs (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text="Only what the local authority needs to arrange education.",
    )

    def layout(self):
        return [
            Field("submission_token"),
            Field.select("school"),
            Field("first_day"),
            Field.text("school_days", field_width=Fixed.THREE),
            Field.textarea("reason_detail"),
        ]


class OffRollForm(GovForm):
    submit_label = "Save the date"

    removed_on = govuk_date_field("Date the pupil came off the school's roll", hint=HINT_DATE)
