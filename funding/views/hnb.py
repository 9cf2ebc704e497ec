"""High Needs Block monitoring: the dashboard (chart and table), its CSV, the budget lines, the
DSG deficit, and working out the committed costs again."""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from apcommission.core.services import create_once
from apcommission.core.templatetags.money import money
from apcommission.core.years import financial_year_label

from ..chart import SERIES, monthly_chart
from ..forms import BudgetLineForm, DeficitForm, YearFilterForm
from ..selectors import (
    DashboardHead,
    Monitor,
    commitments_as_of,
    hnb_budget_lines,
    hnb_dashboard_figures_of,
    hnb_dashboard_head,
    hnb_monitor,
)
from ..services import budget_line_set, commitments_refresh, deficit_set
from ._common import (
    FINANCE,
    LA_READERS,
    add_service_errors,
    csv_response,
    financial_year,
    form_page,
    funding_page,
    is_finance,
    user_la,
    user_la_id,
    year_url,
)

MONEY = Decimal("0.00")
DIMENSION_HEADINGS = {"route": "By route", "provider_type": "By provider type", "key_stage": "By key stage"}


class _Figures:
    """The dashboard's figures for the LA, year and day, worked out from `head` only when the page
    first asks for them: the page's figures are rendered once a process for their key (`key`,
    `{% once %}`), so most requests never do."""

    def __init__(self, head: DashboardHead, *, local_authority: int, financial_year: int, as_at):
        self.head, self.la, self.year, self.as_at = head, local_authority, financial_year, as_at
        self.key = head.figures_key(local_authority=local_authority, financial_year=financial_year, as_at=as_at)

    @cached_property
    def dashboard(self):
        return hnb_dashboard_figures_of(self.head, local_authority=self.la, financial_year=self.year, as_at=self.as_at)

    @property
    def monitor(self):
        return self.dashboard.monitor

    @property
    def unit_costs(self):
        return self.dashboard.unit_costs

    @cached_property
    def chart(self):
        return monthly_chart(self.monitor.months)

    @cached_property
    def breakdowns(self) -> list:
        return [(key, heading, self.dashboard.spend[key]) for key, heading in DIMENSION_HEADINGS.items()]


@funding_page(*LA_READERS)
def hnb_dashboard(request):
    la = user_la_id(request)
    year, choices = financial_year(request)
    today = timezone.localdate()
    head = hnb_dashboard_head(local_authority=la, financial_year=year)
    if head is None:
        raise Http404("Page not found")
    refresh = head.refresh
    context = {
        "la_name": head.la_name,
        "year": year,
        "year_label": financial_year_label(year),
        "form": YearFilterForm({"year": year}, choices=choices),
        "as_of": refresh.refreshed_at if refresh else None,
        "as_at": today,
        "unpriced": refresh.unpriced if refresh else 0,
        "unpriced_text": Monitor.unpriced_text_for(refresh.unpriced if refresh else 0),
        "figures": _Figures(head, local_authority=la, financial_year=year, as_at=today),
        "series": SERIES,
        "can_change": is_finance(request, la),
    }
    return render(request, "funding/hnb/dashboard.html", context)


@funding_page(*LA_READERS)
def hnb_csv(request):
    la = user_la(request)
    year, _ = financial_year(request)
    monitor = hnb_monitor(local_authority=la, financial_year=year, as_at=timezone.localdate())
    rows = [[f"{m.month:%B %Y}", m.budget, m.commitments, m.actuals, m.forecast, m.variance] for m in monitor.months]
    rows.append(["Total", monitor.budget, monitor.commitments, monitor.actuals, monitor.forecast, monitor.variance])
    header = ["Month", "Budget", "Commitments", "Actuals", "Forecast outturn", "Variance"]
    return csv_response(f"high-needs-block-ap-{financial_year_label(year)}.csv", header, rows)


@funding_page(*LA_READERS)
def budget(request):
    la = user_la(request)
    year, choices = financial_year(request)
    lines = list(hnb_budget_lines(local_authority=la, financial_year=year))
    context = {
        "year": year,
        "year_label": financial_year_label(year),
        "form": YearFilterForm({"year": year}, choices=choices),
        "lines": lines,
        "total": sum((line.amount for line in lines), MONEY),
        "can_change": is_finance(request, la),
    }
    return render(request, "funding/hnb/budget.html", context)


@funding_page(*FINANCE)
def budget_line_add(request):
    la = user_la(request)
    year, choices = financial_year(request)
    form = BudgetLineForm(request.POST or None, year_choices=choices, initial={"financial_year": year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            line = create_once(
                form.token,
                request.user,
                budget_line_set,
                user=request.user,
                local_authority=la,
                financial_year=data["financial_year"],
                name=data["name"],
                amount=data["amount"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Budget line saved: {line.name}, {money(line.amount)}")
            return redirect(year_url("funding:budget", line.financial_year))
    return form_page(
        request,
        form,
        "Add or change a budget line",
        caption="High Needs Block: alternative provision",
        intro="A line with the same name in the same year is changed, not added twice.",
        back=year_url("funding:budget", year),
    )


@funding_page(*FINANCE)
def deficit_edit(request):
    la = user_la(request)
    year, choices = financial_year(request)
    form = DeficitForm(
        request.POST or None, year_choices=choices, initial={"financial_year": year, "as_at": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            figure = create_once(
                form.token,
                request.user,
                deficit_set,
                user=request.user,
                local_authority=la,
                financial_year=data["financial_year"],
                amount=data["amount"],
                as_at=data["as_at"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            label = financial_year_label(figure.financial_year)
            messages.success(request, f"Cumulative DSG deficit for {label} saved: {money(figure.amount)}")
            return redirect(year_url("funding:hnb-dashboard", figure.financial_year))
    return form_page(
        request,
        form,
        "Cumulative DSG deficit",
        caption="High Needs Block: alternative provision",
        intro="The Dedicated Schools Grant deficit brought into the year, as your finance reports state it.",
        back=year_url("funding:hnb-dashboard", year),
    )


@funding_page(*FINANCE)
def commitments_refresh_view(request):
    la = user_la(request)
    if request.method == "POST":
        refresh = commitments_refresh(local_authority=la)
        messages.success(request, f"Committed costs worked out again: {refresh.rows} rows, as of now")
        return redirect("funding:hnb-dashboard")
    return render(
        request,
        "funding/confirm.html",
        {
            "heading": "Work out committed costs again",
            "text": "Committed costs are worked out every night from the placements and the agreed rates. Do it now "
            "if placements have been booked, changed or ended today and you need the dashboard up to date.",
            "as_of": commitments_as_of(local_authority=la),
            "button": "Work them out now",
            "back": reverse("funding:hnb-dashboard"),
        },
    )
