"""Forms of signing in beyond the password: the second factor, setting up an authenticator,
choosing a password (invitation, reset, change) and asking for a reset. GOV.UK messages."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fluid
from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm

from ..demo import is_demo_account
from .govuk import GovForm, GovFormMixin

PASSWORD_HINT = "Use at least 12 characters. A few unrelated words together make a strong password."


class CodeForm(GovForm):
    """A 6-digit code from the authenticator app, or a recovery code."""

    submit_label = "Continue"
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes",
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def layout(self):
        return [Field.text("code", field_width=10)]


class AuthenticatorCodeForm(CodeForm):
    """The first code from a newly added authenticator (recovery codes do not count here)."""

    code = forms.CharField(
        label="Enter the 6-digit code from the app",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )


class GovPasswordFieldsMixin(GovFormMixin):
    """Django's set-password fields with GOV.UK labels and messages (validators: settings)."""

    submit_label = "Save password"

    def style_new_password(self) -> None:
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = PASSWORD_HINT
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"
        self.error_messages = {**self.error_messages, "password_mismatch": "The passwords do not match"}

    def layout(self):
        return [Field.text(name, field_width=Fluid.TWO_THIRDS) for name in self.fields]


class ChoosePasswordForm(GovPasswordFieldsMixin, SetPasswordForm):
    """A new password for an invitation or a reset link."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.style_new_password()


class ChangePasswordForm(GovPasswordFieldsMixin, PasswordChangeForm):
    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.style_new_password()
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": "Your current password is not right. Enter it again",
        }


class ResetRequestForm(GovFormMixin, PasswordResetForm):
    """The e-mail address to send a reset link to. The same answer whether or not an account has
    it (no account enumeration); nothing is sent to switched-off or demo accounts."""

    submit_label = "Send reset link"
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def layout(self):
        return [Field.text("email", field_width=Fluid.TWO_THIRDS)]

    def get_users(self, email):
        for user in super().get_users(email):
            if settings.DEMO_LOGINS_ENABLED or not is_demo_account(user.email):
                yield user


__all__ = [
    "PASSWORD_HINT",
    "AuthenticatorCodeForm",
    "ChangePasswordForm",
    "ChoosePasswordForm",
    "CodeForm",
    "ResetRequestForm",
]
