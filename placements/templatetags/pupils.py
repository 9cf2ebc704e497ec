"""The pupil's key facts as a summary list, written in Python: the pupil page's most costly part
to render as a template (ten rows, each a lookup, a filter or a method through the template
engine)."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString

from apcommission.core.figures import full_date

register = template.Library()


@register.simple_tag
def pupil_summary(pupil) -> SafeString:
    """The summary list of the pupil page and the placement journey's first page: UPN, known as
    (when there is one), date of birth, sex, year and key stage, SEN status, looked after, pupil
    premium, home school and home LA, each value escaped."""
    born = pupil.date_of_birth
    school = pupil.home_school
    rows = [
        ("UPN", pupil.upn),
        *([("Known as", pupil.known_as)] if pupil.known_as else []),
        ("Date of birth", full_date(born)),
        ("Sex", pupil.get_sex_display()),
        ("Year and key stage", f"{pupil.year_label()}, {pupil.key_stage().label}"),
        ("SEN status", pupil.get_sen_status_display()),
        ("Looked after", "Yes" if pupil.looked_after else "No"),
        ("Pupil premium", "Yes" if pupil.pupil_premium else "No"),
        ("Home school", (school.name if school is not None else "") or "No school place"),
        ("Home local authority", pupil.home_la.name),
    ]
    return SafeString(
        '<dl class="govuk-summary-list">'
        + "".join(
            '\n  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">'
            f'{key}</dt><dd class="govuk-summary-list__value">{escape(str(value))}</dd></div>'
            for key, value in rows
        )
        + "\n</dl>"
    )
