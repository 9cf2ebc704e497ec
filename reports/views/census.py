"""The AP census return: its problems listed first, then the CSV (pupil-level: LA officers and
managers only, every view and download audited)."""

from __future__ import annotations

import csv
import html

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from apcommission.core.audit import audit_export, audit_record_request
from apcommission.core.figures import short_date
from apcommission.core.models import AuditAction, Role

from ..selectors.census import COLUMNS, census_day_now, census_figures, census_page, census_rows
from ._common import pupil_level_page

CENSUS_ROLES = (Role.LA_OFFICER, Role.LA_MANAGER)
PAGE_SIZE = 25


@pupil_level_page(*CENSUS_ROLES)
def census(request):
    day = census_day_now()
    # The problems and the count are the LA's maintained figures ("as of"); the table is a page of
    # the return's placements, read by position in the figures' order when they were read (else a
    # keyset page): the page does not grow with the return (the CSV has every pupil).
    # The view's audit event goes to the database with the figures: one round trip for both.
    viewed = audit_record_request(
        user=request.user, action=AuditAction.VIEW, request=request, description=f"AP census check for {day}"
    )
    check = census_figures(user=request.user, on=day, sent_with=[viewed])
    page = census_page(user=request.user, on=day, params=request.GET, per_page=PAGE_SIZE, figures_id=check.figures_id)
    page.paginator.count = check.placements  # "Page 1 of 40": the count is the figures'
    items = _problem_items(check)
    context = {"day": day, "body": _rows_html(page.object_list), "page": page, "count": check.placements,
               "problems": check.problems, "problem_items": items, "as_of": check.as_of}  # fmt: skip
    return render(request, "reports/census.html", context)


#: The problems' list items of each LA's figures read, by (figures, when counted): written once a
#: process for each count (an LA's figures are read only by its own staff); emptied when full.
_ITEMS: dict[tuple, str] = {}


def _problem_items(check) -> str:
    """The problems as the list's items, escaped here (a long list, 400 items on the benchmark
    county: one value for the template)."""
    if check.figures_id is None:  # counted for the page
        return format_html_join("", "<li>{}</li>", ((problem,) for problem in check.problems))
    key = (check.figures_id, check.as_of)
    items = _ITEMS.get(key)
    if items is None:
        if len(_ITEMS) >= 100:
            _ITEMS.clear()
        items = _ITEMS[key] = format_html_join("", "<li>{}</li>", ((problem,) for problem in check.problems))
    return items


#: The row when the return is empty.
NO_ROWS = (
    '\n    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5">No placements are in the return.'
    "</td></tr>\n  "
)


def _rows_html(rows: list[dict]) -> str:
    """The table's rows, written here (the same markup as the template's loop wrote): escaped by
    the standard library's function, which Django's `escape` wraps (the same text, without making
    a SafeString of each value), and the start date as the lists write it (`short_date`: the
    `date:"j M Y"` filter's text at a tenth of its cost)."""
    if not rows:
        return mark_safe(NO_ROWS)  # noqa: S308 - written by the app
    escape = html.escape
    written = []
    for row in rows:
        errors = "<br>".join(escape(error) for error in row["errors"]) or "None"
        written.append(
            '\n    <tr class="govuk-table__row"><td class="govuk-table__cell">'
            f'{escape(row["first_name"])} {escape(row["last_name"])}<br><span class="govuk-hint">{escape(row["upn"])}'
            f'</span></td><td class="govuk-table__cell">{escape(row["setting"])}<br><span class="govuk-hint">'
            f'{escape(row["setting_type"])}</span></td><td class="govuk-table__cell">{escape(row["reason"])}</td>'
            f'<td class="govuk-table__cell">{short_date(row["start_date"])}</td>'
            f'<td class="govuk-table__cell">{errors}</td></tr>\n  '
        )
    return mark_safe("".join(written))  # noqa: S308 - every value escaped or written by the app


@pupil_level_page(*CENSUS_ROLES)
def census_csv(request):
    day = census_day_now()
    rows = census_rows(user=request.user, on=day)
    audit_export(request, f"AP census return for {day}: {len(rows)} pupils")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ap-census-{day:%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    writer.writerows(row.values for row in rows)
    return response
