"""The pupil page's content, written in Python: the pupil's summary, their placements, deadlines,
exclusions and absences, and the latest of their timeline. As a
template with its four includes it was a sixth of the page's CPU time, read with every view of a
child's record (docs/performance.md). The markup is what the template and its includes wrote, each
value escaped as the template escaped it and through the same filters;
tests/placements/test_pupil_page_markup.py holds the templates it replaced and checks they agree."""

from __future__ import annotations

from html import escape

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import pluralize
from django.utils.formats import localize
from django.utils.safestring import SafeString

from apcommission.core.addresses import address_of
from apcommission.core.figures import short_date_with_day

from ..selectors.timeline import DEADLINE_KIND_LABELS
from ..templatetags.pupils import pupil_summary


def pupil_page_body(context: dict) -> SafeString:
    """The pupil page's content for the context pupil_detail builds, up to its data protection
    actions (the template's, as only the data protection app may say who takes them)."""
    pupil = context["pupil"]
    name = escape(pupil.full_name)
    parts = [
        f'\n<span class="govuk-caption-l">Pupil</span>\n<h1 class="govuk-heading-l">{name}</h1>\n',
        pupil_summary(pupil),
        "\n",
        _record_actions(pupil.pk, name, context),
        '<h2 class="govuk-heading-m">Placements</h2>\n',
        _PLACEMENT_TABLE.format(context["placement_body"]),
        "\n",
        _exclusions_and_absences(pupil.pk, context),
        "\n\n",
    ]
    return SafeString("".join(parts))


def pupil_page_end(context: dict) -> SafeString:
    """The pupil page's content after its data protection actions: the latest of the timeline."""
    pupil, timeline = context["pupil"], context["timeline"]
    more = _more_of_the_timeline(
        pupil.pk, escape(pupil.full_name), shown=len(timeline), events=context["timeline_events"]
    )
    return SafeString(f"{pupil_timeline_html(timeline, context['timeline_body'])}\n{more}\n")


def _record_actions(pk: int, name: str, context: dict) -> str:
    edit = (
        f'<p class="govuk-body"><a class="govuk-link" href="{address_of("placements:pupil-edit")(pk)}">Change'
        f'<span class="govuk-visually-hidden"> {name}\'s details</span></a></p>'
        if context["can_edit"]
        else ""
    )
    request = (
        f'<a class="govuk-button" href="{address_of("placements:placement-request")(pk)}">Request a placement</a>'
        if context["can_request"]
        else ""
    )
    place = (
        f'<a class="govuk-button" href="{address_of("placements:placement-create")(pk)}">Arrange a placement</a>'
        if context["can_place"]
        else ""
    )
    return f"{edit}\n{request}\n{place}\n"


_PLACEMENT_TABLE = (
    '\n<table class="govuk-table">\n  <thead class="govuk-table__head"><tr class="govuk-table__row">\n    \n'
    '    <th scope="col" class="govuk-table__header">Provider and site</th>\n'
    '    <th scope="col" class="govuk-table__header">Route</th>\n'
    '    <th scope="col" class="govuk-table__header">Dates</th>\n'
    '    <th scope="col" class="govuk-table__header">Status</th>\n'
    '  </tr></thead>\n  <tbody class="govuk-table__body">\n  {}\n  </tbody>\n</table>\n'
)
_DEADLINE_TABLE = (
    '\n<table class="govuk-table">\n'
    '  <caption class="govuk-table__caption govuk-table__caption--m">Statutory deadlines</caption>\n'
    '  <thead class="govuk-table__head"><tr class="govuk-table__row">\n    \n'
    '    <th scope="col" class="govuk-table__header">Deadline</th>\n'
    '    <th scope="col" class="govuk-table__header">Who</th>\n'
    '    <th scope="col" class="govuk-table__header">Due by</th>\n'
    '    <th scope="col" class="govuk-table__header">Status</th>\n'
    '  </tr></thead>\n  <tbody class="govuk-table__body">\n  {}\n  </tbody>\n</table>\n'
)


def _days(count) -> str:
    return f"{escape(localize(count))} school day{pluralize(count)}"


def _exclusions_and_absences(pk: int, context: dict) -> str:
    """The pupil's statutory deadlines, exclusions and absences for health reasons, with the buttons
    to record them for a reader who may; nothing for a reader who may see none of it."""
    deadlines = context["deadlines"]
    parts = ["\n", _DEADLINE_TABLE.format(context["deadline_body"]) if deadlines else "", "\n"]
    exclusions, absences, can_record = (
        context["exclusions"],
        context["health_absences"],
        context["can_record_exclusion"],
    )
    if exclusions or absences or can_record:
        parts.append('\n<h2 class="govuk-heading-m">Exclusions and absences</h2>\n')
        parts.append(_exclusion_list(exclusions, absences) if exclusions or absences else _NONE_RECORDED)
        parts.append("\n")
        if can_record:
            parts.append(_RECORD_BUTTONS.format(
                address_of("placements:exclusion-create")(pk), address_of("placements:health-absence-create")(pk)
            ))  # fmt: skip
        parts.append("\n")
    parts.append("\n")
    return "".join(parts)


