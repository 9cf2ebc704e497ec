"""The committed costs summary (`CommitmentSummary`, `CommitmentPupilCount`): an LA's commitments
and approved invoices summed by financial year, month, kind, payer, route, provider type and key
stage, with the distinct pupils of each year counted by each of those keys, so the High Needs Block
pages read a few hundred rows instead of every commitment joined to its placement and pupil.

- Built whole from the LA's `Commitment` rows and approved invoices by `commitment_summary_refresh`,
  inside `commitments_refresh`'s transaction (and by the benchmark county after its COPY): as fresh
  as the commitments, whose "as of" the pages show.
- Its invoice part (approved invoices, and the top-up months no approved invoice covers) is kept
  exact by `commitment_summary_invoice_decided`, in the transaction that approves an invoice.
- Either change makes a new `CommitmentRefresh.summary_version`: what the pages work out from the
  summary is kept per process by that version (`funding.selectors.hnb.DashboardHead.figures_key`).

The keys are worked out by the same expressions as the direct sums (`funding.selectors.hnb`), and
`tests/funding/test_commitment_summary.py` checks the pages' figures against them
(docs/adr/0005-maintained-figures.md)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from apcommission.core.years import financial_year_start

from ..models import (
    INVOICED,
    Commitment,
    CommitmentKind,
    CommitmentPupilCount,
    CommitmentRefresh,
    CommitmentSummary,
    Invoice,
    InvoiceStatus,
    Payer,
)
from ..selectors.hnb import as_date, covered_by_invoice, dimension_keys

MONEY = Decimal("0.00")


def commitment_summary_refresh(*, local_authority) -> int:
    """Rebuild the LA's summary from its commitments and approved invoices (six queries and the
    inserts). Call it inside the transaction that holds the LA's `CommitmentRefresh` row locked, as
    `commitments_refresh` does. Returns the number of summary rows."""
    CommitmentSummary.objects.filter(local_authority=local_authority).delete()
    CommitmentPupilCount.objects.filter(local_authority=local_authority).delete()
    commitments = Commitment.objects.filter(local_authority=local_authority).order_by()
    cells = commitments.values("financial_year", "month", "kind", "payer", **dimension_keys("month")).annotate(
        total=Coalesce(Sum("amount"), MONEY),
        hours_total=Coalesce(Sum("hours"), MONEY),
        uninvoiced_total=Coalesce(
            Sum("amount", filter=Q(kind=CommitmentKind.TOP_UP) & ~Q(covered_by_invoice())), MONEY
        ),
    )
    rows = [
        CommitmentSummary(
            local_authority=local_authority,
            financial_year=cell["financial_year"],
            month=cell["month"],
            kind=cell["kind"],
            payer=cell["payer"],
            route=cell["route"],
            provider_type=cell["provider_type"],
            key_stage=cell["key_stage"],
            amount=cell["total"],
            hours=cell["hours_total"],
            uninvoiced=cell["uninvoiced_total"],
        )
        for cell in cells
    ]
    invoiced = (
        Invoice.objects.filter(local_authority=local_authority, status=InvoiceStatus.APPROVED)
        .order_by()
        .values(period_month=TruncMonth("period_end"), **dimension_keys("period_end"))
        .annotate(total=Coalesce(Sum("amount"), MONEY))
    )
    for cell in invoiced:
        month = as_date(cell["period_month"])
        rows.append(
            CommitmentSummary(
                local_authority=local_authority,
                financial_year=financial_year_start(month),
                month=month,
                kind=INVOICED,
                payer=Payer.LA,
                route=cell["route"],
                provider_type=cell["provider_type"],
                key_stage=cell["key_stage"],
                amount=cell["total"],
            )
        )
    CommitmentSummary.objects.bulk_create(rows, batch_size=1000)
    pupils = Count("placement__pupil", distinct=True)
    la_paid = commitments.filter(payer=Payer.LA)
    counts = [
        CommitmentPupilCount(local_authority=local_authority, financial_year=row["financial_year"], pupils=row["n"])
        for row in la_paid.values("financial_year").annotate(n=pupils)
    ]
    for dimension, key_on in dimension_keys("month").items():
        counts += [
            CommitmentPupilCount(
                local_authority=local_authority,
                financial_year=row["financial_year"],
                dimension=dimension,
                key=row["key"],
                pupils=row["n"],
            )
            for row in la_paid.values("financial_year", key=key_on).annotate(n=pupils)
        ]
    CommitmentPupilCount.objects.bulk_create(counts, batch_size=1000)
    return len(rows)


def commitment_summary_invoice_decided(*, invoice: Invoice, was_approved: bool) -> None:
    """Keep the summary's invoice part exact when an invoice is approved (or stops being approved):
    its amount is added to (or taken from) the approved invoices of its month and keys, and the
    top-up months of its placement that it alone covers leave (or rejoin) the uncovered top-ups.
    Call it in the transaction that changed the invoice's status, after the change. It locks the
    LA's `CommitmentRefresh` row, so decisions and rebuilds of one LA take turns; each then sees
    the others' committed invoices, and changes only what its own invoice changes."""
    if was_approved == (invoice.status == InvoiceStatus.APPROVED):
        return
    refresh = (
        CommitmentRefresh.objects.select_for_update()
        .filter(local_authority_id=invoice.local_authority_id, summarised=True)
        .first()
    )
    if refresh is None:
        return  # no summary yet: the pages sum directly until the next refresh builds one
    sign = -1 if was_approved else 1
    keys = Invoice.objects.filter(pk=invoice.pk).values(
        period_month=TruncMonth("period_end"), **dimension_keys("period_end")
    )
    keys = dict(keys.get())
    month = as_date(keys.pop("period_month"))
    cell, _ = CommitmentSummary.objects.get_or_create(
        local_authority_id=invoice.local_authority_id,
        financial_year=financial_year_start(month),
        month=month,
        kind=INVOICED,
        payer=Payer.LA,
        **keys,
        defaults={"amount": MONEY},
    )
    CommitmentSummary.objects.filter(pk=cell.pk).update(amount=F("amount") + sign * invoice.amount)
    alone = (
        Commitment.objects.filter(
            placement_id=invoice.placement_id,
            kind=CommitmentKind.TOP_UP,
            month__lte=invoice.period_end,
            month_end__gte=invoice.period_start,
        )
        .exclude(covered_by_invoice(except_invoice=invoice.pk))
        .order_by()
        .values("local_authority", "financial_year", "month", "kind", "payer", **dimension_keys("month"))
        .annotate(total=Sum("amount"))
    )
    for row in alone:
        total = row.pop("total")
        CommitmentSummary.objects.filter(**row).update(uninvoiced=F("uninvoiced") - sign * total)
    CommitmentRefresh.objects.filter(pk=refresh.pk).update(summary_version=uuid.uuid4())


__all__ = ["commitment_summary_invoice_decided", "commitment_summary_refresh"]
