"""The daily register form: one row per pupil, a mark and a reason for each session."""

from __future__ import annotations

import functools

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.utils.html import format_html_join

from ..models.attendance import Mark, Session

NOT_MARKED = ("", "Not marked")
MARK_CHOICES = [NOT_MARKED, *Mark.choices]
MARK_VALUES = frozenset(value for value, _text in MARK_CHOICES)


class RegisterForm(forms.Form):
    """Fields per placement: mark_am_<id>, reason_am_<id>, mark_pm_<id>, reason_pm_<id>. Built from
    the placements on the register, so posted marks for anyone else have no field to land in; the
    view also refuses them outright (see unknown_placement_ids)."""

    def __init__(self, *args, placements, marks: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.placements = list(placements)
        for placement in self.placements:
            name = placement.pupil.full_name
            for session, label in Session.choices:
                existing = marks.get((placement.pk, session))
                self.fields[f"mark_{session}_{placement.pk}"] = forms.ChoiceField(
                    label=f"{label} mark for {name}",
                    choices=MARK_CHOICES,
                    required=False,
                    initial=existing.mark if existing else "",
                    error_messages={"invalid_choice": f"Choose a {label.lower()} mark for {name} from the list"},
                )
                self.fields[f"reason_{session}_{placement.pk}"] = forms.CharField(
                    label=f"{label} absence reason for {name}",
                    required=False,
                    max_length=200,
                    initial=existing.reason if existing else "",
                    error_messages={
                        "max_length": f"The {label.lower()} reason for {name} must be 200 characters or fewer"
                    },
                )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def rows(self):
        """(placement, [(session label, mark, reason)]) for the template, each field a plain dict
        (auto_id, html_name, label, errors, value; the mark's options already rendered): a page of
        pupils has 4 fields and 12 options a pupil, and the template engine resolves a dict's keys
        far faster than a bound field's attributes."""
        for placement in self.placements:
            yield (
                placement,
                [
                    (
                        label,
                        self._mark(f"mark_{session}_{placement.pk}"),
                        self._field(f"reason_{session}_{placement.pk}"),
                    )
                    for session, label in Session.choices
                ],
            )

    def _field(self, name: str) -> dict:
        bound = self[name]
        return {
            "auto_id": bound.auto_id,
            "html_name": bound.html_name,
            "label": bound.label,
            "errors": bound.errors,
            "value": bound.value(),
        }

    def _mark(self, name: str) -> dict:
        field = self._field(name)
        field["options"] = _mark_options(str(field["value"]))
        return field

    def unknown_placement_ids(self) -> set[str]:
        """Placement ids in the posted names that are not on this register."""
        known = {str(p.pk) for p in self.placements}
        posted = set()
        for key in self.data:
            parts = key.split("_")
            if len(parts) == 3 and parts[0] in ("mark", "reason") and parts[1] in Session.values:
                posted.add(parts[2])
        return posted - known

    def entries(self, *, unmarked_as: str = ""):
        """The marks chosen; with `unmarked_as` ("present" for "mark everyone else present"), every
        session left unmarked gets that mark, and the marks chosen are the exceptions."""
        from ..services.attendance import RegisterEntry

        for placement in self.placements:
            for session in Session.values:
                mark = self.cleaned_data.get(f"mark_{session}_{placement.pk}") or unmarked_as
                reason = self.cleaned_data.get(f"reason_{session}_{placement.pk}") or ""
                if mark:
                    yield RegisterEntry(placement.pk, session, mark, reason)


def _mark_options(chosen: str) -> str:
    """The mark's <option>s with `chosen` selected (none if a posted value is not a mark)."""
    return _options_with(chosen if chosen in MARK_VALUES else None)


@functools.cache
def _options_with(chosen: str | None) -> str:
    """One of seven strings, each built once."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) == chosen else "", text) for value, text in MARK_CHOICES),
    )