_NONE_RECORDED = '\n<p class="govuk-body">None recorded.</p>\n'
_RECORD_BUTTONS = (
    '\n<div class="govuk-button-group">\n'
    '  <a class="govuk-button govuk-button--secondary" href="{}">Record an exclusion or suspension</a>\n'
    '  <a class="govuk-button govuk-button--secondary" href="{}">Record an absence for health reasons</a>\n'
    "</div>\n"
)


def _exclusion_list(exclusions: list[dict], absences: list[dict]) -> str:
    excluded = "".join(
        f'<li><a class="govuk-link" href="{escape(exclusion["url"])}">{escape(str(exclusion["kind_label"]))}</a> '
        f"from {escape(exclusion['school_name'])}, {date_filter(exclusion['first_day'], 'j F Y')}"
        + (f" for {_days(exclusion['school_days'])}" if exclusion["school_days"] else "")
        + "</li>"
        for exclusion in exclusions
    )
    absent = "".join(
        f"<li>Absent for health reasons from {date_filter(absence['first_day'], 'j F Y')}, "
        f"{_days(absence['school_days'])} ({escape(absence['school_name'])})</li>"
        for absence in absences
    )
    return f'\n<ul class="govuk-list govuk-list--bullet">\n  {excluded}\n  {absent}\n</ul>\n'


def pupil_timeline_html(timeline: list | None, body: str) -> SafeString:
    """The pupil's timeline (placements.selectors.timeline_rows) under its heading, its list items
    `body` (timeline_body): the pupil page's latest events and the timeline page's whole of it."""
    if timeline is None:
        return SafeString("\n\n")
    events = f'\n<ol class="govuk-list">\n  {body}\n</ol>\n' if timeline else _NOTHING_YET
    return SafeString(f'\n\n<h2 class="govuk-heading-m">Timeline</h2>\n{events}\n\n')


_NOTHING_YET = '\n<p class="govuk-body">Nothing recorded yet.</p>\n'


def _more_of_the_timeline(pk: int, name: str, *, shown: int, events: int) -> str:
    if events <= shown:
        return ""
    return (
        f'<p class="govuk-body">These are the {escape(localize(shown))} most recent of {escape(localize(events))} '
        f'events. <a class="govuk-link" href="{address_of("placements:pupil-timeline")(pk)}">See the whole timeline'
        f'<span class="govuk-visually-hidden"> for {name}</span></a></p>'
    )


def placement_table_body(rows: list[dict]) -> SafeString:
    """The placement table's rows without the pupil, as the placement list's template writes its
    rows (placements/placement_list.html, with the pupil), each value escaped."""
    if not rows:
        return SafeString(
            '\n    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="4">No placements.</td></tr>\n  '
        )
    cell = '      <td class="govuk-table__cell">'
    return SafeString(
        "".join(
            '\n    <tr class="govuk-table__row">\n      \n'
            f'{cell}<a class="govuk-link" href="{escape(row["url"])}">{escape(str(row["provider_name"]))} – '
            f"{escape(str(row['site_name']))}</a></td>\n"
            f"{cell}{escape(str(row['route_name']))}</td>\n"
            f"{cell}{escape(row['dates'])}</td>\n"
            f'{cell}<strong class="govuk-tag govuk-tag--grey">{escape(str(row["status"]))}</strong></td>\n'
            "    </tr>\n  "
            for row in rows
        )
    )


def deadline_table_body(rows: list) -> SafeString:
    """The deadline table's rows without the pupil, each state's tag as includes/tag.html writes it."""
    cell = '      <td class="govuk-table__cell">'
    parts = []
    for row in rows:
        deadline = row.deadline
        kind = escape(str(DEADLINE_KIND_LABELS.get(deadline.kind, deadline.kind)))
        if row.url:
            kind = f'<a class="govuk-link" href="{escape(row.url)}">{kind}</a>'
        holder = deadline.holder_organisation
        who = "Local authority" if deadline.holder == "la" else escape(holder.name) if holder is not None else ""
        due = deadline.due_on
        estimated = (
            '<br><span class="govuk-body-s">Estimated: check the school\'s term dates</span>'
            if deadline.is_estimated
            else ""
        )
        colour = f" govuk-tag--{escape(row.colour)}" if row.colour else ""
        parts.append(
            '\n    <tr class="govuk-table__row">\n      \n'
            f'{cell}{kind}<br><span class="govuk-body-s">{escape(deadline.detail)}</span></td>\n'
            f"{cell}{who}</td>\n"
            f"{cell}{short_date_with_day(due)}{estimated}</td>\n"
            f'{cell}\n<strong class="govuk-tag{colour}">\n  {escape(row.state)}\n</strong>\n</td>\n'
            "    </tr>\n  "
        )
    return SafeString("".join(parts))
