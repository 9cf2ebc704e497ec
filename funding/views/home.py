"""The funding app's front page: LA staff see the year's headline figures and every funding page;
a school sees what it pays and recoups; a provider, its invoices."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils import timezone

from apcommission.core.scoping import scope_for
from apcommission.core.years import financial_year_label

from ..models import OUTSTANDING_STATUSES, Invoice, InvoiceStatus, Recoupment, RecoupmentKind, RecoupmentStatus
from ..selectors import contributions_for, hnb_year_totals, outstanding_total, top_up_totals
from ._common import LA_READERS, PROVIDER, SCHOOL, financial_year, funding_page, is_finance, user_la

ZERO = Decimal("0.00")


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
        la = user_la(request)
        context.update(
            monitor=hnb_year_totals(local_authority=la, financial_year=year, as_at=timezone.localdate()),
            outstanding=outstanding_total(user=request.user),
            invoices_waiting=Invoice.objects.visible_to(request.user).filter(status=InvoiceStatus.RECEIVED).count(),
            is_finance=is_finance(request, la),
        )
    elif scope.school_ids:
        context.update(_school_figures(request, year))
    return render(request, "funding/index.html", context)


def _school_figures(request, year: int) -> dict:
    """What the user's school pays for its own pupils, its contribution and its recoupments."""
    recoupments = Recoupment.objects.visible_to(request.user).filter(kind=RecoupmentKind.EXCLUDING)
    totals = recoupments.aggregate(
        outstanding=Coalesce(Sum("total", filter=Q(status__in=OUTSTANDING_STATUSES)), ZERO),
        recovered=Coalesce(Sum("total", filter=Q(status=RecoupmentStatus.RECOVERED, financial_year=year)), ZERO),
    )
    contribution = contributions_for(user=request.user, financial_year=year)
    return {
        "paying": top_up_totals(user=request.user, financial_year=year),
        "contributions": list(contribution),
        "recoupment": totals,
    }
