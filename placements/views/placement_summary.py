"""The placement page's three summaries (commissioning, registration and attendance; the placement;
its cost), written in Python: as a template they were most of the page's rendering, about 35 tags
and 60 lookups (docs/performance.md). The markup is the GOV.UK summary list the template wrote,
each value escaped as the template escaped it, through the same filters."""

from __future__ import annotations

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape
from django.utils.safestring import SafeString

from apcommission.core.templatetags.money import money

from ..models import Placement

_DAY = "j F Y"
_NO_PRICE = '<p class="govuk-body">The provider\'s price list had no price for the start date.</p>\n'
_PRICED_AT_BOOKING = (
    '<p class="govuk-body">The rate is taken from the provider\'s price list when the place is booked.</p>\n'
)
_ROW = (
    '  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
    '<dd class="govuk-summary-list__value">{}</dd></div>\n'
)


def _list(rows: list[tuple[str, str]]) -> str:
    return '<dl class="govuk-summary-list">\n' + "".join(_ROW.format(key, value) for key, value in rows) + "</dl>\n"


def _day(value) -> str:
    return date_filter(value, _DAY)


def _or_none_given(text: str) -> str:
    """`{{ text|linebreaksbr|default:"None given" }}`."""
    return linebreaksbr(text, autoescape=True) or "None given"


def _attendance_code(placement: Placement) -> str:
    note = (placement.route_snapshot or {}).get("attendance_code_note")
    return (
        f"<strong>{escape(placement.home_school_attendance_code or 'None')}</strong>"
        f'<p class="govuk-body-s govuk-!-margin-bottom-0">{escape(placement.attendance_code_explanation)}</p>'
        + (f'<p class="govuk-hint govuk-!-margin-bottom-0">{escape(note)}</p>' if note else "")
    )


def _commissioning(placement: Placement) -> str:
    return '<h2 class="govuk-heading-m">Commissioning, registration and attendance</h2>\n' + _list(
        [
            ("Reference", escape(placement.reference)),
            ("Route", escape((placement.route_snapshot or {}).get("name", ""))),
            ("Commissioner", escape(placement.get_commissioner_display())),
            ("Lump sum paid by", escape(placement.lump_sum_funder_summary)),
            ("Top-up paid by", escape(placement.top_up_funder_summary)),
            ("Registration", escape(placement.registration_summary)),
            ("Home-school attendance code", _attendance_code(placement)),
        ]
    )


def _key_stages(placement: Placement) -> str:
    """Each academic year's key stage, with its dates when the placement spans more than one."""
    spans = placement.key_stages_by_year
    dated = len(spans) > 1
    return "<br>".join(
        escape(stage.label) + (f" ({_day(first)} to {_day(last)})" if dated else "") for first, last, stage in spans
    )


def _outcome(placement: Placement) -> list[tuple[str, str]]:
    if not placement.outcome:
        return []
    detail = f"<br>{escape(placement.outcome_detail)}" if placement.outcome_detail else ""
    return [("Outcome", f"{escape(placement.get_outcome_display())} ({_day(placement.ended_on)}){detail}")]


def _the_placement(placement: Placement, needs: list[str]) -> str:
    school = placement.requesting_school
    return '<h2 class="govuk-heading-m">The placement</h2>\n' + _list(
        [
            ("Dates", f"{_day(placement.start_date)} to {_day(placement.end_date)}"),
            ("Key stage", _key_stages(placement)),
            (
                "Sessions per week",
                f"{escape(placement.sessions_per_week)} ({escape(placement.get_attendance_pattern_display().lower())})",
            ),
            ("Needs", ", ".join(escape(need) for need in needs) or "None given"),
            ("Objectives", _or_none_given(placement.objectives)),
            ("Reintegration plan", _or_none_given(placement.reintegration_plan)),
            ("Requested by", escape(school.name) if school else "The local authority"),
            *_outcome(placement),
        ]
    )


def _cost(placement: Placement) -> str:
    heading = '<h2 class="govuk-heading-m">Cost</h2>\n'
    if placement.rate_amount is not None:
        unit = (placement.price.get_unit_display() if placement.price else "") or placement.rate_unit
        return heading + _list(
            [
                ("Rate at booking", f"{escape(money(placement.rate_amount))} {escape(unit)}"),
                ("Weekly cost", escape(money(placement.weekly_cost))),
                ("Total committed to the end date", escape(money(placement.committed_cost))),
            ]
        )
    if placement.takes_a_place:
        return heading + _NO_PRICE
    return heading + _PRICED_AT_BOOKING


def placement_summaries(placement: Placement, *, needs: list[str]) -> SafeString:
    """The page's three summary lists for `placement` (with_related: its pupil, requesting school
    and price read with it) and the labels of its needs."""
    return SafeString(_commissioning(placement) + "\n" + _the_placement(placement, needs) + "\n" + _cost(placement))
