"""Forms for documents, concerns and feedback."""

from __future__ import annotations

from django import forms

from apcommission.core.forms import (
    DEFAULT_HINT,
    GovForm,
    SubmissionTokenMixin,
    govuk_date_field,
    radios_field,
    required_messages,
    select_field,
)

from ..choices import (
    ConcernStatus,
    DocumentKind,
    FeedbackRating,
    Term,
)
from ..files import validate_upload


class DocumentForm(SubmissionTokenMixin, GovForm):
    submit_label = "Upload document"
    kind = select_field("Document", DocumentKind.choices, what="the kind of document")
    title = forms.CharField(label="Title (optional)", max_length=200, required=False)
    issued_on = govuk_date_field("Date of issue", required=False)
    expires_on = govuk_date_field(
        "Expiry date", required=False, hint=f"{DEFAULT_HINT}. Leave empty if it does not expire"
    )
    upload = forms.FileField(
        label="File",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
        help_text="PDF, image or Office document, smaller than 10MB",
    )

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        issued, expires = data.get("issued_on"), data.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", "The expiry date must be the same as or after the date of issue")
        return data


class _OrganisationChoice:
    """A user acting for more than one organisation says which; with one, the form does not ask."""

    def ask_which(self, name: str, organisations, *, label: str, what: str) -> None:
        self._choices = {str(o.pk): o for o in organisations}
        self._choice_name = name
        if len(self._choices) > 1:
            self.fields[name] = radios_field(label, [(k, o.name) for k, o in self._choices.items()], what=what)

    def chosen(self):
        if len(self._choices) == 1:
            return next(iter(self._choices.values()))
        return self._choices[self.cleaned_data[self._choice_name]]


class ConcernForm(SubmissionTokenMixin, _OrganisationChoice, GovForm):
    submit_label = "Report concern"
    summary = forms.CharField(
        label="Summary", max_length=200, error_messages=required_messages("the summary of the concern")
    )
    details = forms.CharField(
        label="What happened", widget=forms.Textarea, error_messages=required_messages("the details of the concern")
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.ask_which("organisation", organisations, label="Reporting for", what="who you are reporting for")

    def organisation(self):
        return self.chosen()


class ConcernUpdateForm(GovForm):
    status = radios_field("Status", ConcernStatus.choices)
    outcome = forms.CharField(label="Outcome", required=False, widget=forms.Textarea)


class FeedbackForm(SubmissionTokenMixin, _OrganisationChoice, GovForm):
    submit_label = "Send feedback"
    academic_year = forms.IntegerField(
        label="Academic year starting",
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        help_text="For example, 2026 for 2026/27",
        error_messages={
            "required": "Enter the year the academic year starts, like 2026",
            "invalid": "Enter the year the academic year starts, like 2026",
            "min_value": "Enter a year from 2000 onwards",
            "max_value": "Enter a year before 2100",
        },
    )
    term = radios_field("Term", Term.choices)
    rating = radios_field("Overall, how was the provision?", FeedbackRating.choices, what="a rating")
    comments = forms.CharField(label="Comments (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.ask_which("school", schools, label="School", what="your school")

    def school(self):
        return self.chosen()
