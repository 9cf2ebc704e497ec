"""GOV.UK form building blocks shared by every app: the form bases with their helper, the error
border on each input in error, service errors next to their fields, and choice fields with
GOV.UK error messages (https://design-system.service.gov.uk/components/error-message/)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.functional import cached_property
from django.utils.html import conditional_escape

from .dates import GovukDateField, the_label

ERROR_CLASS_BY_INPUT = {
    forms.Select: "govuk-select--error",
    forms.Textarea: "govuk-textarea--error",
    forms.FileInput: "govuk-file-upload--error",
}


def gov_uk_length_messages(form) -> None:
    """GOV.UK's message for a text that is too long, on every text field with a limit that has no
    message of its own: '[The label] must be 200 characters or fewer' (not Django's 'Ensure this
    value has at most 200 characters')."""
    for field in form.fields.values():
        limit = getattr(field, "max_length", None)
        if not limit or not isinstance(field, forms.CharField):
            continue
        if "max_length" in field.error_messages:
            continue
        name = the_label(str(field.label or "This"))
        name = name[:1].upper() + name[1:]
        field.error_messages = {**field.error_messages, "max_length": f"{name} must be {limit:,} characters or fewer"}


class GovukErrorsMixin:
    """Marks every input in error with the GOV.UK error class, whenever an error is added.

    crispy-forms-gds 2.0.1 adds it only to some widgets (not e-mail, password, number or date
    inputs). Date inputs are marked box by box (GovukDateField.mark_boxes): a class on the whole
    widget would replace each box's own classes.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        gov_uk_length_messages(self)

    def add_error(self, field, error):
        super().add_error(field, error)
        self.mark_errors()

    def mark_errors(self) -> None:
        for name in self.errors:
            field = self.fields.get(name)
            if isinstance(field, GovukDateField):
                field.mark_boxes(self.errors[name])
                continue
            if field is None or isinstance(field.widget, (forms.CheckboxInput, forms.RadioSelect, forms.MultiWidget)):
                continue
            css = _error_class(field.widget)
            existing = field.widget.attrs.get("class", "")
            if css not in existing.split():
                field.widget.attrs["class"] = f"{existing} {css}".strip()
            # A layout Field's own css_class replaces the widget's, so mark it there too.
            for layout_field in _layout_fields_named(getattr(getattr(self, "helper", None), "layout", None), name):
                if css not in layout_field.attrs.get("class", "").split():
                    layout_field.add_class(css)

    def apply_errors(self, error: ValidationError, *, field_map: Mapping[str, str | None] | None = None) -> None:
        """Show a service's ValidationError next to the fields it names, or in the summary.

        `field_map` renames a service's field (`{"provider": "site"}`); None sends it to the summary.
        """
        apply_errors(self, error, field_map=field_map)


def apply_errors(form: forms.BaseForm, error: ValidationError, *, field_map: Mapping | None = None) -> None:
    """GOV.UK: an error appears next to the field it concerns and in the error summary."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            target = field_map.get(name, name)
            for message in messages:
                form.add_error(target if target in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _error_class(widget) -> str:
    return next((c for w, c in ERROR_CLASS_BY_INPUT.items() if isinstance(widget, w)), "govuk-input--error")


def _layout_fields_named(layout, name: str):
    """Layout Field objects (at any depth) that render the form field `name`."""
    for item in getattr(layout, "fields", []) if layout is not None else []:
        if isinstance(item, str):
            continue
        if hasattr(item, "attrs") and name in getattr(item, "fields", []):
            yield item
        yield from _layout_fields_named(item, name)


def form_helper(
    *layout,
    submit: str | None = None,
    method: str = "post",
    secondary: bool = False,
    label_size: str | None = None,
    legend_size: str | None = None,
) -> FormHelper:
    """A crispy-forms-gds helper: the layout, then the submit button (grey for filters)."""
    helper = FormHelper()
    helper.form_method = method
    helper.label_size = label_size
    helper.legend_size = legend_size
    if submit:
        css = "govuk-button--secondary" if secondary else ""
        layout = (*layout, Button("submit", submit, css_class=css) if css else Button("submit", submit))
    helper.layout = Layout(*layout)
    return helper


class EscapedBoundField(BoundField):
    """A field whose label and hint are escaped: crispy-forms-gds prints both with `|safe`, and
    many are built from stored text (a QA check's title and guidance, a pupil's name). Text meant
    as markup must be marked safe where it is written (`format_html`)."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        if self.label is not None:
            self.label = conditional_escape(self.label)
        self.help_text = conditional_escape(self.help_text)


class GovFormMixin(GovukErrorsMixin):
    """The helper is built per instance when first used, so fields added in __init__ are in it.

    Override `layout()` for an explicit layout (crispy-forms-gds Field.text, Field.radios...);
    the default is every field in order with small labels and legends. Labels and hints are
    escaped (EscapedBoundField).
    """

    bound_field_class = EscapedBoundField

    submit_label: str | None = "Save"
    form_method = "post"
    secondary_button = False
    label_size: str | None = Size.SMALL
    legend_size: str | None = Size.SMALL

    def layout(self) -> Iterable:
        return list(self.fields)

    @cached_property
    def helper(self) -> FormHelper:
        return form_helper(
            *self.layout(),
            submit=self.submit_label,
            method=self.form_method,
            secondary=self.secondary_button,
            label_size=self.label_size,
            legend_size=self.legend_size,
        )


class SubmissionTokenMixin:
    """A create form's hidden submission token (a new one each time the form is shown), for
    `create_once`: the second POST of the same form makes nothing more (a double submit)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"submission_token": forms.UUIDField(widget=forms.HiddenInput, required=False), **self.fields}
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    @cached_property
    def helper(self) -> FormHelper:
        helper = super().helper
        if "submission_token" not in {pointer.name for pointer in helper.layout.get_field_names()}:
            helper.layout.fields.insert(0, "submission_token")
        return helper

    #: The posted token, taken out of cleaned_data (which the views pass on to services).
    token: uuid.UUID | None = None

    def _post_clean(self):
        super()._post_clean()
        # A token that is not a UUID was altered, not mistyped: no message about a hidden field;
        # the form is sent without the protection instead.
        self._errors.pop("submission_token", None)
        self.token = self.cleaned_data.pop("submission_token", None)


class GovForm(GovFormMixin, forms.Form):
    """A form rendered as GOV.UK components, with GOV.UK error classes and `apply_errors`."""


class GovModelForm(GovFormMixin, forms.ModelForm):
    """A model form rendered as GOV.UK components, with GOV.UK error classes and `apply_errors`."""


def required_messages(what: str) -> dict[str, str]:
    """GOV.UK: 'Enter [whatever it is]', e.g. required_messages("the name of the provider")."""
    return {"required": f"Enter {what}"}


def _choice_messages(label: str, what: str | None) -> dict[str, str]:
    message = f"Select {what or the_label(label)}"
    return {"required": message, "invalid_choice": message}


def select_field(label: str, choices, *, what: str | None = None, required: bool = True, **kwargs) -> forms.ChoiceField:
    """A GOV.UK select with a 'Select' first option and 'Select [whatever it is]' as its error."""
    return forms.ChoiceField(
        label=label,
        choices=[("", "Select"), *choices],
        required=required,
        error_messages=_choice_messages(label, what),
        **kwargs,
    )


def radios_field(label: str, choices, *, what: str | None = None, required: bool = True, **kwargs) -> forms.ChoiceField:
    """GOV.UK radios with 'Select [whatever it is]' as the error."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=required,
        error_messages=_choice_messages(label, what),
        **kwargs,
    )
