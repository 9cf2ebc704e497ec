"""Forms of managing accounts: invite, give or change a role, and the users list's filters. The
organisations and roles offered are only those the signed-in user may give
(selectors.user_management)."""

from __future__ import annotations

import uuid

from crispy_forms_gds.layout import Field, Fluid
from django import forms

from ..models import OrganisationKind
from ..selectors.user_management import (
    Grant,
    UserStatus,
    grant_choices,
    grantable_organisations,
    may_grant,
)
from .govuk import GovForm, SubmissionTokenMixin, required_messages, select_field

KIND_GROUPS = [
    (OrganisationKind.LOCAL_AUTHORITY, "Local authority"),
    (OrganisationKind.SCHOOL, "Schools"),
    (OrganisationKind.PROVIDER, "Alternative provision providers"),
]


def organisation_choices(organisations) -> list:
    """Grouped by kind (GOV.UK select with optgroups), each group by name."""
    grouped = {kind: [] for kind, _ in KIND_GROUPS}
    for organisation in organisations:
        grouped[organisation.kind].append((str(organisation.pk), organisation.name))
    return [(label, grouped[kind]) for kind, label in KIND_GROUPS if grouped[kind]]


class GrantFormMixin:
    """An organisation and a role, both limited to what `actor` may give, checked together."""

    def setup_grant_fields(self, actor) -> None:
        self.actor = actor
        self.organisations = {str(o.pk): o for o in grantable_organisations(actor)}
        self.fields["organisation"] = select_field("Organisation", organisation_choices(self.organisations.values()))
        offered = [
            (key, label)
            for key, label in grant_choices()
            if any(may_grant(actor, organisation=o, grant=Grant.from_key(key)) for o in self.organisations.values())
        ]
        self.fields["role"] = select_field("Role", offered)

    def clean_grant(self, cleaned: dict) -> None:
        organisation = self.organisations.get(cleaned.get("organisation") or "")
        key = cleaned.get("role")
        if organisation is None or not key:
            return
        grant = Grant.from_key(key)
        if not may_grant(self.actor, organisation=organisation, grant=grant):
            self.add_error(
                "role", f"You cannot give the role {grant.label} at {organisation.name}. Choose another role"
            )
            return
        cleaned["organisation"] = organisation
        cleaned["grant"] = grant


class InviteForm(GrantFormMixin, GovForm):
    submit_label = "Send invitation"
    full_name = forms.CharField(label="Full name", max_length=150, error_messages=required_messages("their full name"))
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The invitation is sent here. It is also how they will sign in",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_grant_fields(actor)
        self.initial.setdefault("submission_token", uuid.uuid4())

    def layout(self):
        return [
            Field("submission_token"),
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.select("organisation"),
            Field.select("role"),
        ]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        self.clean_grant(cleaned)
        return cleaned


class AddRoleForm(SubmissionTokenMixin, GrantFormMixin, GovForm):
    submit_label = "Give role"

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_grant_fields(actor)

    def layout(self):
        return [Field.select("organisation"), Field.select("role")]

    def clean(self):
        cleaned = super().clean()
        self.clean_grant(cleaned)
        return cleaned


class ChangeRoleForm(GovForm):
    """Another role at the same organisation."""

    submit_label = "Change role"

    def __init__(self, *args, actor, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor, self.membership = actor, membership
        offered = [
            (key, label)
            for key, label in grant_choices()
            if may_grant(actor, organisation=membership.organisation, grant=Grant.from_key(key))
        ]
        self.fields["role"] = forms.ChoiceField(
            label=f"New role at {membership.organisation.name}",
            choices=offered,
            widget=forms.RadioSelect,
            error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
        )
        self.initial.setdefault("role", Grant(membership.role, membership.is_head).key)

    def layout(self):
        return [Field.radios("role")]

    def clean_role(self):
        return Grant.from_key(self.cleaned_data["role"])


class UsersFilterForm(GovForm):
    submit_label = "Filter"
    form_method = "get"
    secondary_button = True
    search = forms.CharField(label="Name or email address", required=False, max_length=254)
    status = forms.ChoiceField(label="Status", required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in grantable_organisations(actor)}
        self.fields["organisation"] = forms.ChoiceField(
            label="Organisation",
            required=False,
            choices=[("", "Any organisation"), *organisation_choices(self.organisations.values())],
            error_messages={"invalid_choice": "Select an organisation from the list"},
        )
        self.fields["role"] = forms.ChoiceField(
            label="Role",
            required=False,
            choices=[("", "Any role"), *grant_choices()],
            error_messages={"invalid_choice": "Select a role from the list"},
        )
        self.fields["status"].choices = [("", "Any status"), *UserStatus.CHOICES]
        self.fields["status"].error_messages["invalid_choice"] = "Select a status from the list"

    def layout(self):
        return [
            Field.text("search", field_width=Fluid.ONE_HALF),
            Field.select("organisation"),
            Field.select("role"),
            Field.select("status"),
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data.get("search", ""),
            "organisation": self.organisations.get(data.get("organisation") or ""),
            "grant": data.get("role", ""),
            "status": data.get("status", ""),
        }


__all__ = ["AddRoleForm", "ChangeRoleForm", "InviteForm", "UsersFilterForm"]
