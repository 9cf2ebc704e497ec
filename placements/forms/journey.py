"""The question pages of a school's placement request and an officer's direct placement: one
thing per page (GOV.UK Design System, "Question pages"). Each form parses its answer and asks
the placements services whether it fits (placements.services.booking's checks), so every page
shows its own errors next to its fields; the services apply the same rules again on sending."""

from __future__ import annotations

import uuid

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils.formats import date_format

from apcommission.core.forms import GovForm, govuk_date_field, radios_field
from apcommission.core.models import Need
from providers.models import Site

from ..models import AttendancePattern
from ..route_choices import COMMISSIONER, LUMP_SUM, REGISTRATION, REGISTRATION_CHOICES, TOP_UP
from ..services import placement_check_dates, placement_check_overlap, placement_check_route, placement_check_site

NO_PARTICULAR_NEEDS = "none"


class QuestionForm(GovForm):
    """A question page's form: one question, legend as the page heading, a Continue button."""

    submit_label = "Continue"
    legend_size = Size.LARGE
    label_size = Size.LARGE


class StartForm(GovForm):
    """The first page: the pupil the request is for, and a Start (or Continue) button."""

    def __init__(self, *args, submit: str, **kwargs):
        self.submit_label = submit
        super().__init__(*args, **kwargs)


class RouteQuestionForm(QuestionForm):
    route = forms.ChoiceField(label="Which route into alternative provision is this?", widget=forms.RadioSelect)

    def __init__(self, *args, pupil, routes, **kwargs):
        super().__init__(*args, **kwargs)
        self.pupil = pupil
        self.routes = {str(route.pk): route for route in routes}
        self.fields["route"].choices = [
            Choice(pk, route.name, hint=route.explanation) for pk, route in self.routes.items()
        ]
        self.fields["route"].error_messages.update(
            required="Select the route into alternative provision", invalid_choice="Select one of the routes listed"
        )

    def layout(self):
        return [Field.radios("route", legend_tag="h1", legend_size=Size.LARGE)]

    def clean_route(self):
        route = self.routes[self.cleaned_data["route"]]
        problem = placement_check_route(pupil=self.pupil, route=route)
        if problem:
            raise forms.ValidationError(problem["route"])
        return route


