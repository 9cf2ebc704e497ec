"""The panel's decision on a request, and the school's answer when the panel asks for more information."""

from __future__ import annotations

import uuid

from crispy_forms_gds.layout import Field, Size
from django import forms

from apcommission.core.forms import GovForm, govuk_date_field, radios_field

from ..models import (
    PanelDecisionKind,
)


class PanelDecisionForm(GovForm):
    submit_label = "Record decision"

    decision = radios_field("Decision", PanelDecisionKind.choices, what="the panel's decision")
    reasons = forms.CharField(
        label="Reasons", widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "Enter the reasons"}
    )
    decision_date = govuk_date_field("Decision date")

    def layout(self):
        return [Field.radios("decision", legend_size=Size.MEDIUM), Field.textarea("reasons"), Field("decision_date")]


class MoreInformationForm(GovForm):
    """The requesting school's answer to the panel's request for more information."""

    submit_label = "Send more information to the panel"

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    text = forms.CharField(
        label="More information for the panel",
        help_text="Answer the panel's questions. This is added to the request, which goes back to the panel.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the information for the panel"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def layout(self):
        return [Field("submission_token"), Field.textarea("text", label_size=Size.MEDIUM)]
