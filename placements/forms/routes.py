"""The LA's editable table of routes into alternative provision."""

from __future__ import annotations

from crispy_forms_gds.layout import Field

from apcommission.core.forms import GovModelForm

from ..models import (
    Route,
)
from ..models.routes import AttendanceCode, Commissioner, Funder, RegistrationRule
from ..services.routes import EDITABLE_FIELDS


class RouteForm(GovModelForm):
    submit_label = "Save route"

    class Meta:
        model = Route
        fields = list(EDITABLE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commissioner"].choices = Commissioner.choices
        self.fields["lump_sum_funder"].choices = Funder.choices
        self.fields["top_up_funder"].choices = Funder.choices
        self.fields["registration_rule"].choices = RegistrationRule.choices
        self.fields["home_school_attendance_code"].choices = AttendanceCode.choices
        self.fields["name"].error_messages["required"] = "Enter the route's name"

    def layout(self):
        return [
            Field.text("name"),
            Field.textarea("description"),
            Field.select("commissioner"),
            Field.select("lump_sum_funder"),
            Field.select("top_up_funder"),
            Field.select("registration_rule"),
            Field.select("home_school_attendance_code"),
            Field.text("attendance_code_note"),
            Field.checkbox("is_section_19"),
            Field.checkbox("requires_reintegration_plan"),
            Field.checkbox("is_active"),
        ]
