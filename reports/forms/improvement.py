"""The improvement plan: a priority area, and an action with its lead, due date and status."""

from __future__ import annotations

import uuid

from crispy_forms_gds.layout import Field, Size
from django import forms

from apcommission.core.forms import GovForm, SubmissionTokenMixin, govuk_date_field, radios_field, required_messages

from ..models import ActionStatus


class PriorityAreaForm(SubmissionTokenMixin, GovForm):
    submit_label = "Add priority area"

    title = forms.CharField(
        label="Priority area", max_length=200, error_messages=required_messages("the priority area")
    )


class ActionForm(GovForm):
    submit_label = "Save action"

    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    description = forms.CharField(
        label="Action",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=required_messages("the action"),
    )
    lead = forms.CharField(
        label="Lead (service or person)", max_length=200, error_messages=required_messages("who leads the action")
    )
    due_date = govuk_date_field("Due date", hint="For example, 31 3 2027")
    status = radios_field("Status", ActionStatus.choices, what="the action's status")
    progress_note = forms.CharField(
        label="Latest progress (optional)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def layout(self):
        return [
            Field("submission_token"),
            Field.textarea("description"),
            Field.text("lead"),
            Field("due_date"),
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field.textarea("progress_note"),
        ]
