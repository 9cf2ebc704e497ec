"""Forms of the provider register, rendered as GOV.UK components (crispy-forms-gds), with
GOV.UK error messages. Forms only parse input; the services apply the rules."""

from __future__ import annotations

import datetime as dt
import uuid

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from apcommission.core.models import URN_VALIDATOR, KeyStage, Need

from .choices import (
    ApprovalStatus,
    ChangeKind,
    ConcernStatus,
    DocumentKind,
    FeedbackRating,
    OfstedJudgement,
    PriceUnit,
    ProviderType,
    QAGroup,
    QAOutcome,
    QAResult,
    RegistrationStatus,
    Term,
)
from .files import upload_max_bytes, validate_upload
from .models import COMPANY_NUMBER_VALIDATOR, UKPRN_VALIDATOR
from .validators import normalise_postcode, parse_money

DATE_HINT = "For example, 27/3/2026"


class GovDateField(forms.DateField):
    """A date typed as day/month/year, with GOV.UK messages."""

    widget = forms.TextInput

    def __init__(self, *, label: str, **kwargs):
        kwargs.setdefault("help_text", DATE_HINT)
        super().__init__(
            label=label,
            input_formats=["%d/%m/%Y", "%d-%m-%Y", "%d %m %Y", "%Y-%m-%d"],
            error_messages={
                "required": f"Enter the {label.lower()}",
                "invalid": f"The {label.lower()} must be a real date, like 27/3/2026",
            },
            **kwargs,
        )
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-10"})

    def prepare_value(self, value):
        if isinstance(value, dt.date):
            return f"{value.day}/{value.month}/{value.year}"
        return value


class GovForm(forms.Form):
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.add_input(Button("submit", self.submit_label))

    def apply_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError next to the fields it names (or in the summary)."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                target = field if field in self.fields else None
                for message in messages:
                    self.add_error(target, message)
        else:
            for message in error.messages:
                self.add_error(None, message)


def _required(label: str) -> dict:
    return {"required": f"Enter the {label}"}


def _select(label: str, choices, *, what: str | None = None) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", "Select"), *choices],
        error_messages={
            "required": f"Select {what or 'the ' + label.lower()}",
            "invalid_choice": f"Select {what or 'the ' + label.lower()}",
        },
    )


def _radios(label: str, choices, *, what: str | None = None, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=required,
        error_messages={
            "required": f"Select {what or 'the ' + label.lower()}",
            "invalid_choice": f"Select {what or 'the ' + label.lower()}",
        },
    )


