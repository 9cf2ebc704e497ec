"""What an officer chooses when generating a Schools Forum pack."""

from __future__ import annotations

import uuid

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from apcommission.core.forms import GovForm, govuk_date_field

from ..selectors.pack import PackOptions


class PackForm(GovForm):
    submit_label = "Generate the pack"

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    meeting_date = govuk_date_field("Date of the Forum meeting", hint="For example, 15 1 2027")
    financial_year = forms.TypedChoiceField(label="Financial year the pack reports on", coerce=int)
    first_snapshot = govuk_date_field("First date", hint="For example, 30 5 2026")
    second_snapshot = govuk_date_field("Second date", hint="For example, 13 11 2026")
    include_plan = forms.BooleanField(
        label="Include the chosen commissioning plan scenario", required=False, initial=True
    )
    include_improvement_plan = forms.BooleanField(
        label="Include the improvement plan's progress", required=False, initial=True
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financial_year"].choices = [(y, f"{y}-{(y + 1) % 100:02d}") for y in years]
        self.fields["financial_year"].error_messages.update(
            {"required": "Select the financial year", "invalid_choice": "Select the financial year"}
        )
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def layout(self):
        return [
            Field("submission_token"),
            Field("meeting_date"),
            Field.select("financial_year"),
            Fieldset(Field("first_snapshot"), Field("second_snapshot"),
                     legend="Compare pupils in AP on two dates", legend_size=Size.MEDIUM),
            Field.checkbox("include_plan"),
            Field.checkbox("include_improvement_plan"),
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("first_snapshot"), cleaned.get("second_snapshot")
        if first and second and second <= first:
            self.add_error("second_snapshot", "The second date must be after the first date")
        return cleaned

    def options(self) -> PackOptions:
        data = self.cleaned_data
        return PackOptions(
            meeting_date=data["meeting_date"],
            financial_year=data["financial_year"],
            first_snapshot=data["first_snapshot"],
            second_snapshot=data["second_snapshot"],
            include_plan=data["include_plan"],
            include_improvement_plan=data["include_improvement_plan"],
        )
