"""The daily register form: one row per pupil, a mark and a reason for each session."""

from __future__ import annotations

import functools
from dataclasses import dataclass

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
        """`placements`: the page's (placement id, pupil's name) pairs; `marks`: {(placement id,
        session): (mark, reason)} already recorded for the day."""
        super().__init__(*args, **kwargs)
        self.placements = list(placements)
        # What each session's two fields need (names, labels, what is already recorded), worked
        # out once: a page shown to mark (unbound) reads its rows from these alone; Field objects,
        # which validation needs, are built only for a posted register.
        sessions = session_labels()
        self._sessions = {
            pk: [_SessionSpec.of(pk, name, session, label, marks) for session, label in sessions]
            for pk, name in self.placements
        }
        if self.is_bound:
            for specs in self._sessions.values():
                for spec in specs:
                    self.fields[spec.mark_name] = spec.mark_field()
                    self.fields[spec.reason_name] = spec.reason_field()
        self.helper = FormHelper()
        self.helper.form_tag = False

    def rows(self):
        """(placement id, [(session label, mark, reason)]) for the template, each field a plain dict
        (auto_id, html_name, label, errors, value; the mark's options already rendered): a page of
        pupils has 4 fields and 12 options a pupil, and the template engine resolves a dict's keys
        far faster than a bound field's attributes."""
        for pk, _name in self.placements:
            yield (
                pk,
                [
                    (
                        spec.label,
                        self._mark(spec.mark_name, spec.mark_label, spec.initial_mark),
                        self._field(spec.reason_name, spec.reason_label, spec.initial_reason),
                    )
                    for spec in self._sessions[pk]
                ],
            )

    def _field(self, name: str, label: str, initial: str) -> dict:
        if self.is_bound:
            bound = self[name]
            return {
                "auto_id": bound.auto_id,
                "html_name": bound.html_name,
                "label": bound.label,
                "errors": bound.errors,
                "value": bound.value(),
            }
        # What the bound field would give for a form with nothing posted: its initial value and
        # no errors.
        html_name = self.add_prefix(name)
        return {
            "auto_id": _auto_id(self.auto_id, html_name),
            "html_name": html_name,
            "label": label,
            "errors": (),
            "value": self.initial.get(name, initial),
        }

    def _mark(self, name: str, label: str, initial: str) -> dict:
        field = self._field(name, label, initial)
        field["options"] = _mark_options(str(field["value"]))
        return field

    def unknown_placement_ids(self) -> set[str]:
        """Placement ids in the posted names that are not on this register."""
        known = {str(pk) for pk, _name in self.placements}
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

        for pk, _name in self.placements:
            for session in Session.values:
                mark = self.cleaned_data.get(f"mark_{session}_{pk}") or unmarked_as
                reason = self.cleaned_data.get(f"reason_{session}_{pk}") or ""
                if mark:
                    yield RegisterEntry(pk, session, mark, reason)


@dataclass(frozen=True, slots=True)
class _SessionSpec:
    """One pupil's session on the register: its mark and reason fields' names, labels and the
    mark and reason already recorded."""

    label: str
    pupil: str
    mark_name: str
    reason_name: str
    mark_label: str
    reason_label: str
    initial_mark: str
    initial_reason: str

    @classmethod
    def of(cls, pk: int, name: str, session: str, label: str, marks: dict) -> _SessionSpec:
        mark, reason = marks.get((pk, session)) or ("", "")
        return cls(
            label=label,
            pupil=name,
            mark_name=f"mark_{session}_{pk}",
            reason_name=f"reason_{session}_{pk}",
            mark_label=f"{label} mark for {name}",
            reason_label=f"{label} absence reason for {name}",
            initial_mark=mark,
            initial_reason=reason,
        )

    def mark_field(self) -> forms.ChoiceField:
        return forms.ChoiceField(
            label=self.mark_label,
            choices=MARK_CHOICES,
            required=False,
            initial=self.initial_mark,
            error_messages={"invalid_choice": f"Choose a {self.label.lower()} mark for {self.pupil} from the list"},
        )

    def reason_field(self) -> forms.CharField:
        return forms.CharField(
            label=self.reason_label,
            required=False,
            max_length=200,
            initial=self.initial_reason,
            error_messages={
                "max_length": f"The {self.label.lower()} reason for {self.pupil} must be 200 characters or fewer"
            },
        )


def session_labels() -> list[tuple[str, str]]:
    """The sessions and their labels as text, once a form: a label is translated text that looks
    the language up each time it is put into a string (four strings a pupil and session)."""
    return [(session, str(label)) for session, label in Session.choices]


def _auto_id(auto_id, html_name: str) -> str:
    """The id a bound field of that name would have (BoundField.auto_id)."""
    if auto_id and "%s" in str(auto_id):
        return auto_id % html_name
    return html_name if auto_id else ""


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
