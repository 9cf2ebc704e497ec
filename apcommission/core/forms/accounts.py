"""The sign-in form and the administrator's audit log filters."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm

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
    """Filters for the administrator's audit log."""

    user_email = forms.CharField(label="User's email address", required=False)
    action = forms.ChoiceField(label="Action", required=False)
    child_records_only = forms.BooleanField(label="Only records about a child", required=False)

    def __init__(self, *args, **kwargs):
        from ..models import AuditAction

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any action"), *AuditAction.choices]
        self.helper = form_helper(
            Field.text("user_email", field_width=Fluid.ONE_THIRD),
            Field.select("action"),
            Field.checkbox("child_records_only"),
            submit="Filter",
            method="get",
            secondary=True,
        )
