from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm

ERROR_CLASS_BY_INPUT = {
    forms.Select: "govuk-select--error",
    forms.Textarea: "govuk-textarea--error",
    forms.FileInput: "govuk-file-upload--error",
}


class GovukErrorsMixin:
    """Marks every input with an error with the GOV.UK error class (build `helper` per instance, in __init__).

    crispy-forms-gds 2.0.1 adds it only to some widgets (not e-mail, password, number or date
    inputs); every form of ours mixes this in so that each field in error gets the red border.
    """

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            field = self.fields.get(name)
            if field is None or isinstance(field.widget, (forms.CheckboxInput, forms.RadioSelect)):
                continue
            css = _error_class(field.widget)
            existing = field.widget.attrs.get("class", "")
            if css not in existing.split():
                field.widget.attrs["class"] = f"{existing} {css}".strip()
            # A layout Field's own css_class replaces the widget's, so mark it there too.
            for layout_field in _layout_fields_named(getattr(getattr(self, "helper", None), "layout", None), name):
                if css not in layout_field.attrs.get("class", "").split():
                    layout_field.add_class(css)


def _error_class(widget) -> str:
    return next((c for w, c in ERROR_CLASS_BY_INPUT.items() if isinstance(widget, w)), "govuk-input--error")


def _layout_fields_named(layout, name: str):
    """Layout Field objects (at any depth) that render the form field `name`."""
    for item in getattr(layout, "fields", []) if layout is not None else []:
        if isinstance(item, str):
            continue
        if hasattr(item, "attrs") and name in getattr(item, "fields", []):
            yield item
        yield from _layout_fields_named(item, name)


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


class AuditLogFilterForm(forms.Form):
    """Filters for the administrator's audit log."""

    user_email = forms.CharField(label="User's email address", required=False)
    action = forms.ChoiceField(label="Action", required=False)
    child_records_only = forms.BooleanField(label="Only records about a child", required=False)

    def __init__(self, *args, **kwargs):
        from .models import AuditAction

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any action"), *AuditAction.choices]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("user_email", field_width=Fluid.ONE_THIRD),
            Field.select("action"),
            Field.checkbox("child_records_only"),
            Button("filter", "Filter", css_class="govuk-button--secondary"),
        )
