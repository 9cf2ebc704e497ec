"""Forms for pupils, requests, panel decisions and routes, rendered as GOV.UK components."""

from __future__ import annotations

import uuid

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Fluid, Layout, Size
from django import forms

from apcommission.core.models import KeyStage, Need, School
from providers.models import Provider, Site

from .models import (
    AttendancePattern,
    MainSetting,
    Outcome,
    PanelDecisionKind,
    PlacementStatus,
    Registration,
    Route,
    SenStatus,
    Sex,
)
from .models.routes import AttendanceCode, Commissioner, Funder, RegistrationRule

YES_NO = [(True, "Yes"), (False, "No")]
WHO = [(Commissioner.LA, "Local authority"), (Commissioner.SCHOOL, "School")]


def _date(label: str, help_text: str = "For example, 27 3 2026") -> DateInputField:
    field = DateInputField(label=label, help_text=help_text, require_all_fields=False)
    return field


def _helper(*fields, submit: str, method: str = "post", secondary: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.form_method = method
    button = Button("submit", submit, css_class="govuk-button--secondary") if secondary else Button("submit", submit)
    helper.layout = Layout(*fields, button)
    return helper


class PupilForm(forms.Form):
    upn = forms.CharField(
        label="UPN",
        max_length=20,
        help_text="Unique pupil number: 13 characters, like H801200001001",
        error_messages={"required": "Enter the pupil's UPN"},
    )
    legal_first_name = forms.CharField(label="Legal first name", error_messages={"required": "Enter the first name"})
    legal_last_name = forms.CharField(label="Legal last name", error_messages={"required": "Enter the last name"})
    preferred_first_name = forms.CharField(label="Preferred first name (optional)", required=False)
    preferred_last_name = forms.CharField(label="Preferred last name (optional)", required=False)
    date_of_birth = _date("Date of birth", "For example, 27 3 2012")
    sex = forms.ChoiceField(choices=Sex.choices, widget=forms.RadioSelect, error_messages={"required": "Select sex"})
    sen_status = forms.ChoiceField(
        label="SEN status", choices=SenStatus.choices, widget=forms.RadioSelect, initial=SenStatus.NONE
    )
    looked_after = forms.BooleanField(label="Looked after by a local authority", required=False)
    pupil_premium = forms.BooleanField(label="Eligible for pupil premium", required=False)
    home_school = forms.ModelChoiceField(
        label="Home school", queryset=School.objects.none(), required=False, empty_label="No school place"
    )

    def __init__(self, *args, schools, school_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_school"].queryset = schools
        self.fields["home_school"].required = school_required
        self.fields["home_school"].error_messages["required"] = "Select the pupil's home school"
        self.fields["date_of_birth"].error_messages.update({"required": "Enter the date of birth"})
        self.helper = _helper(
            Field.text("upn", field_width=Fluid.ONE_THIRD),
            Field.text("legal_first_name", field_width=Fluid.ONE_HALF),
            Field.text("legal_last_name", field_width=Fluid.ONE_HALF),
            Field.text("preferred_first_name", field_width=Fluid.ONE_HALF),
            Field.text("preferred_last_name", field_width=Fluid.ONE_HALF),
            Field("date_of_birth"),
            Field.radios("sex", legend_size=Size.SMALL, inline=True),
            Field.radios("sen_status", legend_size=Size.SMALL),
            Field.checkbox("looked_after"),
            Field.checkbox("pupil_premium"),
            Field.select("home_school"),
            submit="Add pupil",
        )


class PupilFilterForm(forms.Form):
    q = forms.CharField(label="Name or UPN", required=False)
    sen_status = forms.ChoiceField(label="SEN status", required=False, choices=[("", "Any"), *SenStatus.choices])
    looked_after = forms.BooleanField(label="Looked after only", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("q", field_width=Fluid.ONE_THIRD),
            Field.select("sen_status"),
            Field.checkbox("looked_after"),
            submit="Filter",
            method="get",
            secondary=True,
        )


class PlacementForm(forms.Form):
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
    start_date = _date("Start date")
    end_date = _date("End date")
    sessions_per_week = forms.IntegerField(
        label="Sessions per week",
        help_text="Half-day sessions, 1 to 10 (10 is full time)",
        error_messages={"required": "Enter the sessions per week", "invalid": "Sessions per week must be a number"},
    )
    attendance_pattern = forms.ChoiceField(
        label="Full or part time",
        choices=AttendancePattern.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select full time or part time"},
    )
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
        super().__init__(*args, **kwargs)
        self.fields["route"].queryset = routes
        self.fields["site"].queryset = (
            Site.objects.filter(is_active=True, provider__in=Provider.objects.bookable())
            .filter(provider__organisation__local_authority__in=routes.values("local_authority"))
            .select_related("provider__organisation")
        )
        self.fields["site"].label_from_instance = lambda site: f"{site.provider.name} – {site.name}"
        self.fields["start_date"].error_messages.update({"required": "Enter the start date"})
        self.fields["end_date"].error_messages.update({"required": "Enter the end date"})
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
        self.helper = _helper(
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
            submit=submit,
        )


class SuggestionForm(forms.Form):
    """Refines the ranked provider suggestions shown above a request."""

    needs = forms.MultipleChoiceField(
        label="Needs", choices=Need.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    start = forms.DateField(label="Proposed start date", required=False, help_text="For example, 2026-10-05")
    sessions = forms.IntegerField(label="Sessions per week, for the price", required=False, min_value=1, max_value=10)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].error_messages["invalid"] = "Enter the start date as a date, like 2026-10-05"
        self.fields["sessions"].error_messages.update(
            {
                "invalid": "Sessions per week must be a number",
                "min_value": "Sessions per week must be between 1 and 10",
                "max_value": "Sessions per week must be between 1 and 10",
            }
        )
        self.helper = _helper(
            Field.checkboxes("needs", legend_size=Size.SMALL, small=True),
            Field.text("start", field_width=Fluid.ONE_QUARTER),
            Field.text("sessions", field_width=2),
            submit="Update suggestions",
            method="get",
            secondary=True,
        )


class PlacementFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any"), *PlacementStatus.choices])
    route = forms.ChoiceField(label="Route", required=False)
    key_stage = forms.ChoiceField(label="Key stage", required=False, choices=[("", "Any"), *KeyStage.choices])
    q = forms.CharField(label="Pupil name or UPN", required=False)

    def __init__(self, *args, **kwargs):
        from .models import RouteCode

        super().__init__(*args, **kwargs)
        self.fields["route"].choices = [("", "Any"), *RouteCode.choices]
        self.helper = _helper(
            Field.select("status"),
            Field.select("route"),
            Field.select("key_stage"),
            Field.text("q", field_width=Fluid.ONE_THIRD),
            submit="Filter",
            method="get",
            secondary=True,
        )


class PanelDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=PanelDecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the panel's decision"},
    )
    reasons = forms.CharField(
        label="Reasons", widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "Enter the reasons"}
    )
    decision_date = _date("Decision date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].error_messages.update({"required": "Enter the decision date"})
        self.helper = _helper(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("reasons"),
            Field("decision_date"),
            submit="Record decision",
        )


class EndPlacementForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    broken_down = forms.BooleanField(label="The placement broke down", required=False)
    ended_on = _date("Date it ended")
    detail = forms.CharField(label="Details (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].error_messages.update({"required": "Enter the date it ended"})
        self.helper = _helper(
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.checkbox("broken_down"),
            Field("ended_on"),
            Field.textarea("detail"),
            submit="End placement",
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is the placement withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the placement is withdrawn"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason"), submit="Withdraw placement")


class ConfirmForm(forms.Form):
    """A button only (accept, start): POST with the CSRF token."""

    def __init__(self, *args, submit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit=submit)


class RouteForm(forms.ModelForm):
    class Meta:
        model = Route
        fields = [
            "name",
            "description",
            "commissioner",
            "lump_sum_funder",
            "top_up_funder",
            "registration_rule",
            "home_school_attendance_code",
            "attendance_code_note",
            "is_section_19",
            "requires_reintegration_plan",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commissioner"].choices = Commissioner.choices
        self.fields["lump_sum_funder"].choices = Funder.choices
        self.fields["top_up_funder"].choices = Funder.choices
        self.fields["registration_rule"].choices = RegistrationRule.choices
        self.fields["home_school_attendance_code"].choices = AttendanceCode.choices
        self.fields["name"].error_messages["required"] = "Enter the route's name"
        self.helper = _helper(
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
            submit="Save route",
        )
