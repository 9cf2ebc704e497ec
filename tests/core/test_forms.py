"""The shared GOV.UK form building blocks: the date input's Design System messages, its markup and
error classes, and service errors shown next to their fields."""

import datetime as dt
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template

from apcommission.core.forms import (
    GovForm,
    date_input_data,
    govuk_date_field,
    radios_field,
    required_messages,
    select_field,
)


class PupilDetailsForm(GovForm):
    submit_label = "Add pupil"
    name = forms.CharField(label="Full name", error_messages=required_messages("the pupil's full name"))
    date_of_birth = govuk_date_field("Date of birth")
    left_on = govuk_date_field("Date they left (optional)", required=False)
    sex = radios_field("Sex", [("f", "Female"), ("m", "Male")])
    year_group = select_field("Year group", [("7", "Year 7"), ("8", "Year 8")])


def _form(day="", month="", year="", **data):
    boxes = {"date_of_birth_0": day, "date_of_birth_1": month, "date_of_birth_2": year}
    return PupilDetailsForm({"name": "Kai Fletcher", "sex": "m", "year_group": "8", **boxes, **data})


def _render(form) -> str:
    return Template("{% load crispy_forms_tags crispy_forms_gds %}{% error_summary form %}{% crispy form %}").render(
        Context({"form": form})
    )


def _classes(html: str, input_id: str) -> list[str]:
    tag = re.search(rf'<input [^>]*id="{input_id}"[^>]*>', html).group(0)
    return re.search(r'class="([^"]*)"', tag).group(1).split()


@pytest.mark.parametrize(
    ("boxes", "message"),
    [
        (("", "", ""), "Enter the date of birth"),
        (("27", "", ""), "Date of birth must include a month and year"),
        (("27", "", "2012"), "Date of birth must include a month"),
        (("", "3", "2012"), "Date of birth must include a day"),
        (("31", "2", "2026"), "Date of birth must be a real date"),
        (("27", "13", "2012"), "Date of birth must be a real date"),
        (("twenty", "3", "2012"), "Date of birth must be a real date"),
        (("27", "3", "12"), "Year must include 4 numbers"),
        (("27", "3", "20120"), "Year must include 4 numbers"),
        # Unicode digits: isdigit() is true for them, int() is not (a 500 once).
        (("²", "3", "2012"), "Date of birth must be a real date"),
        (("27", "³", "2012"), "Date of birth must be a real date"),
        (("27", "3", "201²"), "Date of birth must be a real date"),
        (("٢", "3", "2012"), "Date of birth must be a real date"),
        (("２７", "3", "2012"), "Date of birth must be a real date"),
        (("1st", "3", "٢٠١٢"), "Date of birth must be a real date"),
        (("1", "1", "0001"), "Year must be between 1900 and 2099"),
        (("31", "12", "9999"), "Year must be between 1900 and 2099"),
    ],
)
def test_date_input_gives_the_design_systems_messages(boxes, message):
    form = _form(*boxes)
    assert not form.is_valid()
    assert form.errors["date_of_birth"] == [message]


@pytest.mark.parametrize(
    "boxes",
    [("27", "3", "2012"), ("27", "03", "2012"), (" 27 ", "March", "2012"), ("27th", "mar", "2012")],
)
def test_date_input_gives_a_date(boxes):
    form = _form(*boxes)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == dt.date(2012, 3, 27)


def test_an_optional_date_left_blank_is_none_and_half_filled_is_refused():
    form = _form("27", "3", "2012")
    assert form.is_valid() and form.cleaned_data["left_on"] is None
    form = _form("27", "3", "2012", left_on_1="7")
    assert not form.is_valid()
    assert form.errors["left_on"] == ["Date they left must include a day and year"]


def test_date_input_shows_the_value_it_was_given_and_a_date_from_initial():
    html = _render(PupilDetailsForm(initial={"date_of_birth": dt.date(2012, 3, 27)}))
    assert re.search(r'<input [^>]*name="date_of_birth_0"[^>]*value="27"', html)
    assert re.search(r'<input [^>]*name="date_of_birth_1"[^>]*value="3"', html)
    assert re.search(r'<input [^>]*name="date_of_birth_2"[^>]*value="2012"', html)
    assert date_input_data("date_of_birth", dt.date(2012, 3, 27)) == {
        "date_of_birth_0": "27",
        "date_of_birth_1": "3",
        "date_of_birth_2": "2012",
    }


def test_date_input_renders_the_gov_uk_markup():
    html = _render(PupilDetailsForm())
    assert '<div class="govuk-date-input" id="id_date_of_birth">' in html
    assert re.search(r'<legend class="govuk-fieldset__legend[^"]*">\s*Date of birth\s*</legend>', html)
    assert '<div id="id_date_of_birth_hint" class="govuk-hint">For example, 27 3 2026</div>' in html
    for index, (label, width) in enumerate([("Day", 2), ("Month", 2), ("Year", 4)]):
        assert f'<label class="govuk-label govuk-date-input__label" for="id_date_of_birth_{index}">{label}</label>' in (
            html
        )
        classes = _classes(html, f"id_date_of_birth_{index}")
        assert {"govuk-input", "govuk-date-input__input", f"govuk-input--width-{width}"} <= set(classes)
        assert "govuk-input--error" not in classes
        assert re.search(rf'<input [^>]*inputmode="numeric"[^>]*id="id_date_of_birth_{index}"', html)


