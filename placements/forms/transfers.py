"""An officer confirms the record of a pupil a school added with a UPN the service already holds."""

from __future__ import annotations

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Size
from django import forms

from apcommission.core.forms import GovForm

MERGE, CORRECT = "merge", "correct"


class ResolveTransferForm(GovForm):
    submit_label = "Confirm the record"

    resolution = forms.ChoiceField(
        label="Is this the same child?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether this is the same child",
            "invalid_choice": "Select whether this is the same child",
        },
    )
    upn = forms.CharField(
        label="The correct UPN (if a different child)",
        help_text="13 characters, like H801200001001",
        required=False,
        max_length=20,
        error_messages={"max_length": "Enter a UPN of 13 characters, like H801200001001"},
    )

    def __init__(self, *args, school_name: str, can_merge: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if can_merge:
            choices.append(
                Choice(MERGE, "Yes: move the record to " + school_name, hint="The child has changed school.")
            )
        choices.append(
            Choice(
                CORRECT, "No: add the pupil with the correct UPN", hint="A different child, or the UPN was mistyped."
            )
        )
        self.fields["resolution"].choices = choices

    def layout(self):
        return [Field.radios("resolution", legend_size=Size.MEDIUM), Field.text("upn", field_width=10)]

    def clean(self):
        data = super().clean()
        if data.get("resolution") == CORRECT and not data.get("upn", "").strip():
            self.add_error("upn", "Enter the correct UPN")
        return data
