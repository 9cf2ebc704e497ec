"""Choosing which year a funding page shows."""

from __future__ import annotations

from apcommission.core.forms import GovForm

from .fields import YearField


class YearFilterForm(GovForm):
    """A GET form: one select and a grey "Show" button."""

    submit_label = "Show"
    form_method = "get"
    secondary_button = True

    def __init__(self, *args, choices, label: str = "Financial year", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = YearField(label=label, what=f"the {label.lower()}", choices=choices)
