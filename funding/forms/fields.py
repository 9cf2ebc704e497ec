"""Fields funding forms share: money as finance types it (1500, 1,500.50, £1,500.50), whole
numbers with GOV.UK messages, and years from a list."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from ..services import money_problem


class MoneyField(forms.CharField):
    """Pounds and pence, cleaned to Decimal: never negative, never below a penny."""

    def __init__(self, *, label: str, what: str, allow_zero: bool = True, **kwargs):
        self.what, self.allow_zero = what, allow_zero
        kwargs.setdefault("help_text", "In pounds, for example 1500 or 1500.50")
        attrs = {"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-10"}
        super().__init__(label=label, widget=forms.TextInput(attrs=attrs), **kwargs)
        self.error_messages["required"] = f"Enter {what}"
        self.max_length = 20

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        cleaned = text.replace(",", "").replace(" ", "").removeprefix("£")
        problem = money_problem(cleaned, what=self.what, allow_zero=self.allow_zero)
        if problem:
            raise ValidationError(problem, code="invalid")
        return Decimal(cleaned)


class WholeNumberField(forms.IntegerField):
    def __init__(self, *, label: str, what: str, min_value: int = 0, max_value: int = 999, **kwargs):
        attrs = {"inputmode": "numeric", "class": "govuk-input--width-5"}
        super().__init__(
            label=label, min_value=min_value, max_value=max_value, widget=forms.TextInput(attrs=attrs), **kwargs
        )
        self.error_messages.update(
            {
                "required": f"Enter {what}",
                "invalid": f"Enter {what} as a whole number, like 12",
                "min_value": f"{what[0].upper()}{what[1:]} must be {min_value} or more",
                "max_value": f"{what[0].upper()}{what[1:]} must be {max_value} or fewer",
            }
        )


class YearField(forms.TypedChoiceField):
    def __init__(self, *, label: str, what: str, choices, **kwargs):
        super().__init__(label=label, choices=[("", "Select"), *choices], coerce=int, **kwargs)
        self.error_messages.update({"required": f"Select {what}", "invalid_choice": f"Select {what}"})


class SubmissionTokenMixin:
    """A form with a hidden `submission_token` (one row per form, however often it is sent). A
    missing or altered token is no field the user can correct: it is reported above the form."""

    def clean(self):
        cleaned = super().clean()
        if "submission_token" in self._errors:
            del self._errors["submission_token"]
            self.add_error(None, "This form could not be sent as it was: go back to the page before and start again")
        return cleaned
