"""Forms of the register: the provider record, its offer, contacts, sites, places, prices and status."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from apcommission.core.digits import is_ascii_digits
from apcommission.core.forms import (
    GovForm,
    SubmissionTokenMixin,
    govuk_date_field,
    radios_field,
    required_messages,
    select_field,
)
from apcommission.core.models import URN_VALIDATOR, KeyStage, Need

from ..choices import (
    ApprovalStatus,
    OfstedJudgement,
    PriceUnit,
    ProviderType,
    RegistrationStatus,
)
from ..models import COMPANY_NUMBER_VALIDATOR, UKPRN_VALIDATOR
from ..validators import normalise_postcode, parse_money


def _website() -> forms.URLField:
    return forms.URLField(
        assume_scheme="https",
        label="Website (optional)",
        required=False,
        error_messages={"invalid": "Enter a web address, like https://example.org"},
    )


def _email() -> forms.EmailField:
    return forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )


def _telephone() -> forms.CharField:
    return forms.CharField(label="Telephone (optional)", required=False, max_length=30)


class ProviderForm(SubmissionTokenMixin, GovForm):
    """LA officers: the provider record with its identifiers."""

    name = forms.CharField(label="Name", max_length=200, error_messages=required_messages("the name of the provider"))
    provider_type = select_field("Type", ProviderType.choices, what="the type of provider")
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
    ofsted_judgement = select_field("Ofsted judgement", OfstedJudgement.choices)
    ofsted_date = govuk_date_field("Date of Ofsted inspection", required=False)
    registration_status = select_field("Registration", RegistrationStatus.choices, what="the registration status")
    description = forms.CharField(label="About the provision (optional)", required=False, widget=forms.Textarea)
    website = _website()
    email = _email()
    telephone = _telephone()

    def clean_urn(self):
        return self.cleaned_data["urn"].strip()

    def clean_ukprn(self):
        return self.cleaned_data["ukprn"].strip()

    def clean_company_number(self):
        value = self.cleaned_data["company_number"].replace(" ", "").upper()
        if value and is_ascii_digits(value) and len(value) < 8:
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
    website = _website()
    email = _email()
    telephone = _telephone()


class ContactForm(SubmissionTokenMixin, GovForm):
    name = forms.CharField(
        label="Full name", max_length=150, error_messages=required_messages("the contact's full name")
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=150, required=False)
    email = _email()
    telephone = _telephone()
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


class SiteForm(SubmissionTokenMixin, PlacesMixin, GovForm):
    name = forms.CharField(label="Site name", max_length=150, error_messages=required_messages("the name of the site"))
    address = forms.CharField(label="Address (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        error_messages=required_messages("the postcode"),
        help_text="For example, HR4 9AA",
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


class PriceForm(SubmissionTokenMixin, GovForm):
    site = forms.ChoiceField(label="Site", required=False)
    unit = select_field("Price for", PriceUnit.choices, what="what the price is for, like per day")
    amount = forms.CharField(
        label="Amount (£)",
        help_text="In pounds and pence, like 95.50",
        error_messages={"required": "Enter an amount in pounds and pence, like 95.50"},
    )
    effective_from = govuk_date_field("Start date")
    effective_to = govuk_date_field(
        "End date", required=False, hint="For example, 31 8 2027. Leave empty for until further notice"
    )
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
    to_status = radios_field("New status", [], what="the new status")
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea, error_messages=required_messages("the reason for the change")
    )
    conditions = forms.CharField(
        label="Conditions of approval (if approving with conditions)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Leave empty to use the conditions in the moderated QA review",
    )

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, ApprovalStatus(s).label) for s in allowed]


class DecisionForm(GovForm):
    submit_label = "Record decision"
    decision = radios_field(
        "Decision", [("approve", "Approve and apply the change"), ("reject", "Reject")], what="a decision"
    )
    note = forms.CharField(
        label="Note (required if rejecting)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
