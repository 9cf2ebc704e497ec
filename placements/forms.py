"""Forms for pupils, requests, panel decisions and routes, rendered as GOV.UK components."""

from __future__ import annotations

import uuid

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms

from apcommission.core.forms import GovForm, GovModelForm, govuk_date_field, radios_field
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
from .services.routes import EDITABLE_FIELDS

YES_NO = [(True, "Yes"), (False, "No")]
WHO = [(Commissioner.LA, "Local authority"), (Commissioner.SCHOOL, "School")]


class PupilPersonalDetailsForm(GovForm):
    """Who the child is (services.PupilPersonalDetails): the pupil edit form, and the base of the
    add form, which adds the UPN and the home school."""

    submit_label = "Save changes"

    legal_first_name = forms.CharField(label="Legal first name", error_messages={"required": "Enter the first name"})
    legal_last_name = forms.CharField(label="Legal last name", error_messages={"required": "Enter the last name"})
    preferred_first_name = forms.CharField(label="Preferred first name (optional)", required=False)
    preferred_last_name = forms.CharField(label="Preferred last name (optional)", required=False)
    date_of_birth = govuk_date_field("Date of birth", hint="For example, 27 3 2012")
    sex = radios_field("Sex", Sex.choices, what="sex")
    sen_status = forms.ChoiceField(
        label="SEN status", choices=SenStatus.choices, widget=forms.RadioSelect, initial=SenStatus.NONE
    )
    looked_after = forms.BooleanField(label="Looked after by a local authority", required=False)
    pupil_premium = forms.BooleanField(label="Eligible for pupil premium", required=False)

    def layout(self):
        return [
            Field.text("legal_first_name", field_width=Fluid.ONE_HALF),
            Field.text("legal_last_name", field_width=Fluid.ONE_HALF),
            Field.text("preferred_first_name", field_width=Fluid.ONE_HALF),
            Field.text("preferred_last_name", field_width=Fluid.ONE_HALF),
            Field("date_of_birth"),
            Field.radios("sex", legend_size=Size.SMALL, inline=True),
            Field.radios("sen_status", legend_size=Size.SMALL),
            Field.checkbox("looked_after"),
            Field.checkbox("pupil_premium"),
        ]


class PupilForm(PupilPersonalDetailsForm):
    submit_label = "Add pupil"
    field_order = ["upn"]

    upn = forms.CharField(
        label="UPN",
        max_length=20,
        help_text="Unique pupil number: 13 characters, like H801200001001",
        error_messages={"required": "Enter the pupil's UPN"},
    )
    home_school = forms.ModelChoiceField(
        label="Home school", queryset=School.objects.none(), required=False, empty_label="No school place"
    )

    def __init__(self, *args, schools, school_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_school"].queryset = schools
        self.fields["home_school"].required = school_required
        self.fields["home_school"].error_messages["required"] = "Select the pupil's home school"

    def layout(self):
        return [Field.text("upn", field_width=Fluid.ONE_THIRD), *super().layout(), Field.select("home_school")]


class PupilFilterForm(GovForm):
    submit_label = "Filter"
    form_method = "get"
    secondary_button = True

    q = forms.CharField(label="Name or UPN", required=False)
    sen_status = forms.ChoiceField(label="SEN status", required=False, choices=[("", "Any"), *SenStatus.choices])
    looked_after = forms.BooleanField(label="Looked after only", required=False)

    def layout(self):
        return [
            Field.text("q", field_width=Fluid.ONE_THIRD),
            Field.select("sen_status"),
            Field.checkbox("looked_after"),
        ]


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
        from .models import RouteCode

        super().__init__(*args, **kwargs)
        self.fields["route"].choices = [("", "Any"), *RouteCode.choices]

    def layout(self):
        return [
            Field.select("status"),
            Field.select("route"),
            Field.select("key_stage"),
            Field.text("q", field_width=Fluid.ONE_THIRD),
        ]


class PanelDecisionForm(GovForm):
    submit_label = "Record decision"

    decision = radios_field("Decision", PanelDecisionKind.choices, what="the panel's decision")
    reasons = forms.CharField(
        label="Reasons", widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "Enter the reasons"}
    )
    decision_date = govuk_date_field("Decision date")

    def layout(self):
        return [Field.radios("decision", legend_size=Size.MEDIUM), Field.textarea("reasons"), Field("decision_date")]


class MoreInformationForm(GovForm):
    """The requesting school's answer to the panel's request for more information."""

    submit_label = "Send more information to the panel"

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    text = forms.CharField(
        label="More information for the panel",
        help_text="Answer the panel's questions. This is added to the request, which goes back to the panel.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the information for the panel"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def layout(self):
        return [Field("submission_token"), Field.textarea("text", label_size=Size.MEDIUM)]


class EndPlacementForm(GovForm):
    submit_label = "End placement"

    outcome = radios_field("Outcome", Outcome.choices, what="the outcome")
    broken_down = forms.BooleanField(label="The placement broke down", required=False)
    ended_on = govuk_date_field("Date it ended")
    detail = forms.CharField(label="Details (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def layout(self):
        return [
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.checkbox("broken_down"),
            Field("ended_on"),
            Field.textarea("detail"),
        ]


class WithdrawForm(GovForm):
    submit_label = "Withdraw placement"

    reason = forms.CharField(
        label="Why is the placement withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the placement is withdrawn"},
    )

    def layout(self):
        return [Field.textarea("reason")]


class ConfirmForm(GovForm):
    """A button only (accept, start): POST with the CSRF token."""

    def __init__(self, *args, submit: str, **kwargs):
        self.submit_label = submit
        super().__init__(*args, **kwargs)


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
