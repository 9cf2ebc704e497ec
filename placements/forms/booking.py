"""Steps in a placement's life after the panel: accepting or starting (a button), ending, withdrawing."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms

from apcommission.core.forms import GovForm, govuk_date_field, radios_field

from ..models import (
    Outcome,
)


class EndPlacementForm(GovForm):
    submit_label = "End placement"

    outcome = radios_field("Outcome", Outcome.choices, what="the outcome")
    broken_down = forms.BooleanField(label="The placement broke down", required=False)
    ended_on = govuk_date_field("Date it ended")
    detail = forms.CharField(label="Details (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def layout(self):
        return [
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.checkbox("broken_down"),
            Field("ended_on"),
            Field.textarea("detail"),
        ]


class WithdrawForm(GovForm):
    submit_label = "Withdraw placement"

    reason = forms.CharField(
        label="Why is the placement withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the placement is withdrawn"},
    )

    def layout(self):
        return [Field.textarea("reason")]


class ConfirmForm(GovForm):
    """A button only (accept, start): POST with the CSRF token."""

    def __init__(self, *args, submit: str, **kwargs):
        self.submit_label = submit
        super().__init__(*args, **kwargs)
