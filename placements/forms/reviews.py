"""The placement review form, rendered as GOV.UK components."""

from __future__ import annotations

import uuid

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from apcommission.core.forms import GovukErrorsMixin, govuk_date_field

from ..models import Outcome
from ..models.reviews import ReviewDecision


class ReviewForm(GovukErrorsMixin, forms.Form):
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    review_date = govuk_date_field("Date of the review", hint="For example, 27 3 2026")
    attendees = forms.CharField(
        label="Who attended",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Names and roles, including the pupil and their parent or carer if they took part",
        error_messages={"required": "Enter who attended the review"},
    )
    progress = forms.CharField(
        label="Progress against the objectives",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the pupil's progress against the objectives"},
    )
    pupil_what_is_working = forms.CharField(
        label="What is working, in the pupil's own words",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what the pupil says is working"},
    )
    pupil_what_should_change = forms.CharField(
        label="What should change, in the pupil's own words",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what the pupil says should change"},
    )
    decision = forms.ChoiceField(
        label="Decision",
        choices=ReviewDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    new_end_date = govuk_date_field(
        "New end date (if the decision is to extend)", required=False, hint="For example, 17 7 2027"
    )
    outcome = forms.ChoiceField(
        label="Outcome (if the decision is to end the placement)",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select the outcome of the placement"},
    )
    decision_notes = forms.CharField(
        label="Reasons and next steps (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, placement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement
        self.fields["review_date"].error_messages.update(
            {"required": "Enter the date of the review", "invalid": "Date of the review must be a real date"}
        )
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.layout = Layout(
            Field("submission_token"),
            Field("review_date"),
            Field.textarea("attendees"),
            Field.textarea("progress"),
            Fieldset(
                Field.textarea("pupil_what_is_working"),
                Field.textarea("pupil_what_should_change"),
                legend="The pupil's views",
                legend_size=Size.MEDIUM,
            ),
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field("new_end_date"),
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.textarea("decision_notes"),
            Button("submit", "Record the review"),
        )

    def clean_review_date(self):
        """The service checks these too; here they appear with the other errors at once."""
        from ..services.reviews import review_date_problem

        day = self.cleaned_data.get("review_date")
        if day and self.placement is not None:
            problem = review_date_problem(placement=self.placement, review_date=day, today=timezone.localdate())
            if problem:
                raise ValidationError(problem)
        return day
