"""The sign-in form and the administrator's audit log filters."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from ..models import AuditAction
from ..selectors.audit import audited_record_types
from .dates import govuk_date_field
from .govuk import GovukErrorsMixin, form_helper


class SignInForm(GovukErrorsMixin, AuthenticationForm):
    """E-mail and password, with GOV.UK error messages."""

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off. Contact your local authority administrator",
    }

    username = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # sign_in.html's own <form> carries novalidate and next
        self.helper.layout = Layout(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            Field.text("password", field_width=Fluid.TWO_THIRDS),
            Button("submit", "Sign in"),
        )

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class AuditLogFilterForm(GovukErrorsMixin, forms.Form):
    """Filters for the administrator's audit log: dates, who, which record, what they did."""

    date_from = govuk_date_field("From", required=False, what="the first day")
    date_to = govuk_date_field("To", required=False, what="the last day")
    user_email = forms.CharField(label="User's email address", required=False, max_length=254)
    record_type = forms.ChoiceField(label="Record type", required=False)
    record = forms.CharField(
        label="Record", required=False, max_length=200, help_text="Its name or number, like a pupil's name"
    )
    action = forms.ChoiceField(label="Action", required=False)
    child_records_only = forms.BooleanField(label="Only records about a child", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.record_types = {str(ct.pk): ct for ct in audited_record_types()}
        self.fields["record_type"].choices = [
            ("", "Any record"),
            *((pk, str(ct.name).capitalize()) for pk, ct in self.record_types.items()),
        ]
        self.fields["action"].choices = [("", "Any action"), *AuditAction.choices]
        self.fields["record_type"].error_messages["invalid_choice"] = "Select a record type from the list"
        self.fields["action"].error_messages["invalid_choice"] = "Select an action from the list"
        self.helper = form_helper(
            Field("date_from"),
            Field("date_to"),
            Field.text("user_email", field_width=Fluid.ONE_THIRD),
            Field.select("record_type"),
            Field.text("record", field_width=Fluid.ONE_THIRD),
            Field.select("action"),
            Field.checkbox("child_records_only"),
            submit="Filter",
            method="get",
            secondary=True,
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The last day must be the same as or after the first day")
        cleaned["record_type"] = self.record_types.get(cleaned.get("record_type") or "")
        return cleaned
