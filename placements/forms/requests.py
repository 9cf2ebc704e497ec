"""A school's placement request or an officer's direct placement, the provider suggestions shown
above it, and the placement list's filter."""

from __future__ import annotations

import uuid

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms

from apcommission.core.forms import GovForm, govuk_date_field, radios_field
from apcommission.core.models import KeyStage, Need
from providers.models import Provider, Site

from ..models import (
    AttendancePattern,
    MainSetting,
    PlacementStatus,
    Registration,
    Route,
)
from ..models.routes import Commissioner

YES_NO = [(True, "Yes"), (False, "No")]


WHO = [(Commissioner.LA, "Local authority"), (Commissioner.SCHOOL, "School")]


class PlacementForm(GovForm):
    """A school's request, or an officer's direct placement, for one pupil."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    route = forms.ModelChoiceField(
        label="Route into alternative provision",
        queryset=Route.objects.none(),
        empty_label="Select a route",
        error_messages={"required": "Select the route into alternative provision"},
    )
    needs = forms.MultipleChoiceField(
        label="Needs the provision should meet",
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    site = forms.ModelChoiceField(
        label="Provider and site",
        queryset=Site.objects.none(),
        empty_label="Select an approved provider's site",
        error_messages={"required": "Select the provider and site"},
    )
    start_date = govuk_date_field("Start date")
    end_date = govuk_date_field("End date")
    sessions_per_week = forms.IntegerField(
        label="Sessions per week",
        help_text="Half-day sessions, 1 to 10 (10 is full time)",
        error_messages={"required": "Enter the sessions per week", "invalid": "Sessions per week must be a number"},
    )
    attendance_pattern = radios_field("Full or part time", AttendancePattern.choices, what="full time or part time")
    objectives = forms.CharField(label="Objectives", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    reintegration_plan = forms.CharField(
        label="Reintegration plan",
        help_text="Required before a school-commissioned short-term placement starts",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    commissioner_choice = forms.ChoiceField(
        label="Who commissions (where the route allows either)", choices=[("", "Not needed"), *WHO], required=False
    )
    lump_sum_funder_choice = forms.ChoiceField(
        label="Who pays the lump sum (where the route allows either)",
        choices=[("", "Not needed"), *WHO],
        required=False,
    )
    top_up_funder_choice = forms.ChoiceField(
        label="Who pays the top-up (where the route allows either)",
        choices=[("", "Not needed"), *WHO],
        required=False,
    )
    registration_choice = forms.ChoiceField(
        label="Registration (where the route allows either)",
        choices=[("", "Not needed"), *Registration.choices],
        required=False,
    )
    main_setting_choice = forms.ChoiceField(
        label="Main setting, if dual registered",
        choices=[("", "Not needed"), (MainSetting.HOME_SCHOOL, "Home school"), (MainSetting.AP, "The provision")],
        required=False,
    )

    def __init__(self, *args, routes, submit: str, **kwargs):
        self.submit_label = submit
        super().__init__(*args, **kwargs)
        self.fields["route"].queryset = routes
        self.fields["site"].queryset = (
            Site.objects.filter(is_active=True, provider__in=Provider.objects.bookable())
            .filter(provider__organisation__local_authority__in=routes.values("local_authority"))
            .select_related("provider__organisation")
        )
        self.fields["site"].label_from_instance = lambda site: f"{site.provider.name} – {site.name}"
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def layout(self):
        return [
            Field("submission_token"),
            Field.select("route"),
            Field.checkboxes("needs", legend_size=Size.SMALL),
            Field.select("site"),
            Field("start_date"),
            Field("end_date"),
            Field.text("sessions_per_week", field_width=2),
            Field.radios("attendance_pattern", legend_size=Size.SMALL, inline=True),
            Field.textarea("objectives"),
            Field.textarea("reintegration_plan"),
            Fieldset(
                Field.select("commissioner_choice"),
                Field.select("lump_sum_funder_choice"),
                Field.select("top_up_funder_choice"),
                Field.select("registration_choice"),
                Field.select("main_setting_choice"),
                legend="Choices some routes leave open",
                legend_size=Size.MEDIUM,
            ),
        ]


class SuggestionForm(GovForm):
    """Refines the ranked provider suggestions shown above a request (GET: s-start_0, _1, _2)."""

    submit_label = "Update suggestions"
    form_method = "get"
    secondary_button = True

    needs = forms.MultipleChoiceField(
        label="Needs", choices=Need.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    start = govuk_date_field("Proposed start date", required=False, hint="For example, 5 10 2026")
    sessions = forms.IntegerField(label="Sessions per week, for the price", required=False, min_value=1, max_value=10)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].error_messages.update(
            {
                "invalid": "Sessions per week must be a number",
                "min_value": "Sessions per week must be between 1 and 10",
                "max_value": "Sessions per week must be between 1 and 10",
            }
        )

    def layout(self):
        return [
            Field.checkboxes("needs", legend_size=Size.SMALL, small=True),
            Field("start"),
            Field.text("sessions", field_width=2),
        ]


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
