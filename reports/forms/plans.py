"""A commissioning plan scenario: the baseline and up to five plan years, in pounds."""

from __future__ import annotations

import uuid

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.core.exceptions import ValidationError

from apcommission.core.forms import GovForm, SubmissionTokenMixin, required_messages
from providers.validators import parse_money

from ..models import MAX_PLAN_YEARS
from ..services import PlanFigures

PUPILS_MESSAGES = {
    "invalid": "Pupils supported must be a whole number, like 180",
    "min_value": "Pupils supported must be 0 or more",
    "max_value": "Pupils supported must be 100,000 or fewer",
}


def _money_field(label: str, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20,
        help_text="In pounds, like 4258000",
        error_messages=required_messages(f"the {label.lower()}"),
    )


def _pupils_field(label: str, *, what: str, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=100_000,
        error_messages={**PUPILS_MESSAGES, "required": f"Enter the pupils supported {what}"},
    )


class PlanForm(GovForm):
    submit_label = "Save scenario"

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    name = forms.CharField(label="Scenario name", max_length=120, error_messages=required_messages("a scenario name"))
    baseline_label = forms.CharField(
        label="Baseline year",
        max_length=20,
        help_text="For example, 2025-26",
        error_messages=required_messages("the baseline year"),
    )
    baseline_cost = _money_field("Baseline cost")
    baseline_pupils = _pupils_field("Pupils supported in the baseline year", what="in the baseline year")
    notes = forms.CharField(
        label="Assumptions (optional)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
        for number in range(1, MAX_PLAN_YEARS + 1):
            required = number == 1
            suffix = "" if required else " (optional)"
            self.fields[f"year_{number}_cost"] = _money_field(f"Year {number} cost{suffix}", required=required)
            self.fields[f"year_{number}_pupils"] = _pupils_field(
                f"Year {number} pupils supported{suffix}", what=f"in year {number}", required=required
            )

    def layout(self):
        years = [
            Fieldset(Field.text(f"year_{n}_cost", field_width=10), Field.text(f"year_{n}_pupils", field_width=5),
                     legend=f"Year {n}", legend_size=Size.SMALL)
            for n in range(1, MAX_PLAN_YEARS + 1)
        ]  # fmt: skip
        return [
            Field("submission_token"),
            Field.text("name"),
            Fieldset(Field.text("baseline_label", field_width=10), Field.text("baseline_cost", field_width=10),
                     Field.text("baseline_pupils", field_width=5), legend="Baseline", legend_size=Size.MEDIUM),
            *years,
            Field.textarea("notes"),
        ]  # fmt: skip

    def clean_baseline_cost(self):
        return parse_money(self.cleaned_data["baseline_cost"])

    def clean(self):
        cleaned = super().clean()
        for number in range(1, MAX_PLAN_YEARS + 1):
            self._clean_year(cleaned, number)
        return cleaned

    def _clean_year(self, cleaned: dict, number: int) -> None:
        cost_name, pupils_name = f"year_{number}_cost", f"year_{number}_pupils"
        raw_cost, pupils = cleaned.get(cost_name), cleaned.get(pupils_name)
        if raw_cost in (None, "") and pupils is None:
            return
        if raw_cost in (None, ""):
            self.add_error(cost_name, f"Enter the year {number} cost")
            return
        try:
            cleaned[cost_name] = parse_money(raw_cost)
        except ValidationError as error:
            self.add_error(cost_name, error)
        if pupils is None and pupils_name not in self.errors:
            self.add_error(pupils_name, f"Enter the pupils supported in year {number}")

    def figures(self) -> PlanFigures:
        data = self.cleaned_data
        years = []
        for number in range(1, MAX_PLAN_YEARS + 1):
            cost = data.get(f"year_{number}_cost")
            if cost in (None, ""):
                break
            years.append((cost, data[f"year_{number}_pupils"]))
        return PlanFigures(
            name=data["name"],
            baseline_label=data["baseline_label"],
            baseline_cost=data["baseline_cost"],
            baseline_pupils=data["baseline_pupils"],
            years=years,
            notes=data.get("notes", ""),
        )

    @classmethod
    def initial_from(cls, figures: PlanFigures) -> dict:
        initial = {
            "name": figures.name,
            "baseline_label": figures.baseline_label,
            "baseline_cost": str(figures.baseline_cost),
            "baseline_pupils": figures.baseline_pupils,
            "notes": figures.notes,
        }
        for number, (cost, pupils) in enumerate(figures.years, 1):
            initial[f"year_{number}_cost"], initial[f"year_{number}_pupils"] = str(cost), pupils
        return initial


class CopyPlanForm(SubmissionTokenMixin, GovForm):
    submit_label = "Copy scenario"

    name = forms.CharField(
        label="Name of the new scenario",
        max_length=120,
        error_messages=required_messages("a name for the new scenario"),
    )
