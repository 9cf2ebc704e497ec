"""The funding app's front page: LA staff see the year's headline figures and every funding page;
a school sees what it pays and recoups; a provider, its invoices."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from apcommission.core.scoping import scope_for
from apcommission.core.years import financial_year_label

from ..selectors.hnb import YearTotals, hnb_year_totals
from ..selectors.home import la_home_figures, school_home_contributions, school_home_figures
from ._common import LA_READERS, PROVIDER, SCHOOL, financial_year, funding_page, is_finance, user_la_id


@funding_page(*LA_READERS, *SCHOOL, *PROVIDER)
def index(request):
    scope = scope_for(request.user)
    year, _ = financial_year(request)
    context = {
        "year": year,
        "year_label": financial_year_label(year),
        "is_la": scope.is_la_staff,
        "is_school": bool(scope.school_ids) and not scope.is_la_staff,
    }
    if scope.is_la_staff:
        la = user_la_id(request)
        figures = la_home_figures(user=request.user, local_authority=la, financial_year=year)
        if figures["summarised"]:
            monitor = YearTotals(budget=figures["budget"], forecast=figures["forecast"], as_of=figures["refreshed_at"])
        else:  # no summary yet: summed directly
            monitor = hnb_year_totals(local_authority=la, financial_year=year, as_at=timezone.localdate())
        context.update(
            monitor=monitor,
            outstanding=figures["outstanding"],
            invoices_waiting=figures["waiting"],
            is_finance=is_finance(request, la),
        )
    elif scope.school_ids:
        figures = school_home_figures(user=request.user, financial_year=year)
        context.update(
            paying=figures,
            contributions=school_home_contributions(user=request.user, financial_year=year),
            recoupment=figures,
        )
    return render(request, "funding/index.html", context)
