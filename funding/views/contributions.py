"""School contributions, the traded offer and full cost recovery; equity of access per school."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe

from apcommission.core.audit import audit_export
from apcommission.core.compiled import NO_ROWS, compiled_together
from apcommission.core.models import School
from apcommission.core.scoping import scope_for
from apcommission.core.services import create_once
from apcommission.core.templatetags.money import money
from apcommission.core.years import financial_year_label

from ..forms import ContributionForm, ServiceCostForm, YearFilterForm
from ..selectors import (
    SORTABLE,
    contribution_first_page,
    contribution_rows,
    cost_recovery_compiled,
    equity_head,
    equity_rows,
    equity_totals,
)
from ..selectors.contributions import service_cost_rows_request
from ..selectors.equity import equity_head_request, head_of
from ..services import contribution_set, service_cost_set
from ._common import (
    FINANCE,
    LA_READERS,
    PAGE_SIZE,
    SCHOOL,
    add_service_errors,
    csv_response,
    financial_year,
    form_page,
    funding_page,
    is_finance,
    list_page,
    user_la,
    user_la_id,
    year_url,
)

EQUITY_COLUMNS = (
    ("school_name", "School"),
    ("placements", "Placements"),
    ("school_days", "School days in AP"),
    ("ap_cost", "Cost of AP used"),
    ("school_paid", "Of which the school paid"),
    ("paid_in", "Contributions and charges"),
    ("recoupment", "Recoupment raised"),
)

EQUITY_MONEY = ("ap_cost", "school_paid", "paid_in", "recoupment")
#: The figures of a row, in the order of the columns after the school's name.
EQUITY_FIGURES = tuple(key for key, _label in EQUITY_COLUMNS[1:])


@funding_page(*LA_READERS, *SCHOOL)
def contributions(request):
    scope = scope_for(request.user)
    year, choices = financial_year(request)
    la = user_la_id(request) if scope.is_la_staff else None
    # The LA's figures' "as of" and its service costs, in one round trip.
    head, costs = compiled_together(
        equity_head_request(user=request.user),
        service_cost_rows_request(local_authority_id=la, financial_year=year) if la is not None else NO_ROWS,
    )
    head = head_of(head)
    as_of = head[1] if head else None
    kept = as_of is not None
    recovery = None

    def first_page():
        # The first page's statement, and the LA's cost recovery summed by a second sent with it.
        nonlocal recovery
        rows, count, recovery = contribution_first_page(
            user=request.user, financial_year=year, kept=kept, per_page=PAGE_SIZE, recovery_of=la, service_costs=costs
        )
        return rows, count

    page = list_page(request, first_page, lambda: contribution_rows(user=request.user, financial_year=year, kept=kept))
    if la is not None and recovery is None:
        recovery = cost_recovery_compiled(local_authority_id=la, financial_year=year, user=request.user, kept=kept)
    context = {
        "as_of": as_of,
        "year": year,
        "year_label": financial_year_label(year),
        "form": YearFilterForm({"year": year}, choices=choices),
        "page": page,
        "body": _contribution_rows_html(page.object_list, year_label=financial_year_label(year)),
        "recovery": recovery,
        "costs": costs,
        "can_change": la is not None and is_finance(request, la),
    }
    return render(request, "funding/contributions/contributions.html", context)


def _contribution_rows_html(rows, *, year_label: str) -> str:
    """The list's rows, written here (the same markup as a template loop): money by the filter's
    own function."""
    cell = '\n      <td class="govuk-table__cell govuk-table__cell--numeric">'
    html = []
    for row in rows:
        traded = row["buys_traded_offer"]
        offer = f"Yes: {money(row['charge_per_placement'])} a placement" if traded else "No"
        html.append(
            '\n    <tr class="govuk-table__row">\n'
            f'      <th scope="row" class="govuk-table__header">{escape(row["school_name"])}</th>'
            f"{cell}{money(row['annual_amount'])}</td>"
            f'\n      <td class="govuk-table__cell">{offer}</td>'
            f"{cell}{row['traded_placements'] if traded else '–'}</td>"
            f"{cell}{money(row['income'])}</td>\n"
            "    </tr>\n  "
        )
    if not rows:
        html.append(
            '\n    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5">'
            f"No contributions recorded for {escape(year_label)}.</td></tr>\n  "
        )
    return mark_safe("".join(html))  # noqa: S308 - names escaped, figures written by the app


@funding_page(*FINANCE)
def contribution_add(request):
    la = user_la(request)
    year, choices = financial_year(request)
    schools = School.objects.filter(organisation__local_authority=la).select_related("organisation")
    form = ContributionForm(
        request.POST or None,
        schools=schools,
        year_choices=choices,
        initial={"financial_year": year, "buys_traded_offer": "no"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = create_once(
                form.token,
                request.user,
                contribution_set,
                user=request.user,
                school=data["school"],
                financial_year=data["financial_year"],
                annual_amount=data["annual_amount"],
                buys_traded_offer=data["buys_traded_offer"] == "yes",
                charge_per_placement=data["charge_per_placement"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Contribution saved: {row.school}, {money(row.annual_amount)}")
            return redirect(year_url("funding:contributions", row.financial_year))
    return form_page(
        request,
        form,
        "Add or change a school's contribution",
        caption="Contributions and the traded offer",
        intro="A school's contribution for a year that is already recorded is changed, not added twice.",
        back=year_url("funding:contributions", year),
    )


@funding_page(*FINANCE)
def service_cost_add(request):
    la = user_la(request)
    year, choices = financial_year(request)
    form = ServiceCostForm(request.POST or None, year_choices=choices, initial={"financial_year": year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cost = create_once(
                form.token,
                request.user,
                service_cost_set,
                user=request.user,
                local_authority=la,
                financial_year=data["financial_year"],
                description=data["description"],
                amount=data["amount"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Cost saved: {cost.description}, {money(cost.amount)}")
            return redirect(year_url("funding:contributions", cost.financial_year))
    return form_page(
        request,
        form,
        "Add or change a cost of the AP service",
        caption="Full cost recovery",
        intro="What it costs the local authority to run the register, quality assurance and arranging placements.",
        back=year_url("funding:contributions", year),
    )


def _equity(request):
    year, choices = financial_year(request)
    head = equity_head(user=request.user)
    if head is None:
        raise Http404("Page not found")
    la_id, as_of, fresh = head
    sort = request.GET.get("sort", "school_name")
    sort = sort if sort.removeprefix("-") in SORTABLE else "school_name"
    rows = equity_rows(
        user=request.user, local_authority=la_id, financial_year=year, sort=sort, as_of=as_of, fresh=fresh
    )
    return year, choices, sort, rows


def _equity_page(rows, number):
    rows.prefetch(number, PAGE_SIZE * 2)  # the page, its totals and the count in one query
    return Paginator(rows, PAGE_SIZE * 2).get_page(number)


@funding_page(*LA_READERS, *SCHOOL)
def equity(request):
    year, choices, sort, rows = _equity(request)
    columns = [
        {
            "key": key,
            "label": label,
            "sort": f"-{key}" if sort == key else key,
            "current": "ascending" if sort == key else "descending" if sort == f"-{key}" else "none",
        }
        for key, label in EQUITY_COLUMNS
    ]
    page = _equity_page(rows, request.GET.get("page"))
    context = {
        "year": year,
        "year_label": financial_year_label(year),
        "form": YearFilterForm({"year": year}, choices=choices),
        "sort": sort,
        "columns": columns,
        "page": page,
        "body": _equity_body_html(page.object_list, equity_totals(rows)),
        "as_of": rows.as_of,
    }
    return render(request, "funding/contributions/equity.html", context)


def _equity_body_html(rows, totals: dict) -> str:
    """The table's rows and its total row, written here (the same markup as a template loop): sums
    of money by the filter's own function."""
    cell = '\n      <td class="govuk-table__cell govuk-table__cell--numeric">'
    html = []
    for row in rows:
        figures = "".join(
            f"{cell}{money(row[name]) if name in EQUITY_MONEY else row[name]}</td>" for name in EQUITY_FIGURES
        )
        html.append(
            '\n    <tr class="govuk-table__row">\n'
            f'      <th scope="row" class="govuk-table__header">{escape(row["name"])}</th>{figures}\n'
            "    </tr>\n  "
        )
    if not rows:
        html.append(
            '\n    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="7">No schools.</td></tr>\n  '
        )
    total_figures = "".join(
        f"{cell}<strong>{money(totals[name]) if name in EQUITY_MONEY else totals[name]}</strong></td>"
        for name in EQUITY_FIGURES
    )
    html.append(
        '\n    <tr class="govuk-table__row">\n'
        '      <th scope="row" class="govuk-table__header">Total</th>'
        f"{total_figures}\n"
        "    </tr>"
    )
    return mark_safe("".join(html))  # noqa: S308 - names escaped, figures written by the app


@funding_page(*LA_READERS, *SCHOOL)
def equity_csv(request):
    year, _choices, _sort, rows = _equity(request)
    audit_export(request, f"Equity of access {financial_year_label(year)} (CSV)")
    data = [
        [
            r["name"],
            r["urn"],
            r["placements"],
            r["school_days"],
            r["ap_cost"],
            r["school_paid"],
            r["paid_in"],
            r["recoupment"],
        ]
        for r in rows
    ]
    header = [
        "School",
        "URN",
        "Placements",
        "School days in AP",
        "Cost of AP used",
        "Of which the school paid",
        "Contributions and charges",
        "Recoupment raised",
    ]
    return csv_response(f"equity-of-access-{financial_year_label(year)}.csv", header, data)