def test_the_box_in_error_gets_the_red_border_and_the_summary_links_to_it():
    form = _form("27", "", "2012")
    form.is_valid()
    html = _render(form)
    assert '<a href="#id_date_of_birth_1">Date of birth must include a month</a>' in html
    month = _classes(html, "id_date_of_birth_1")
    assert "govuk-date-input__input" in month and "govuk-input--error" in month
    assert "govuk-input--error" not in _classes(html, "id_date_of_birth_0")
    assert "govuk-input--error" not in _classes(html, "id_date_of_birth_2")
    assert re.search(r'<div id="div_id_date_of_birth" class="govuk-form-group govuk-form-group--error">', html)
    assert re.search(
        r'<span id="id_date_of_birth_1_error" class="govuk-error-message">\s*'
        r'<span class="govuk-visually-hidden">Error:</span> Date of birth must include a month',
        html,
    )
    assert html.count("Date of birth must include a month") == 2  # the summary and the field, once each


@pytest.mark.parametrize("boxes", [("", "", ""), ("31", "2", "2026")])
def test_an_error_about_the_whole_date_marks_every_box_and_links_to_the_day(boxes):
    form = _form(*boxes)
    form.is_valid()
    html = _render(form)
    message = form.errors["date_of_birth"][0]
    assert f'<a href="#id_date_of_birth_0">{message}</a>' in html
    for index in range(3):
        classes = _classes(html, f"id_date_of_birth_{index}")
        assert "govuk-date-input__input" in classes and classes.count("govuk-input--error") == 1


def test_the_year_alone_is_marked_for_a_two_digit_year():
    form = _form("27", "3", "12")
    form.is_valid()
    html = _render(form)
    assert '<a href="#id_date_of_birth_2">Year must include 4 numbers</a>' in html
    assert "govuk-input--error" in _classes(html, "id_date_of_birth_2")
    assert "govuk-input--error" not in _classes(html, "id_date_of_birth_0")


def test_apply_errors_puts_a_service_error_next_to_its_field():
    form = _form("27", "3", "2012")
    assert form.is_valid()
    form.apply_errors(
        ValidationError({"name": "A pupil with this name is already on the roll", "__all__": "Try again later"})
    )
    assert form.errors["name"] == ["A pupil with this name is already on the roll"]
    assert form.non_field_errors() == ["Try again later"]
    html = _render(form)
    assert '<a href="#id_name">A pupil with this name is already on the roll</a>' in html
    assert "govuk-input--error" in _classes(html, "id_name")
    assert re.search(r'<div id="div_id_name" class="govuk-form-group govuk-form-group--error">', html)


def test_apply_errors_on_a_date_marks_the_whole_date_and_links_to_the_day():
    form = _form("27", "3", "2012")
    assert form.is_valid()
    form.apply_errors(
        ValidationError({"birth": "Date of birth must be in the past"}), field_map={"birth": "date_of_birth"}
    )
    html = _render(form)
    assert '<a href="#id_date_of_birth_0">Date of birth must be in the past</a>' in html
    for index in range(3):
        assert "govuk-input--error" in _classes(html, f"id_date_of_birth_{index}")


def test_apply_errors_sends_unknown_fields_and_plain_messages_to_the_summary():
    form = _form("27", "3", "2012")
    assert form.is_valid()
    form.apply_errors(ValidationError({"pupil": "This pupil has left"}), field_map={"pupil": None})
    form.apply_errors(ValidationError("The site is full"))
    assert form.non_field_errors() == ["This pupil has left", "The site is full"]


def test_choice_fields_say_select_and_required_messages_say_enter():
    form = PupilDetailsForm({})
    assert not form.is_valid()
    assert form.errors["sex"] == ["Select the sex"]
    assert form.errors["year_group"] == ["Select the year group"]
    assert form.errors["name"] == ["Enter the pupil's full name"]
    assert form.fields["year_group"].choices[0] == ("", "Select")
    assert isinstance(form.fields["sex"].widget, forms.RadioSelect)


def test_each_form_builds_its_own_helper_with_the_fields_it_has():
    class WithExtra(GovForm):
        submit_label = "Save"

        def __init__(self, *args, extra: bool, **kwargs):
            super().__init__(*args, **kwargs)
            if extra:
                self.fields["extra"] = forms.CharField(label="Extra")

    plain, extra = WithExtra(extra=False), WithExtra(extra=True)
    assert plain.helper is not extra.helper
    assert "extra" not in _render(plain) and 'name="extra"' in _render(extra)
    assert '<button name="submit"' in _render(plain)


def test_a_filter_form_is_a_get_form_with_a_secondary_button():
    class Filter(GovForm):
        submit_label = "Filter"
        form_method = "get"
        secondary_button = True
        q = forms.CharField(label="Name", required=False)

    html = _render(Filter({}))
    assert 'method="get"' in html
    assert re.search(r'<button [^>]*class="govuk-button govuk-button--secondary"', html)


def test_every_text_limit_has_the_gov_uk_message():
    from django import forms as django_forms

    from apcommission.core.forms import GovForm
    from providers.forms import ChecklistItemForm

    class NameForm(GovForm):
        name = django_forms.CharField(label="Name of the provider", max_length=5)
        upn = django_forms.CharField(label="UPN", max_length=3)

    form = NameForm({"name": "Longer than five", "upn": "ABCD"})
    assert not form.is_valid()
    assert form.errors["name"] == ["The name of the provider must be 5 characters or fewer"]
    assert form.errors["upn"] == ["The UPN must be 3 characters or fewer"]
    checklist = ChecklistItemForm({"title": "x" * 201, "group": "safeguarding", "order": "1"})
    assert not checklist.is_valid()
    assert checklist.errors["title"] == ["The check must be 200 characters or fewer"]
    assert "Ensure this value" not in str(checklist.errors)
