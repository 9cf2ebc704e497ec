"""The placement page's content, written in Python: its three summaries (commissioning,
registration and attendance; the placement; its cost), its actions, the panel's decisions and its
history. As a template they were most of the page's rendering, about 35 tags and 60 lookups in the
summaries alone (docs/performance.md). The markup is what the template wrote, each value escaped
as the template escaped it, through the same filters; tests/placements/test_placement_page_markup.py
holds the template it replaced and checks the two agree."""

from __future__ import annotations

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaks, linebreaksbr
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime

from apcommission.core.addresses import address_of
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


def _at(value, format_: str) -> str:
    """`{{ value|date:format_ }}` of a date and time: in local time, as the template shows it."""
    return date_filter(template_localtime(value), format_)


def placement_page_body(context: dict) -> SafeString:
    """The content of the placement page for the context placement_detail builds."""
    placement, pupil = context["placement"], context["pupil"]
    decisions = context["panel_decisions"]
    parts = [
        _placement_heading(placement, pupil, context["waiting_position"]),
        _notices(placement, context["panel_question"]),
        _buttons(placement.pk, context["actions"]),
        "\n",
        context["summaries"],
        "\n\n",
        _reviews_and_attendance(placement),
        "\n\n",
        panel_decisions_html(decisions, show_answers=context["actions"]["see_answers"]) if decisions else "",
        "\n\n",
        _history(context["status_changes"]),
        "\n",
    ]
    return SafeString("".join(parts))


_WAITING = " Number {} on the waiting list for this site and key stage; the next place that frees is offered in turn."


def _placement_heading(placement: Placement, pupil, waiting_position) -> str:
    pupil_url = address_of("placements:pupil-detail")(pupil.pk)
    return (
        f'\n<span class="govuk-caption-l">Placement for <a class="govuk-link" href="{pupil_url}">'
        f"{escape(pupil.full_name)}</a></span>\n"
        f'<h1 class="govuk-heading-l">{escape(placement.provider.name)} – {escape(placement.site.name)}</h1>\n'
        f'<p class="govuk-body"><strong class="govuk-tag">{escape(placement.get_status_display())}</strong>\n'
        + (_WAITING.format(escape(localize(waiting_position))) if waiting_position else "")
        + "</p>\n"
    )


_REINTEGRATION_WARNING = (
    '\n<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span>'
    '<strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>'
    "A reintegration plan is needed before this placement starts.</strong></div>\n"
)


def _notices(placement: Placement, panel_question) -> str:
    offered = (
        '<div class="govuk-inset-text">Offered a freed place from the waiting list on '
        f"{_at(placement.offered_at, _DAY)}.</div>"
        if placement.offered_at
        else ""
    )
    needs_plan = (placement.route_snapshot or {}).get(
        "requires_reintegration_plan"
    ) and not placement.reintegration_plan
    question = (
        '\n<div class="govuk-inset-text">\n  <h2 class="govuk-heading-s govuk-!-margin-bottom-1">The panel needs more '
        f'information</h2>\n  <p class="govuk-body">{linebreaksbr(panel_question.reasons, autoescape=True)}</p>\n'
        "</div>\n"
        if placement.status == "more_information" and panel_question
        else ""
    )
    return f"{offered}\n{_REINTEGRATION_WARNING if needs_plan else ''}\n{question}\n"


#: The page's buttons: (action, url name, the button's classes, words), in the order shown.
_BUTTONS = (
    ("more_information", "placements:placement-more-information", "govuk-button", "Send more information to the panel"),
    ("panel", "placements:panel-decision", "govuk-button", "Record the panel's decision"),
    ("accept", "placements:placement-accept", "govuk-button", "Accept and book"),
    ("start", "placements:placement-start", "govuk-button", "Record the start"),
    ("end", "placements:placement-end", "govuk-button govuk-button--secondary", "End placement"),
    ("withdraw", "placements:placement-withdraw", "govuk-button govuk-button--warning", "Withdraw"),
)


def _buttons(pk: int, actions: dict) -> str:
    buttons = "".join(
        "  " + (f'<a class="{classes}" href="{address_of(url_name)(pk)}">{words}</a>' if actions[action] else "") + "\n"
        for action, url_name, classes, words in _BUTTONS
    )
    return f'<div class="govuk-button-group">\n{buttons}</div>\n'


def _reviews_and_attendance(placement: Placement) -> str:
    if not (placement.takes_a_place or placement.status == "ended"):
        return ""
    reviews = address_of("placements:review-list")(placement.pk)
    attendance = address_of("placements:attendance-placement")(placement.pk)
    return (
        '\n<h2 class="govuk-heading-m">Reviews and attendance</h2>\n<ul class="govuk-list">\n'
        f'  <li><a class="govuk-link" href="{reviews}">Reviews of this placement</a></li>\n'
        f'  <li><a class="govuk-link" href="{attendance}">Attendance at this placement</a></li>\n</ul>\n'
    )


def panel_decisions_html(decisions, *, show_answers: bool) -> SafeString:
    """The panel's decisions, newest first, each with the school's answers to a request for more
    information when the reader may see them (placements.permissions.sees_school_answers): the
    placement page's (placement_page's Decision rows) and the panel page's (PanelDecision with its
    answers prefetched)."""
    items = []
    for decision in decisions:
        answers = "".join(
            '\n    <div class="govuk-inset-text govuk-!-margin-top-2 govuk-!-margin-bottom-2">\n'
            f'      <h3 class="govuk-heading-s govuk-!-margin-bottom-1">The school\'s answer, {_at(answer.at, _DAY)}'
            + (f", from {escape(answer.by)}" if answer.by else "")
            + f"</h3>\n      {linebreaks(answer.text, autoescape=True)}\n    </div>\n  "
            for answer in (decision.answers.all() if show_answers else ())
        )
        items.append(
            f"\n  <li><strong>{escape(decision.get_decision_display())}</strong> on {_day(decision.decision_date)} "
            f"by {escape(decision.decided_by)}: {linebreaksbr(decision.reasons, autoescape=True)}\n  {answers}</li>\n"
        )
    return SafeString(
        f'\n<h2 class="govuk-heading-m">Panel decisions</h2>\n<ul class="govuk-list">{"".join(items)}</ul>\n'
    )


def _history(status_changes: list[dict]) -> str:
    items = "".join(
        f"<li>{_at(change['at'], 'j M Y H:i')}: {escape(change['text'])}"
        + (f" by {escape(change['by'])}" if change["by"] else "")
        + (f" – {escape(change['note'])}" if change["note"] else "")
        + "</li>"
        for change in status_changes
    )
    return f'<h2 class="govuk-heading-m">History</h2>\n<ul class="govuk-list">{items}</ul>\n'