class NeedsQuestionForm(QuestionForm):
    needs = forms.MultipleChoiceField(
        label="Which needs should the provision meet?",
        help_text="Select all that apply. Providers are suggested by the needs they serve.",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [Choice(code, label) for code, label in Need.choices]
        choices[-1].divider = "or"
        self.fields["needs"].choices = [*choices, Choice(NO_PARTICULAR_NEEDS, "No particular needs")]
        self.fields["needs"].error_messages.update(
            required="Select the needs the provision should meet, or select no particular needs",
            invalid_choice="Select needs from the list",
        )

    def layout(self):
        return [Field.checkboxes("needs", legend_tag="h1", legend_size=Size.LARGE)]

    def clean_needs(self):
        needs = self.cleaned_data["needs"]
        if NO_PARTICULAR_NEEDS in needs:
            if len(needs) > 1:
                raise forms.ValidationError(
                    "Select the needs the provision should meet, or no particular needs, not both"
                )
            return []
        return needs


class DatesQuestionForm(QuestionForm):
    """Dates and sessions: one thing (when and how much), as GOV.UK's date inputs and a number."""

    legend_size = Size.MEDIUM
    label_size = Size.MEDIUM

    start_date = govuk_date_field("Start date", hint="For example, 5 1 2027")
    end_date = govuk_date_field("End date", hint="For example, 26 3 2027")
    sessions_per_week = forms.IntegerField(
        label="Sessions per week",
        help_text="Half-day sessions, 1 to 10 (10 is full time)",
        error_messages={"required": "Enter the sessions per week", "invalid": "Sessions per week must be a number"},
    )
    attendance_pattern = radios_field("Full or part time", AttendancePattern.choices, what="full time or part time")

    def __init__(self, *args, pupil, route, **kwargs):
        super().__init__(*args, **kwargs)
        self.pupil, self.route = pupil, route

    def layout(self):
        return [
            Field("start_date"),
            Field("end_date"),
            Field.text("sessions_per_week", field_width=2),
            Field.radios("attendance_pattern", inline=True),
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        problems = placement_check_dates(
            start_date=start, end_date=end, sessions_per_week=data.get("sessions_per_week")
        )
        route_problem = placement_check_route(pupil=self.pupil, route=self.route, start_date=start) if start else {}
        if route_problem:
            problems["start_date"] = route_problem["route"]
        elif start and end and not problems:
            problems.update(placement_check_overlap(pupil=self.pupil, start_date=start, end_date=end))
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class ProviderQuestionForm(QuestionForm):
    """The suggested sites (placements.selectors.suggest_sites), best fit first."""

    site = forms.ChoiceField(label="Which provider and site?", widget=forms.RadioSelect)

    def __init__(self, *args, pupil, start_date, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.pupil, self.start_date = pupil, start_date
        self.suggestions = {str(s.site.pk): s for s in suggestions}
        self.fields["site"].choices = [
            Choice(pk, f"{s.provider.name} – {s.site.name}", hint=suggestion_hint(s, start_date))
            for pk, s in self.suggestions.items()
        ]
        self.fields["site"].error_messages.update(
            required="Select the provider and site", invalid_choice="Select one of the providers listed"
        )

    def layout(self):
        return [Field.radios("site", legend_tag="h1", legend_size=Size.LARGE)]

    def clean_site(self):
        suggestion = self.suggestions[self.cleaned_data["site"]]
        site: Site = suggestion.site
        problem = placement_check_site(
            pupil=self.pupil, provider=suggestion.provider, site=site, start_date=self.start_date
        )
        if problem:
            raise forms.ValidationError(next(iter(problem.values())))
        return site


def suggestion_hint(suggestion, start_date) -> str:
    """Why a site is where it is in the list: needs served, a free place, price."""
    parts = []
    served, asked = len(suggestion.needs_served), len(suggestion.needs_served) + len(suggestion.needs_missing)
    if asked:
        if served == asked:
            parts.append("Serves all the needs you chose" if asked > 1 else "Serves the need you chose")
        elif served:
            parts.append(f"Serves {served} of the {asked} needs you chose")
        else:
            parts.append("Serves none of the needs you chose")
    on = date_format(start_date, "j F")
    if suggestion.has_free_place:
        parts.append(f"{suggestion.places_free} of {suggestion.places} places free on {on}")
    else:
        parts.append(f"Full on {on}: the pupil would join the waiting list")
    if suggestion.price is None:
        parts.append("No price listed")
    else:
        price = f"£{suggestion.price.amount:,.2f} {suggestion.price.get_unit_display().lower()}"
        if suggestion.weekly_cost is not None:
            price += f" (about £{suggestion.weekly_cost:,.2f} a week)"
        parts.append(price)
    return ". ".join(parts)


#: The questions for the route's open cells (placements.route_choices), for a school and an officer.
CELL_QUESTIONS = {
    COMMISSIONER: {
        "field": "commissioner_choice",
        "school": (
            "Who will commission this placement?",
            [
                Choice("school", "Our school commissions it", hint="It is approved when you send it."),
                Choice("la", "Ask the local authority to commission it", hint="The local authority's panel decides."),
            ],
        ),
        "la": (
            "Who commissions this placement?",
            [Choice("la", "The local authority"), Choice("school", "The pupil's school")],
        ),
        "required": "Select who commissions the placement",
    },
    LUMP_SUM: {
        "field": "lump_sum_funder_choice",
        "school": (
            "Who will pay the lump sum?",
            [
                Choice("school", "Our school pays it"),
                Choice("la", "Ask the local authority to pay it", hint="The local authority's panel decides."),
            ],
        ),
        "la": ("Who pays the lump sum?", [Choice("la", "The local authority"), Choice("school", "The school")]),
        "required": "Select who pays the lump sum",
    },
    TOP_UP: {
        "field": "top_up_funder_choice",
        "school": (
            "Who will pay the top-up?",
            [
                Choice("school", "Our school pays it"),
                Choice("la", "Ask the local authority to pay it", hint="The local authority's panel decides."),
            ],
        ),
        "la": ("Who pays the top-up?", [Choice("la", "The local authority"), Choice("school", "The school")]),
        "required": "Select who pays the top-up",
    },
    REGISTRATION: {
        "field": "registration_answer",
        "school": ("How will the pupil be registered?", [Choice(v, label) for v, label in REGISTRATION_CHOICES]),
        "la": ("How is the pupil registered?", [Choice(v, label) for v, label in REGISTRATION_CHOICES]),
        "required": "Select how the pupil is registered",
    },
}


class CellQuestionForm(QuestionForm):
    """One of the route's open cells, asked of the school or the officer (route_choices)."""

    def __init__(self, *args, cell: str, by_school: bool, **kwargs):
        super().__init__(*args, **kwargs)
        spec = CELL_QUESTIONS[cell]
        question, choices = spec["school" if by_school else "la"]
        self.field_name = spec["field"]
        self.fields[self.field_name] = forms.ChoiceField(
            label=question,
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={"required": spec["required"], "invalid_choice": spec["required"]},
        )

    def layout(self):
        return [Field.radios(self.field_name, legend_tag="h1", legend_size=Size.LARGE)]


class ObjectivesQuestionForm(QuestionForm):
    objectives = forms.CharField(
        label="What should the placement achieve?",
        help_text="The objectives the provider and the reviews will work to",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={
            "required": "Enter what the placement should achieve",
            "max_length": "What the placement should achieve must be 4,000 characters or fewer",
        },
    )
    reintegration_plan = forms.CharField(
        label="Reintegration plan (optional)",
        help_text="This route needs a plan with a timeline for the return to school before the placement starts",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        required=False,
        error_messages={"max_length": "The reintegration plan must be 4,000 characters or fewer"},
    )

    def __init__(self, *args, route, **kwargs):
        super().__init__(*args, **kwargs)
        if not route.requires_reintegration_plan:
            del self.fields["reintegration_plan"]

    def layout(self):
        fields = [Field.textarea("objectives", label_tag="h1", label_size=Size.LARGE)]
        if "reintegration_plan" in self.fields:
            fields.append(Field.textarea("reintegration_plan", label_size=Size.MEDIUM))
        return fields


class SendForm(GovForm):
    """Check your answers: the submission token, so a double submit sends one request."""

    submission_token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This page has expired – check your answers and send them again",
            "invalid": "This page has expired – check your answers and send them again",
        },
    )

    def __init__(self, *args, submit: str, token: uuid.UUID | str, **kwargs):
        self.submit_label = submit
        super().__init__(*args, **kwargs)
        self.initial.setdefault("submission_token", token)

    def layout(self):
        return [Field("submission_token")]
