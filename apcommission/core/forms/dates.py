"""The GOV.UK date input: day, month and year boxes with the Design System's error messages
(https://design-system.service.gov.uk/components/date-input/), built on crispy-forms-gds's
DateInputField. The boxes post as `<name>_0` (day), `<name>_1` (month) and `<name>_2` (year)."""

from __future__ import annotations

import datetime as dt
import re

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.widgets import DateInputWidget
from django.core.exceptions import ValidationError

from ..digits import is_ascii_digits

DAY, MONTH, YEAR = 0, 1, 2
BOX_NAMES = ("day", "month", "year")
WHOLE_DATE = (DAY, MONTH, YEAR)
ERROR_CLASS = "govuk-input--error"
DEFAULT_HINT = "For example, 27 3 2026"

# GOV.UK: accept month names written out in full or abbreviated, as some users type them.
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
ORDINAL = re.compile(r"^(\d{1,2})(st|nd|rd|th)$", re.ASCII)
#: The years a date box accepts: outside them no date of the service makes sense, and date
#: arithmetic on 0001-01-01 or 9999-12-31 would overflow.
FIRST_YEAR, LAST_YEAR = 1900, 2099


class GovukDateWidget(DateInputWidget):
    """crispy-forms-gds's three boxes, with the numeric keyboard on phones (GOV.UK markup)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for box in self.widgets:
            box.attrs["inputmode"] = "numeric"


class GovukDateField(DateInputField):
    """A date as day, month and year boxes, cleaned to a `datetime.date`, with GOV.UK messages.

    The message goes on the first box in error (crispy-forms-gds links the error summary to it:
    `#id_<name>_0` for the day) and every box in error gets the red border. Errors added later
    (the form's clean, a service) concern the whole date: all three boxes, linked to the day.
    """

    widget = GovukDateWidget

    def __init__(self, *, label: str, what: str | None = None, **kwargs):
        kwargs.setdefault("require_all_fields", False)
        super().__init__(label=label, **kwargs)
        self.subject = label.removesuffix(" (optional)")
        self.error_messages["required"] = f"Enter {what or the_label(label)}"
        self.error_messages["invalid"] = f"{self.subject} must be a real date"
        self.boxes_in_error: tuple[int, ...] = ()

    def clean(self, value):
        self.boxes_in_error = ()
        for sub in self.fields:
            sub.widget.errors = []
        if self.disabled and not isinstance(value, (list, tuple)):
            value = self.widget.decompress(value)
        if not isinstance(value, (list, tuple)):
            value = (None, None, None)
        parts = [str(v).strip() if v is not None else "" for v in (*value, None, None, None)[:3]]
        if not any(parts):
            if self.required:
                raise self._error(WHOLE_DATE, self.error_messages["required"], "required")
            return None
        out = self._to_date(parts)
        self.validate(out)
        self.run_validators(out)
        return out

    def _to_date(self, parts: list[str]) -> dt.date:
        """GOV.UK's order: missing parts first, then parts that cannot be correct, then the year."""
        missing = tuple(i for i, part in enumerate(parts) if not part)
        if missing:
            names = " and ".join(BOX_NAMES[i] for i in missing)
            # GOV.UK: one box missing is highlighted alone; more than one, the whole date.
            boxes = missing if len(missing) == 1 else WHOLE_DATE
            raise self._error(boxes, f"{self.subject} must include a {names}", "incomplete")
        day, month, year = _day(parts[DAY]), _month(parts[MONTH]), parts[YEAR]
        valid = {DAY: day is not None, MONTH: month is not None, YEAR: is_ascii_digits(year)}
        wrong = tuple(box for box, ok in valid.items() if not ok)
        if wrong:
            raise self._error(wrong if len(wrong) == 1 else WHOLE_DATE, self.error_messages["invalid"], "invalid")
        if len(year) != 4:
            raise self._error((YEAR,), "Year must include 4 numbers", "invalid_year")
        if not FIRST_YEAR <= int(year) <= LAST_YEAR:
            raise self._error((YEAR,), f"Year must be between {FIRST_YEAR} and {LAST_YEAR}", "year_range")
        try:
            return dt.date(int(year), month, day)
        except ValueError:
            # 31 2 2026: not clear whether the day or the month is wrong, so the whole date.
            raise self._error(WHOLE_DATE, self.error_messages["invalid"], "invalid") from None

    def _error(self, boxes: tuple[int, ...], message: str, code: str) -> ValidationError:
        self.boxes_in_error = boxes
        self.fields[boxes[0]].widget.errors = [message]
        return ValidationError(message, code=code)

    def mark_boxes(self, messages) -> None:
        """Red border on each box in error; messages the field did not raise go on the first box."""
        boxes = self.boxes_in_error or WHOLE_DATE
        first = self.fields[boxes[0]].widget
        first.errors = list(getattr(first, "errors", []))
        seen = {m for sub in self.fields for m in getattr(sub.widget, "errors", [])}
        first.errors.extend(m for m in messages if m not in seen)
        for index, box in enumerate(self.widget.widgets):
            classes = [c for c in box.attrs.get("class", "").split() if c != ERROR_CLASS]
            # crispy-forms-gds itself adds the class to the box holding the message.
            if index in boxes and index != boxes[0]:
                classes.append(ERROR_CLASS)
            box.attrs["class"] = " ".join(classes)


def _day(text: str) -> int | None:
    match = ORDINAL.match(text.lower())
    text = match.group(1) if match else text
    return int(text) if is_ascii_digits(text) and 1 <= int(text) <= 31 else None


def _month(text: str) -> int | None:
    if is_ascii_digits(text):
        return int(text) if 1 <= int(text) <= 12 else None
    return MONTHS.get(text.lower().rstrip("."))


def the_label(label: str) -> str:
    """'Date of Ofsted inspection' -> 'the date of Ofsted inspection'; 'UPN' stays 'the UPN'."""
    label = label.removesuffix(" (optional)")
    if len(label) > 1 and label[1].isupper():
        return f"the {label}"
    return f"the {label[:1].lower()}{label[1:]}"


def govuk_date_field(
    label: str,
    *,
    required: bool = True,
    hint: str | None = DEFAULT_HINT,
    what: str | None = None,
    **kwargs,
) -> GovukDateField:
    """A GOV.UK date input. `what` words the blank message: 'Enter [what]' (default 'the <label>').

    Its cleaned value is a `datetime.date` (None when optional and left blank). Errors:
    'Enter the date of birth', 'Date of birth must include a month', 'Date of birth must be a real
    date', 'Year must include 4 numbers'. Add rules such as 'must be in the past' in the form's
    clean with add_error: they are about the whole date.
    """
    return GovukDateField(label=label, required=required, help_text=hint or "", what=what, **kwargs)


def date_input_data(name: str, day: dt.date | None) -> dict[str, str]:
    """What a browser posts for a date input (`<name>_0` day, `_1` month, `_2` year): for links
    that fill one in and for tests."""
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}
