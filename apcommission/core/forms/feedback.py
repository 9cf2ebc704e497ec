"""The service's feedback form (the phase banner's link)."""

from __future__ import annotations

import uuid

from crispy_forms_gds.layout import Field, Size
from django import forms

from ..models import Satisfaction
from .govuk import GovForm, radios_field

#: GOV.UK's feedback pages allow 1,200 characters.
IMPROVE_MAX = 1200


class FeedbackForm(GovForm):
    submit_label = "Send feedback"

    #: One per form shown (sent twice, kept once); a missing or spoilt one only loses that guard.
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)
    #: Where the feedback link was followed from; the service keeps it only when it is one of its pages.
    page = forms.CharField(widget=forms.HiddenInput, required=False)
    satisfaction = radios_field(
        "Overall, how did you feel about the service you received today?",
        Satisfaction.choices,
        what="how you feel about the service",
    )
    improve = forms.CharField(
        label="How could we improve this service?",
        help_text="Do not include personal or financial information, or anything about a child.",
        required=False,
        max_length=IMPROVE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": f"How we could improve this service must be {IMPROVE_MAX:,} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def clean_submission_token(self):
        try:
            return uuid.UUID(str(self.cleaned_data.get("submission_token") or ""))
        except ValueError:
            return None

    def layout(self):
        return [
            "submission_token",
            "page",
            Field.radios("satisfaction", legend_size=Size.MEDIUM),
            Field.textarea("improve", max_characters=IMPROVE_MAX),
        ]
