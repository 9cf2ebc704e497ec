"""The benchmark county's invoices: one a month for each LA-funded placement over the months the
register covers, checked as funding.services.invoices checks one, and decided by age."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection

from apcommission.core.years import month_end
from funding import conf as funding_conf
from funding.invoice_check import InvoiceFacts, check_invoice
from funding.models import Invoice, InvoiceDiscrepancy, InvoiceStatus
from funding.payers import payer_for
from funding.rules import COMMITTED_STATUSES
from funding.services.invoices import agreed_rate
from placements.costs import cost_of_sessions
from placements.models import AttendanceMark
from placements.models.attendance import ATTENDED_MARKS

from .bulk import Ids, copy_rows

INVOICE_MONTHS = 12
Q = InvoiceStatus


class InvoiceSteps:
    """The invoice steps of benchmarks.money.MoneyBuilder."""

    def attended_by_month(self) -> dict[tuple[int, dt.date], int]:
        """{(placement id, first of month): sessions marked present or late} for the county."""
        table = connection.ops.quote_name(AttendanceMark._meta.db_table)
        first = min(plan.id for plan in self.b.plans)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT placement_id, date_trunc('month', date)::date, count(*) FROM {table} "  # noqa: S608
                "WHERE placement_id >= %s AND mark = ANY(%s) GROUP BY 1, 2",
                [first, list(ATTENDED_MARKS)],
            )
            return {(row[0], row[1]): row[2] for row in cursor.fetchall()}

    def invoices(self) -> None:
        attended = self.attended_by_month()
        months, month = [], self.today.replace(day=1)
        for _ in range(INVOICE_MONTHS):
            month = (month - dt.timedelta(days=1)).replace(day=1)
            if month_end(month) < self.b.marks_from:
                break
            months.append(month)
        ids, discrepancy_ids = Ids(Invoice), Ids(InvoiceDiscrepancy)
        rows, discrepancies, count = [], [], 0
        default_terms = funding_conf.payment_terms_days()
        for plan in self.b.plans:
            if plan.status not in COMMITTED_STATUSES or payer_for(plan.top_up_funder) != "la":
                continue
            rate = agreed_rate(self.rate_holder(plan))
            if rate is None:
                continue
            for month in months:
                sessions = attended.get((plan.id, month), 0)
                first, last = max(month, plan.start, self.b.marks_from), min(month_end(month), plan.end)
                if not sessions or first > last:
                    continue
                count += 1
                invoice_id = ids.take()
                row, found = self.invoice(invoice_id, plan, rate, month, first, last, sessions, count, default_terms)
                rows.append(row)
                discrepancies += [(discrepancy_ids.take(), invoice_id, d.cause, d.amount, d.explanation) for d in found]
        fields = [
            "id",
            "local_authority",
            "placement",
            "provider",
            "reference",
            "period_start",
            "period_end",
            "sessions_invoiced",
            "amount",
            "received_on",
            "payment_terms_days",
            "due_on",
            "status",
            "sessions_attended",
            "rate_description",
            "expected_amount",
            "discrepancy_total",
            "discrepancy_count",
            "checked_at",
            "decision_note",
            "decided_by",
            "decided_at",
            "submitted_by",
            "submission_token",
            "created_on",
            "modified_on",
        ]
        self.b.counts["invoices"] = copy_rows(Invoice, fields, rows)
        fields = ["id", "invoice", "cause", "amount", "explanation"]
        self.b.counts["invoice_discrepancies"] = copy_rows(InvoiceDiscrepancy, fields, discrepancies)

    def rate_holder(self, plan):
        """What agreed_rate reads of a placement: a banded top-up, else the rate snapshotted at booking."""
        price_id, unit, amount = self.b.price_of[plan.provider_id]
        banded = self.banded.get(plan.id)
        return SimpleNamespace(
            banded_top_up=SimpleNamespace(annual_amount=banded[1], band=SimpleNamespace(name=banded[0]))
            if banded
            else None,
            rate_unit=unit,
            rate_amount=amount,
            sessions_per_week=plan.sessions,
        )

    def invoice(self, pk, plan, rate, month, first, last, attended, count, default_terms) -> tuple[tuple, list]:
        """One month's invoice, checked as invoice_submit checks it; most match the register."""
        sessions, period_start, outside = attended, first, 0
        variant = count % 20
        if variant == 3:
            sessions = attended + 2  # sessions the register does not show
        elif variant == 11 and attended > 1:
            sessions = attended - 1  # fewer than attended: the provider may be owed
        elif variant == 17 and month <= plan.start:
            period_start = max(month, plan.start - dt.timedelta(days=7))  # the period begins before the placement
            outside = self.b.school_days.count(period_start, plan.start - dt.timedelta(days=1))
            sessions = attended + outside * plan.sessions // 5
        amount = cost_of_sessions(
            unit=rate.unit, amount=rate.amount, sessions_per_week=plan.sessions, sessions=sessions
        )
        if variant == 7:
            amount = (amount * Decimal("1.05")).quantize(Decimal("0.01"))  # a higher rate than agreed
        check = check_invoice(
            InvoiceFacts(
                period_start=period_start,
                period_end=last,
                sessions_invoiced=sessions,
                amount=amount,
                placement_start=plan.start,
                placement_last_day=plan.end,
                sessions_per_week=plan.sessions,
                sessions_attended=attended,
                school_days_outside=outside,
                rate=rate,
            )
        )
        received = min(month_end(month) + dt.timedelta(days=1 + count % 9), self.today)
        terms = self.terms.get(plan.provider_id, default_terms)
        status, note = self.decision(month, count, bool(check.discrepancies))
        decided = self.at(min(received + dt.timedelta(days=5), self.today), 14) if status != Q.RECEIVED else None
        submitted = self.b.users["provider"] if plan.provider_id == self.b.providers[0][0] else self.finance.pk
        at = self.at(received, 9)
        return (
            pk,
            self.la.pk,
            plan.id,
            plan.provider_id,
            f"BQ-{plan.id}-{month:%Y%m}",
            period_start,
            last,
            sessions,
            amount,
            received,
            terms,
            received + dt.timedelta(days=terms),
            status,
            attended,
            check.rate_description[:200],
            check.expected_amount,
            check.total,
            len(check.discrepancies),
            at,
            note,
            self.finance.pk if decided else None,
            decided,
            submitted,
            uuid.UUID(int=self.rng.getrandbits(128), version=4),
            at,
            decided or at,
        ), check.discrepancies

    def decision(self, month: dt.date, count: int, discrepancies: bool) -> tuple[str, str]:
        last_month = month_end(month) >= self.today - dt.timedelta(days=31)
        roll = count % 37
        if last_month and roll < 20:
            return Q.RECEIVED, ""
        if roll in (5, 23):
            return Q.QUERIED, "Please send the register for these dates"
        if roll == 31:
            return Q.REJECTED, "Resend with the register for the period"
        return Q.APPROVED, "Checked with the provider: agreed" if discrepancies else ""
