"""Invoices as finance, officers and providers read them, and the placements a user may invoice for."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet

from apcommission.core.compiled import compiled_rows
from apcommission.core.models import Role
from apcommission.core.paging import CountedRows, count_sql, list_shape
from apcommission.core.scoping import scope_for
from placements.models import Placement

from ..models import DiscrepancyCause, Invoice, InvoiceDiscrepancy
from ..payers import LA_FUNDERS
from ..rules import COMMITTED_STATUSES, finance_la_ids


def invoices_for(*, user, status: str = "", provider_id: int | None = None, search: str = "") -> QuerySet[Invoice]:
    """Invoices the user may see (LA staff: their LA's; a provider: its own), newest first."""
    invoices = Invoice.objects.visible_to(user).select_related("provider__organisation", "placement__pupil")
    if status:
        invoices = invoices.filter(status=status)
    if provider_id:
        invoices = invoices.filter(provider_id=provider_id)
    text = search.strip()
    if text:
        invoices = invoices.filter(
            Q(reference__icontains=text)
            | Q(placement__pupil__legal_last_name__icontains=text)
            | Q(provider__organisation__name__icontains=text)
        )
    return invoices.order_by("-received_on", "-id")


def invoice_rows(*, user, status: str = "", search: str = "") -> CountedRows:
    """`invoices_for` as rows of the columns the invoice list shows (no model instances), counted
    without the joins the names need (a count through them does not use the newest-first index)."""
    invoices = invoices_for(user=user, status=status, search=search)
    return CountedRows(_invoice_values(invoices), invoices)


def invoice_first_page(*, user, status: str = "", per_page: int) -> tuple[list[dict], int]:
    """`invoice_rows`' first `per_page` rows (no search text) and how many there are in all, in one
    statement compiled once a process for the user's scope and the status (`core.compiled`).

    The page's invoices are chosen first, from the invoices' own columns (`invoice_provider_newest_idx`,
    `invoice_la_newest_idx`), and only they are joined to their pupils: joined first, a provider's
    every invoice was (8 ms for the busiest provider's 700 on the benchmark county; 1 ms so)."""

    def build() -> QuerySet:
        invoices = invoices_for(user=user, status=status)
        page = invoices.select_related(None).values("pk")[:per_page]
        shown = Invoice.objects.filter(pk__in=page).select_related(None).order_by("-received_on", "-id")
        return _invoice_values(shown).annotate(rows_in_all=count_sql(invoices))[:per_page]

    # Every value is in the key, so in the text: with the status as a parameter PostgreSQL planned
    # the statement afresh on every call (3 ms of planning for 0.7 ms of running).
    rows = compiled_rows(list_shape("invoices", user, status, per_page), build, values_in_text=True)
    count = rows[0]["rows_in_all"] if rows else 0
    return rows, count


def _invoice_values(invoices: QuerySet[Invoice]) -> QuerySet:
    return invoices.values(
        "pk",
        "reference",
        "status",
        "period_start",
        "period_end",
        "amount",
        "discrepancy_count",
        "discrepancy_total",
        "due_on",
        provider_name=F("provider__organisation__name"),
        first_name=F("placement__pupil__legal_first_name"),
        last_name=F("placement__pupil__legal_last_name"),
    )


def invoiceable_placements(*, user) -> QuerySet[Placement]:
    """Placements the user may send invoices for: the LA pays their top-up, and they are booked,
    active or ended; a provider's own, or any of a finance officer's LA."""
    scope = scope_for(user)
    own = Q(provider__organisation_id__in=scope.orgs_with_role(Role.PROVIDER_USER))
    finance = Q(pupil__home_la_id__in=finance_la_ids(user))
    return (
        Placement.objects.visible_to(user)
        .filter(own | finance)
        .filter(status__in=COMMITTED_STATUSES, top_up_funder__in=LA_FUNDERS)
        .select_related("pupil__home_school__organisation", "provider__organisation", "site", "banded_top_up__band")
        .order_by("pupil__legal_last_name", "pupil__legal_first_name", "-start_date")
    )


#: Each cause's label, as the template's `get_cause_display` read it from the model.
_CAUSES = dict(DiscrepancyCause.choices)


def invoice_discrepancies(invoice_id: int) -> list[dict]:
    """The invoice's discrepancies in order, as rows of what the page shows (the caller has read
    the invoice through the scoping path), by a statement compiled once a process."""
    rows = compiled_rows(
        ("invoice discrepancies",),
        lambda invoice: InvoiceDiscrepancy.objects.filter(invoice_id=invoice).values("cause", "amount", "explanation"),
        (invoice_id,),
    )
    for row in rows:
        row["get_cause_display"] = _CAUSES.get(row["cause"], row["cause"])
    return rows