class ProviderForm(GovForm):
    """LA officers: the provider record with its identifiers."""

    name = forms.CharField(label="Name", max_length=200, error_messages=_required("name of the provider"))
    provider_type = _select("Type", ProviderType.choices, what="the type of provider")
    urn = forms.CharField(
        label="URN (optional)",
        required=False,
        help_text="6 digits, for schools and registered settings",
        validators=[URN_VALIDATOR],
        max_length=6,
        error_messages={"max_length": "Enter a URN of 6 digits, like 123456"},
    )
    ukprn = forms.CharField(
        label="UKPRN (optional)",
        required=False,
        help_text="8 digits starting with 1",
        validators=[UKPRN_VALIDATOR],
        max_length=8,
        error_messages={"max_length": "Enter a UKPRN of 8 digits starting with 1, like 10012345"},
    )
    company_number = forms.CharField(
        label="Companies House number (optional)",
        required=False,
        help_text="8 characters, like 01234567 or SC123456",
        max_length=10,
        error_messages={"max_length": "Enter a Companies House number of 8 characters, like 01234567 or SC123456"},
    )
    ofsted_judgement = _select("Ofsted judgement", OfstedJudgement.choices)
    ofsted_date = GovDateField(label="Date of Ofsted inspection", required=False)
    registration_status = _select("Registration", RegistrationStatus.choices, what="the registration status")
    description = forms.CharField(label="About the provision (optional)", required=False, widget=forms.Textarea)
    website = forms.URLField(
        assume_scheme="https",
        label="Website (optional)",
        required=False,
        error_messages={"invalid": "Enter a web address, like https://example.org"},
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    telephone = forms.CharField(label="Telephone (optional)", required=False, max_length=30)

    def clean_urn(self):
        return self.cleaned_data["urn"].strip()

    def clean_ukprn(self):
        return self.cleaned_data["ukprn"].strip()

    def clean_company_number(self):
        value = self.cleaned_data["company_number"].replace(" ", "").upper()
        if value and value.isdigit() and len(value) < 8:
            value = value.zfill(8)  # Companies House numbers are often written without leading zeros
        if value:
            COMPANY_NUMBER_VALIDATOR(value)
        return value

    def clean(self):
        data = super().clean()
        judgement, when = data.get("ofsted_judgement"), data.get("ofsted_date")
        if when and when > timezone.localdate():
            self.add_error("ofsted_date", "The date of Ofsted inspection must be today or in the past")
        if judgement and judgement != OfstedJudgement.NOT_INSPECTED and not when and "ofsted_date" not in self.errors:
            self.add_error("ofsted_date", "Enter the date of Ofsted inspection")
        return data


class OfferForm(GovForm):
    """The provider's own users: what they offer and how to reach them."""

    description = forms.CharField(label="About the provision", required=False, widget=forms.Textarea)
    website = forms.URLField(
        assume_scheme="https",
        label="Website (optional)",
        required=False,
        error_messages={"invalid": "Enter a web address, like https://example.org"},
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    telephone = forms.CharField(label="Telephone (optional)", required=False, max_length=30)


class ContactForm(GovForm):
    name = forms.CharField(label="Full name", max_length=150, error_messages=_required("contact's full name"))
    job_title = forms.CharField(label="Job title (optional)", max_length=150, required=False)
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    telephone = forms.CharField(label="Telephone (optional)", required=False, max_length=30)
    is_designated_safeguarding_lead = forms.BooleanField(
        label="This person is the designated safeguarding lead", required=False
    )


def _places_fields() -> dict[str, forms.IntegerField]:
    return {
        f"places_{ks}": forms.IntegerField(
            label=f"Places at {label.lower()}" if not label.startswith("Key") else f"Places at {label}",
            required=False,
            min_value=0,
            max_value=999,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
            error_messages={
                "invalid": "Enter the number of places as a whole number, like 4",
                "min_value": "Enter a number of places of 0 or more",
                "max_value": "Enter a number of places of 999 or fewer",
            },
        )
        for ks, label in KeyStage.choices
    }


class PlacesMixin:
    def places(self) -> dict[str, int]:
        return {ks: self.cleaned_data.get(f"places_{ks}") or 0 for ks in KeyStage.values}


class SiteForm(PlacesMixin, GovForm):
    name = forms.CharField(label="Site name", max_length=150, error_messages=_required("name of the site"))
    address = forms.CharField(label="Address (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(
        label="Postcode", max_length=10, error_messages=_required("postcode"), help_text="For example, HR4 9AA"
    )
    needs = forms.MultipleChoiceField(
        label="Needs served",
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one need the site serves"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_places_fields())
        self.helper = FormHelper(self)
        self.helper.label_size = Size.SMALL
        self.helper.add_input(Button("submit", self.submit_label))

    def clean_postcode(self):
        return normalise_postcode(self.cleaned_data["postcode"])[0]


class CapacityForm(PlacesMixin, GovForm):
    submit_label = "Save places"

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_places_fields())
        if site is not None and not self.is_bound:
            for capacity in site.capacities.all():
                self.fields[f"places_{capacity.key_stage}"].initial = capacity.places
        self.helper = FormHelper(self)
        self.helper.label_size = Size.SMALL
        self.helper.add_input(Button("submit", self.submit_label))


class PriceForm(GovForm):
    site = forms.ChoiceField(label="Site", required=False)
    unit = _select("Price for", PriceUnit.choices, what="what the price is for, like per day")
    amount = forms.CharField(
        label="Amount (£)",
        help_text="In pounds and pence, like 95.50",
        error_messages={"required": "Enter an amount in pounds and pence, like 95.50"},
    )
    effective_from = GovDateField(label="Start date")
    effective_to = GovDateField(label="End date", required=False, help_text="Leave empty for until further notice")
    description = forms.CharField(label="Description (optional)", max_length=200, required=False)

    def __init__(self, *args, provider=None, **kwargs):
        super().__init__(*args, **kwargs)
        sites = list(provider.sites.filter(is_active=True).order_by("name")) if provider else []
        self.fields["site"].choices = [("", "All sites"), *[(str(s.pk), s.name) for s in sites]]
        self.fields["amount"].widget.attrs.update({"class": "govuk-input--width-10", "spellcheck": "false"})
        self._sites = {str(s.pk): s for s in sites}

    def clean_site(self):
        value = self.cleaned_data.get("site")
        if not value:
            return None
        if value not in self._sites:
            raise ValidationError("Select one of this provider's sites")
        return self._sites[value]

    def clean_amount(self):
        return parse_money(self.cleaned_data["amount"])

    def clean(self):
        data = super().clean()
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", "The end date must be the same as or after the start date")
        return data

    def payload(self) -> dict:
        data = self.cleaned_data
        return {
            "site_id": data["site"].pk if data.get("site") else None,
            "unit": data["unit"],
            "amount": str(data["amount"]),
            "effective_from": data["effective_from"].isoformat(),
            "effective_to": data["effective_to"].isoformat() if data.get("effective_to") else None,
            "description": data.get("description", ""),
        }


class StatusForm(GovForm):
    submit_label = "Change status"
    to_status = _radios("New status", [], what="the new status")
    reason = forms.CharField(label="Reason", widget=forms.Textarea, error_messages=_required("reason for the change"))
    conditions = forms.CharField(
        label="Conditions of approval (if approving with conditions)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Leave empty to use the conditions in the moderated QA review",
    )

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, ApprovalStatus(s).label) for s in allowed]


