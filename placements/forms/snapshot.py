"""The key stage snapshot's two dates."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from apcommission.core.forms import GovukErrorsMixin, govuk_date_field


class SnapshotForm(GovukErrorsMixin, forms.Form):
    """Two dates to compare, as GOV.UK date inputs; the second must come after the first."""

    first_date = govuk_date_field("First date", hint="For example, 30 5 2024")
    second_date = govuk_date_field("Second date", hint="For example, 13 11 2024")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field("first_date"), Field("second_date"), Button("submit", "Compare"))

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("first_date"), cleaned.get("second_date")
        if first and second and second <= first:
            self.add_error("second_date", "The second date must be after the first date")
        return cleaned
