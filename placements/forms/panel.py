"""The panel's decision on a request, and the school's answer when the panel asks for more information."""

from __future__ import annotations

import uuid

from crispy_forms_gds.layout import Field, Size
from django import forms

from apcommission.core.forms import GovForm, govuk_date_field, radios_field

from ..models import Funder, PanelDecisionKind
from ..route_choices import REGISTRATION_ANSWERS, REGISTRATION_CHOICES


class PanelDecisionForm(GovForm):
    """The decision, and, when approving, what the school's request left to the LA to decide
    (placements.route_choices): only the questions this request still has open."""

    submit_label = "Record decision"

    decision = radios_field("Decision", PanelDecisionKind.choices, what="the panel's decision")
    reasons = forms.CharField(
        label="Reasons", widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "Enter the reasons"}
    )
    decision_date = govuk_date_field("Decision date")

    def __init__(self, *args, left_to_panel=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.left_to_panel = list(left_to_panel)
        payers = [(Funder.LA, "The local authority"), (Funder.SCHOOL, "The school")]
        if "lump_sum_funder" in self.left_to_panel:
            self.fields["lump_sum_funder_choice"] = radios_field(
                "If approved, who pays the lump sum?", payers, required=False
            )
        if "top_up_funder" in self.left_to_panel:
            self.fields["top_up_funder_choice"] = radios_field(
                "If approved, who pays the top-up?", payers, required=False
            )
        if "registration" in self.left_to_panel:
            self.fields["registration_answer"] = radios_field(
                "If approved, how is the pupil registered?", REGISTRATION_CHOICES, required=False
            )

    def layout(self):
        settle = [
            Field.radios(name, legend_size=Size.SMALL)
            for name in ("lump_sum_funder_choice", "top_up_funder_choice", "registration_answer")
            if name in self.fields
        ]
        return [
            Field.radios("decision", legend_size=Size.MEDIUM),
            *settle,
            Field.textarea("reasons"),
            Field("decision_date"),
        ]

    def decision_kwargs(self) -> dict:
        """The panel_decide keywords from the cleaned answers."""
        data = self.cleaned_data
        settled = {
            "lump_sum_funder_choice": data.get("lump_sum_funder_choice", ""),
            "top_up_funder_choice": data.get("top_up_funder_choice", ""),
        }
        registration, main_setting = REGISTRATION_ANSWERS.get(data.get("registration_answer", ""), ("", ""))
        settled.update(registration_choice=registration, main_setting_choice=main_setting)
        return {
            "decision": data["decision"],
            "reasons": data["reasons"],
            "decision_date": data["decision_date"],
            "settled": settled,
        }


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
