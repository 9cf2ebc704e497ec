"""Demo invoices: one for each active placement the LA pays for, for the weeks the register covers,
most matching the register, some with discrepancies (sessions not attended, a rate that differs, a
period outside the placement), decided in turn: approved, queried, rejected or waiting."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from placements.costs import cost_of_sessions
from placements.models import Placement, PlacementStatus
from placements.selectors import sessions_attended

from ..models import Invoice, InvoiceStatus
from ..payers import LA_FUNDERS
from ..services import InvoiceDetails, agreed_rate, invoice_decide, invoice_submit

NAMESPACE = uuid.UUID("6c2b8f1e-0d4a-4a53-8f7e-1e9b3a2c4d55")
WEEKS = 4


def _details(placement: Placement, index: int, today: dt.date) -> InvoiceDetails | None:
    start = max(placement.start_date, today - dt.timedelta(weeks=WEEKS) + dt.timedelta(days=1))
    end = min(placement.end_date, today - dt.timedelta(days=1))
    if start > end or agreed_rate(placement) is None:
        return None
    attended = sessions_attended(placement_ids=[placement.pk], start=start, end=end).get(placement.pk, 0)
    rate = agreed_rate(placement)
    sessions, amount_sessions = attended, attended
    if index % 6 == 1:
        sessions = amount_sessions = attended + 2  # sessions the register does not show
    amount = cost_of_sessions(
        unit=rate.unit, amount=rate.amount, sessions_per_week=placement.sessions_per_week, sessions=amount_sessions
    )
    if index % 6 == 2:
        amount = (amount * Decimal("1.05")).quantize(Decimal("0.01"))  # a higher rate than agreed
    if index % 6 == 3 and placement.start_date > start - dt.timedelta(days=7):
        start = placement.start_date - dt.timedelta(days=7)  # the period begins before the placement
    return InvoiceDetails(
        placement=placement,
        reference=f"INV-{placement.provider_id:03d}-{placement.pk:05d}",
        period_start=start,
        period_end=end,
        sessions_invoiced=sessions,
        amount=amount,
        received_on=today,
        submission_token=uuid.uuid5(NAMESPACE, f"invoice-{placement.pk}"),
    )


def _decide(invoice: Invoice, index: int, user) -> None:
    if invoice.status != InvoiceStatus.RECEIVED or index % 5 == 4:
        return  # decided on an earlier run, or left waiting for a decision
    if index % 5 == 2:
        invoice_decide(user=user, invoice=invoice, decision="query", note="Please send the register for these dates")
    elif index % 7 == 3:
        invoice_decide(user=user, invoice=invoice, decision="reject", note="Resend with the register for the period")
    else:
        note = "Checked with the provider: agreed" if invoice.discrepancy_count else ""
        invoice_decide(user=user, invoice=invoice, decision="approve", note=note)


def seed(*, la, user) -> int:
    """Returns how many invoices the run added."""
    today = timezone.localdate()
    before = Invoice.objects.filter(local_authority=la).count()
    placements = (
        Placement.objects.filter(pupil__home_la=la, status=PlacementStatus.ACTIVE, top_up_funder__in=LA_FUNDERS)
        .select_related("provider__organisation", "pupil__home_school__organisation", "banded_top_up__band")
        .order_by("pk")
    )
    for index, placement in enumerate(placements):
        details = _details(placement, index, today)
        if details is None:
            continue
        try:
            invoice = invoice_submit(user=user, details=details)
        except ValidationError:
            continue
        _decide(invoice, index, user)
    return Invoice.objects.filter(local_authority=la).count() - before
