"""Forms of the data protection app."""

from __future__ import annotations

import uuid

from crispy_forms_gds.layout import Field
from django import forms

from apcommission.core.forms import GovForm, required_messages


class SubmissionTokenField(forms.CharField):
    """The hidden one-per-form token; anything that is not a UUID counts as no token."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        try:
            return uuid.UUID(str(value)) if value else None
        except ValueError:
            return None


class ExportForm(GovForm):
    """Confirm an export (nothing to fill in: the token makes a double submit one export)."""

    submit_label = "Export the records"
    submission_token = SubmissionTokenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def layout(self):
        return [Field("submission_token")]


class LegalHoldForm(GovForm):
    submit_label = "Place the hold"
    submission_token = SubmissionTokenField()
    reason = forms.CharField(
        label="Why must the records be kept?",
        help_text="For example, a claim, a complaint to the Ombudsman, or a safeguarding review. Give a reference.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={**required_messages("why the records must be kept"),
                        "max_length": "Why the records must be kept must be 2,000 characters or fewer"},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def layout(self):
        return [Field("submission_token"), Field.textarea("reason")]