class QAReviewForm(GovForm):
    """Every active checklist item's result and notes, the outcome and the next review date."""

    submit_label = "Record QA review"
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    reviewed_on = GovDateField(label="Date of the review")

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        if not self.is_bound:
            self.fields["submission_key"].initial = uuid.uuid4()
            self.fields["reviewed_on"].initial = timezone.localdate()
        for item in self.items:
            self.fields[f"result_{item.pk}"] = _radios(
                item.title, QAResult.choices, what=f"a result for “{item.title}”"
            )
            self.fields[f"result_{item.pk}"].help_text = f"{QAGroup(item.group).label}. {item.guidance}".strip()
            self.fields[f"notes_{item.pk}"] = forms.CharField(
                label=f"Evidence notes for “{item.title}” (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["outcome"] = _radios("Overall outcome", QAOutcome.choices, what="the overall outcome")
        self.fields["conditions"] = forms.CharField(
            label="Conditions (if approving with conditions)", required=False, widget=forms.Textarea(attrs={"rows": 3})
        )
        self.fields["summary"] = forms.CharField(
            label="Summary of findings (optional)", required=False, widget=forms.Textarea
        )
        self.fields["next_review_date"] = GovDateField(label="Next review date")
        self.fields["evidence"] = forms.FileField(
            label="Evidence file (optional)",
            required=False,
            help_text=f"PDF, image or Office document, smaller than {upload_max_bytes() // (1024 * 1024)}MB",
        )
        self.helper = FormHelper(self)
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.add_input(Button("submit", self.submit_label))
        self.helper.attrs = {"enctype": "multipart/form-data"}

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
        from .services import ItemResult

        return [
            ItemResult(
                item=i, result=self.cleaned_data[f"result_{i.pk}"], notes=self.cleaned_data.get(f"notes_{i.pk}", "")
            )
            for i in self.items
        ]


class ModerateForm(GovForm):
    submit_label = "Sign off this QA review"
    note = forms.CharField(label="Moderation note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ChecklistItemForm(GovForm):
    title = forms.CharField(label="Check", max_length=200, error_messages=_required("check"))
    guidance = forms.CharField(
        label="Guidance for reviewers (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    group = _select("Group", QAGroup.choices)
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


class DocumentForm(GovForm):
    submit_label = "Upload document"
    kind = _select("Document", DocumentKind.choices, what="the kind of document")
    title = forms.CharField(label="Title (optional)", max_length=200, required=False)
    issued_on = GovDateField(label="Date of issue", required=False)
    expires_on = GovDateField(
        label="Expiry date", required=False, help_text=f"{DATE_HINT}. Leave empty if it does not expire"
    )
    upload = forms.FileField(
        label="File",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
        help_text="PDF, image or Office document, smaller than 10MB",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.attrs = {"enctype": "multipart/form-data"}

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


class ConcernForm(GovForm):
    submit_label = "Report concern"
    summary = forms.CharField(label="Summary", max_length=200, error_messages=_required("summary of the concern"))
    details = forms.CharField(
        label="What happened", widget=forms.Textarea, error_messages=_required("details of the concern")
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        if len(self.organisations) > 1:
            self.fields["organisation"] = _radios(
                "Reporting for", [(k, o.name) for k, o in self.organisations.items()], what="who you are reporting for"
            )
            self.helper = FormHelper(self)
            self.helper.add_input(Button("submit", self.submit_label))

    def organisation(self):
        if len(self.organisations) == 1:
            return next(iter(self.organisations.values()))
        return self.organisations[self.cleaned_data["organisation"]]


class ConcernUpdateForm(GovForm):
    status = _radios("Status", ConcernStatus.choices)
    outcome = forms.CharField(label="Outcome", required=False, widget=forms.Textarea)


class FeedbackForm(GovForm):
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
    term = _radios("Term", Term.choices)
    rating = _radios("Overall, how was the provision?", FeedbackRating.choices, what="a rating")
    comments = forms.CharField(label="Comments (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.schools = {str(o.pk): o for o in schools}
        if len(self.schools) > 1:
            self.fields["school"] = _radios(
                "School", [(k, o.name) for k, o in self.schools.items()], what="your school"
            )
            self.helper = FormHelper(self)
            self.helper.add_input(Button("submit", self.submit_label))

    def school(self):
        if len(self.schools) == 1:
            return next(iter(self.schools.values()))
        return self.schools[self.cleaned_data["school"]]


class DecisionForm(GovForm):
    submit_label = "Record decision"
    decision = _radios(
        "Decision", [("approve", "Approve and apply the change"), ("reject", "Reject")], what="a decision"
    )
    note = forms.CharField(
        label="Note (required if rejecting)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


__all__ = ["ChangeKind"]
