"""GOV.UK form building blocks: a day/month/year date field, the form base with its helper, and
choice fields with GOV.UK error messages."""

from __future__ import annotations

import datetime as dt

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Size
from django import forms
from django.core.exceptions import ValidationError

from apcommission.core.forms import GovukErrorsMixin

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


class GovForm(GovukErrorsMixin, forms.Form):
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout.append(Button("submit", self.submit_label))

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
