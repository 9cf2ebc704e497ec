"""The placement list's filter (requests and direct placements are question pages: forms/journey.py)."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fluid
from django import forms

from apcommission.core.forms import GovForm
from apcommission.core.models import KeyStage

from ..models import (
    PlacementStatus,
)


class PlacementFilterForm(GovForm):
    submit_label = "Filter"
    form_method = "get"
    secondary_button = True

    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any"), *PlacementStatus.choices])
    route = forms.ChoiceField(label="Route", required=False)
    key_stage = forms.ChoiceField(label="Key stage", required=False, choices=[("", "Any"), *KeyStage.choices])
    q = forms.CharField(label="Pupil name or UPN", required=False)

    def __init__(self, *args, **kwargs):
        from ..models import RouteCode

        super().__init__(*args, **kwargs)
        self.fields["route"].choices = [("", "Any"), *RouteCode.choices]

    def layout(self):
        return [
            Field.select("status"),
            Field.select("route"),
            Field.select("key_stage"),
            Field.text("q", field_width=Fluid.ONE_THIRD),
        ]
