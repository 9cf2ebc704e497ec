"""The AP census return: its problems listed first, then the CSV (pupil-level: LA officers and
managers only, every view and download audited)."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html_join

from apcommission.core.audit import audit_export, audit_record
from apcommission.core.education import academic_year_start
from apcommission.core.models import AuditAction, Role

from ..selectors.census import COLUMNS, census_check, census_day, census_placements, census_row, census_rows
from ._common import pupil_level_page

CENSUS_ROLES = (Role.LA_OFFICER, Role.LA_MANAGER)
PAGE_SIZE = 25


def _day():
    return census_day(academic_year_start(timezone.localdate()))


@pupil_level_page(*CENSUS_ROLES)
def census(request):
    day = _day()
    # The table is paged and the problems grouped: the page does not grow with the return (the CSV
    # has every pupil).
    placements = census_placements(user=request.user, on=day)
    check = census_check(user=request.user, on=day, placements=placements)
    paginator = Paginator(placements, PAGE_SIZE)
    paginator.count = check.placements  # counted with the problems: no count query of its own
    page = paginator.get_page(request.GET.get("page"))
    rows = [census_row(placement) for placement in page]
    audit_record(user=request.user, action=AuditAction.VIEW, request=request, description=f"AP census check for {day}")
    # The problems as the list's items, escaped here (a long list: one value for the template).
    items = format_html_join("", "<li>{}</li>", ((problem,) for problem in check.problems))
    context = {"day": day, "rows": rows, "page": page, "count": check.placements, "problems": check.problems,
               "problem_items": items}  # fmt: skip
    return render(request, "reports/census.html", context)


@pupil_level_page(*CENSUS_ROLES)
def census_csv(request):
    day = _day()
    rows = census_rows(user=request.user, on=day)
    audit_export(request, f"AP census return for {day}: {len(rows)} pupils")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ap-census-{day:%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    writer.writerows(row.values for row in rows)
    return response
