"""Forms of QA: recording a review, moderating it, and the LA's checklist."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone

from apcommission.core.forms import (
    GovForm,
    SubmissionTokenMixin,
    govuk_date_field,
    radios_field,
    required_messages,
    select_field,
)

from ..choices import (
    QAGroup,
    QAOutcome,
    QAResult,
)
from ..files import upload_max_bytes, validate_upload


class QAReviewForm(GovForm):
    """Every active checklist item's result and notes, the outcome and the next review date."""

    submit_label = "Record QA review"
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    reviewed_on = govuk_date_field("Date of the review")

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        if not self.is_bound:
            self.fields["submission_key"].initial = uuid.uuid4()
            self.fields["reviewed_on"].initial = timezone.localdate()
        for item in self.items:
            self.fields[f"result_{item.pk}"] = radios_field(
                item.title, QAResult.choices, what=f"a result for “{item.title}”"
            )
            self.fields[f"result_{item.pk}"].help_text = f"{QAGroup(item.group).label}. {item.guidance}".strip()
            self.fields[f"notes_{item.pk}"] = forms.CharField(
                label=f"Evidence notes for “{item.title}” (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["outcome"] = radios_field("Overall outcome", QAOutcome.choices, what="the overall outcome")
        self.fields["conditions"] = forms.CharField(
            label="Conditions (if approving with conditions)", required=False, widget=forms.Textarea(attrs={"rows": 3})
        )
        self.fields["summary"] = forms.CharField(
            label="Summary of findings (optional)", required=False, widget=forms.Textarea
        )
        self.fields["next_review_date"] = govuk_date_field("Next review date")
        self.fields["evidence"] = forms.FileField(
            label="Evidence file (optional)",
            required=False,
            help_text=f"PDF, image or Office document, smaller than {upload_max_bytes() // (1024 * 1024)}MB",
        )

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        reviewed, following = data.get("reviewed_on"), data.get("next_review_date")
        if reviewed and reviewed > timezone.localdate():
            self.add_error("reviewed_on", "The date of the review must be today or in the past")
        if reviewed and following and following <= reviewed:
            self.add_error("next_review_date", "The next review date must be after the date of the review")
        if data.get("outcome") == QAOutcome.APPROVE_WITH_CONDITIONS and not (data.get("conditions") or "").strip():
            self.add_error("conditions", "Enter the conditions of approval")
        return data

    def results(self):
        from ..services import ItemResult

        return [
            ItemResult(
                item=i, result=self.cleaned_data[f"result_{i.pk}"], notes=self.cleaned_data.get(f"notes_{i.pk}", "")
            )
            for i in self.items
        ]


SIGN_OFF, RETURN = "sign_off", "return"


class ModerateForm(GovForm):
    """Sign the review off, or return it to its author with the reason."""

    submit_label = "Save moderation"
    decision = radios_field(
        "Your decision",
        [
            (SIGN_OFF, "Sign off the review: it counts towards approval"),
            (RETURN, "Return it to its author: it needs changing"),
        ],
        what="whether you sign off the review or return it",
    )
    note = forms.CharField(
        label="Note or reason",
        help_text="Optional when you sign off. When you return the review, say what its author must change.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The note or reason must be 2,000 characters or fewer"},
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == RETURN and not (data.get("note") or "").strip():
            self.add_error("note", "Enter why you are returning the review to its author")
        return data


class ChecklistItemForm(SubmissionTokenMixin, GovForm):
    title = forms.CharField(label="Check", max_length=200, error_messages=required_messages("the check"))
    guidance = forms.CharField(
        label="Guidance for reviewers (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    group = select_field("Group", QAGroup.choices)
    order = forms.IntegerField(
        label="Order",
        min_value=0,
        max_value=9999,
        initial=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the order, like 10",
            "invalid": "Enter the order as a whole number, like 10",
            "min_value": "Enter an order of 0 or more",
            "max_value": "Enter an order of 9999 or less",
        },
    )
    is_active = forms.BooleanField(label="In use on new reviews", required=False, initial=True)
