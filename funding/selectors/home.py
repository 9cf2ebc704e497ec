"""The funding app's panels on each user's home page, and the funding home page's figures."""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

from apcommission.core.compiled import SqlConstant, compiled_rows, scope_key
from apcommission.core.models import Organisation, Role
from apcommission.core.scoping import Scope, scope_for

from ..models import (
    INVOICED,
    OUTSTANDING_STATUSES,
    BudgetLine,
    CommitmentKind,
    CommitmentRefresh,
    CommitmentSummary,
    Invoice,
    InvoiceStatus,
    Payer,
    Recoupment,
    RecoupmentKind,
    RecoupmentStatus,
    TopUpTotals,
)
from .contributions import contributions_for
from .hnb import PAID_WITHOUT_INVOICE
from .scalars import MONEY, money_sum, one_figure


def home_panels(*, user, scope: Scope) -> list[dict]:
    """Finance officers: invoices waiting for a decision; LA staff: the funding pages; schools:
    their school's figures; providers: their invoices. Nothing for Schools Forum members."""
    panels = []
    if scope.is_la_staff:
        links = [
            {"label": "High Needs Block monitoring", "url": reverse("funding:hnb-dashboard"), "hint": ""},
            {"label": "Recoupment", "url": reverse("funding:recoupment-list"), "hint": "money to recover"},
        ]
        if scope.has_role(Role.LA_FINANCE):
            # The status in the statement's text: bound, PostgreSQL planned the count on every request.
            received = SqlConstant(str(InvoiceStatus.RECEIVED))
            waiting = Invoice.objects.visible_to(user).filter(status=received).count()
            links.insert(
                0,
                {
                    "label": "Invoices",
                    "url": f"{reverse('funding:invoice-list')}?status={InvoiceStatus.RECEIVED}",
                    "hint": f"{waiting} waiting for a decision",
                },
            )
        links.append({"label": "All funding pages", "url": reverse("funding:index"), "hint": ""})
        panels.append({"title": "Funding", "links": links})
    if scope.has_role(Role.SCHOOL_USER):
        panels.append(
            {
                "title": "Your school's funding",
                "links": [{"label": "What your school pays and recoups", "url": reverse("funding:index"), "hint": ""}],
            }
        )
    if scope.has_role(Role.PROVIDER_USER):
        panels.append(
            {
                "title": "Invoices",
                "links": [
                    {"label": "Your invoices", "url": reverse("funding:invoice-list"), "hint": ""},
                    {"label": "Send an invoice", "url": reverse("funding:invoice-create"), "hint": ""},
                ],
            }
        )
    return panels


def la_home_figures(*, user, local_authority: int, financial_year: int) -> dict:
    """The LA funding home's figures in one statement, compiled once a process for the user's scope,
    LA and year: the committed costs' "as of" and whether the summary is built, the year's budget
    and its forecast outturn from the summary (`hnb_year_totals`'s sum), recoupment
    not yet recovered and invoices waiting for a decision, among what the user may see."""
    key = ("funding home, LA", scope_key(scope_for(user)), local_authority, financial_year)

    def build() -> QuerySet:
        refresh = CommitmentRefresh.objects.filter(local_authority=OuterRef("pk"))
        summary = CommitmentSummary.objects.filter(
            local_authority=local_authority, financial_year=financial_year, payer=Payer.LA
        )
        budget = BudgetLine.objects.filter(local_authority=local_authority, financial_year=financial_year)
        outstanding = Recoupment.objects.visible_to(user).filter(
            kind=RecoupmentKind.EXCLUDING, status__in=OUTSTANDING_STATUSES
        )
        waiting = Invoice.objects.visible_to(user).filter(status=InvoiceStatus.RECEIVED)
        return (
            Organisation.objects.filter(pk=local_authority)
            .order_by()
            .values(
                refreshed_at=Subquery(refresh.values("refreshed_at")[:1]),
                summarised=Subquery(refresh.values("summarised")[:1]),
                budget=money_sum(budget, "amount"),
                forecast=Coalesce(
                    one_figure(  # the three parts of the forecast outturn in one pass over the summary
                        summary,
                        figure=Coalesce(Sum("amount", filter=Q(kind=INVOICED)), MONEY)
                        + Coalesce(Sum("uninvoiced", filter=Q(kind=CommitmentKind.TOP_UP)), MONEY)
                        + Coalesce(Sum("amount", filter=Q(kind__in=PAID_WITHOUT_INVOICE)), MONEY),
                    ),
                    MONEY,
                ),
                outstanding=money_sum(outstanding, "total"),
                waiting=Coalesce(one_figure(waiting, n=Count("*")), 0),
            )
        )

    return compiled_rows(key, build, values_in_text=True)[0]


def school_home_figures(*, user, financial_year: int) -> dict:
    """The school funding home's figures in one statement, compiled once a process for the user's
    scope and year: recoupment to be recovered and recovered this year, and the top-ups and lump sums
    the school pays (`top_up_totals`), among what the user may see."""
    scope = scope_for(user)
    key = ("funding home, school", scope_key(scope), financial_year)

    def build() -> QuerySet:
        recoupments = Recoupment.objects.visible_to(user).filter(kind=RecoupmentKind.EXCLUDING)
        paid = TopUpTotals.objects.visible_to(user).filter(financial_year=financial_year, payer=Payer.SCHOOL)
        return (
            Organisation.objects.filter(pk=min(scope.school_ids))
            .order_by()
            .values(
                outstanding=money_sum(recoupments, "total", status__in=OUTSTANDING_STATUSES),
                recovered=money_sum(
                    recoupments, "total", status=RecoupmentStatus.RECOVERED, financial_year=financial_year
                ),
                school_top_up=money_sum(paid, "top_up"),
                school_lump_sum=money_sum(paid, "lump_sum"),
            )
        )

    return compiled_rows(key, build, values_in_text=True)[0]


def school_home_contributions(*, user, financial_year: int) -> list[dict]:
    """`contributions_for` as rows of what the school funding home shows, compiled once a process
    for the user's scope and year."""
    key = ("funding home, contributions", scope_key(scope_for(user)), financial_year)
    return compiled_rows(
        key,
        lambda: contributions_for(user=user, financial_year=financial_year).values(
            "annual_amount",
            "buys_traded_offer",
            "traded_income",
            "traded_placements",
            school_name=F("school__organisation__name"),
        ),
        values_in_text=True,
    )
