"""What the funding views share: who may open a page (pupil-level pages answer 404 to everyone
else, as if they did not exist), the LA a user works in, the year a page shows, CSV downloads."""

from __future__ import annotations

import csv
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from apcommission.core.figures import short_date
from apcommission.core.forms import apply_errors
from apcommission.core.models import Organisation, Role
from apcommission.core.permissions import rule_required
from apcommission.core.scoping import scope_for

from ..rules import FINANCE, LA_READERS
from ..selectors import academic_year_choices, chosen_year, financial_year_choices
from ..services import finance_la_ids

PAGE_SIZE = 25
SCHOOL = (Role.SCHOOL_USER,)
PROVIDER = (Role.PROVIDER_USER,)

add_service_errors = apply_errors


def funding_page(*roles: str, pupil_level: bool = False):
    """Signed in, with one of `roles`; otherwise 403 — or 404 on pages about pupils, so that nobody
    else learns they exist (Schools Forum members included). The rule is the view's
    (core.permissions), so templates ask it with {% can %}."""
    return rule_required(None, roles=tuple(roles), denied=Http404 if pupil_level else PermissionDenied)


def list_page(request, first_page, rows) -> Page:
    """The page of a list that `?page=` asks for. The first (most requests) from `first_page()`:
    its rows and the count, read by one statement compiled once a process; any other from
    `rows()` (rows for a Paginator) through the ORM."""
    number = request.GET.get("page")
    if number in (None, "", "1"):
        found, count = first_page()
        paginator = Paginator(found, PAGE_SIZE)
        paginator.count = count
        return paginator.page(1)
    return Paginator(rows(), PAGE_SIZE).get_page(number)


def user_la(request) -> Organisation:
    """The LA whose funding an LA user works on (the first, for the rare user of two LAs)."""
    la_ids = scope_for(request.user).la_ids
    la = Organisation.objects.filter(pk__in=la_ids).order_by("pk").first()
    if la is None:
        raise Http404("Page not found")
    return la


def user_la_id(request) -> int:
    """`user_la`'s id, without reading the LA (for pages that only filter by it or ask about it)."""
    la_ids = scope_for(request.user).la_ids
    if not la_ids:
        raise Http404("Page not found")
    return min(la_ids)


def school_la(request) -> Organisation | None:
    """The LA of the user's school (school users)."""
    school_ids = scope_for(request.user).school_ids
    return (
        Organisation.objects.filter(organisations__pk__in=school_ids, kind="la").order_by("pk").first()
        if school_ids
        else None
    )


def is_finance(request, la: Organisation | int) -> bool:
    """Whether the user is a finance officer of the LA (an LA or its id: a record's
    `local_authority_id` asks without reading the LA)."""
    return (la if isinstance(la, int) else la.pk) in finance_la_ids(request.user)


def financial_year(request) -> tuple[int, list[tuple[int, str]]]:
    today = timezone.localdate()
    choices = financial_year_choices(today)
    default = choices[1][0]  # the current year (the list starts with next year)
    return chosen_year(request.GET.get("year"), choices=choices, default=default), choices


def academic_year(request) -> tuple[int, list[tuple[int, str]]]:
    today = timezone.localdate()
    choices = academic_year_choices(today)
    return chosen_year(request.GET.get("year"), choices=choices, default=choices[1][0]), choices


def form_page(request, form, heading: str, *, back: str, caption: str = "", intro: str = "", status: int = 200):
    """The one template for a question page: caption, heading, a line of introduction, the form."""
    context = {"form": form, "heading": heading, "caption": caption, "intro": intro, "back": back}
    return render(request, "funding/form_page.html", context, status=status)


def year_url(name: str, year: int, *args) -> str:
    return f"{reverse(name, args=args)}?year={year}"


def safe_cell(value) -> str:
    """Text for a spreadsheet cell, with formulae neutralised (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _cell(value):
    """Money to the penny (1234.50); whole numbers as they are; text made safe."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, int):
        return value
    return safe_cell(value)


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    """A CSV download in UTF-8 with a byte-order mark (Excel reads the £ sign then). Text cells are
    made safe; whole numbers are written as they are, and money (Decimal) to the penny."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(cell) for cell in row])
    return response


__all__ = [
    "FINANCE",
    "LA_READERS",
    "PAGE_SIZE",
    "PROVIDER",
    "SCHOOL",
    "academic_year",
    "add_service_errors",
    "csv_response",
    "financial_year",
    "form_page",
    "funding_page",
    "is_finance",
    "list_page",
    "school_la",
    "short_date",
    "user_la",
    "user_la_id",
    "year_url",
]
