"""Checking a provider's invoice against the register and the placement's agreed rate, with no
database behind it (the service gathers the facts).

What the invoice should come to is the sessions the register shows attended (present or late) in
the period, within the placement, × the placement's rate for one session (placements/costs.py:
`session_rate`, from the rate snapshotted at booking or a banded top-up agreed instead), rounded to
the penny once. The difference is split into causes whose amounts add up to it exactly:

- **rate differs**: the amount invoiced against the same sessions at the agreed rate;
- **period outside the placement**: sessions invoiced beyond those attended, up to the sessions the
  placement's pattern would give on the school days of the period outside the placement;
- **sessions not attended**: the other sessions invoiced beyond those attended;
- **fewer sessions invoiced than attended**: a negative amount, owed to the provider.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from apcommission.core.templatetags.money import money
from placements.costs import SCHOOL_DAYS_PER_WEEK, session_rate, to_pence

from .models.invoices import DiscrepancyCause


@dataclass(frozen=True)
class AgreedRate:
    """The placement's rate: a unit and an amount (as a price list has them), and how to say it."""

    unit: str
    amount: Decimal
    description: str


@dataclass(frozen=True)
class InvoiceFacts:
    period_start: dt.date
    period_end: dt.date
    sessions_invoiced: int
    amount: Decimal
    placement_start: dt.date
    placement_last_day: dt.date
    sessions_per_week: int
    sessions_attended: int
    school_days_outside: int
    rate: AgreedRate | None


@dataclass(frozen=True)
class Discrepancy:
    cause: str
    amount: Decimal
    explanation: str


@dataclass
class InvoiceCheck:
    expected_amount: Decimal | None
    rate_description: str
    discrepancies: list[Discrepancy] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((d.amount for d in self.discrepancies), Decimal("0.00"))


def _d(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def check_invoice(facts: InvoiceFacts) -> InvoiceCheck:
    """The expected amount and every discrepancy, each with its amount and cause."""
    if facts.rate is None:
        return InvoiceCheck(
            None,
            "",
            [
                Discrepancy(
                    DiscrepancyCause.NO_RATE,
                    facts.amount,
                    "The placement has no agreed rate (no price was found when it was booked), so the invoice "
                    "cannot be checked: agree a rate or a banded top-up first.",
                )
            ],
        )
    per_session = session_rate(
        unit=facts.rate.unit, amount=facts.rate.amount, sessions_per_week=facts.sessions_per_week
    )
    description = f"{facts.rate.description}: {money(per_session)} a session"
    expected = to_pence(per_session * facts.sessions_attended)
    at_rate = to_pence(per_session * facts.sessions_invoiced)
    check = InvoiceCheck(expected, description)
    _rate_differs(check, facts, at_rate, per_session)
    _sessions(check, facts, at_rate - expected, per_session)
    return check


def _rate_differs(check: InvoiceCheck, facts: InvoiceFacts, at_rate: Decimal, per_session: Decimal) -> None:
    difference = facts.amount - at_rate
    if difference == 0:
        return
    charged = (
        f" ({money(facts.amount / facts.sessions_invoiced)} a session)"
        if facts.sessions_invoiced
        else " for no sessions"
    )
    check.discrepancies.append(
        Discrepancy(
            DiscrepancyCause.RATE_DIFFERS,
            difference,
            f"Invoiced {money(facts.amount)} for {facts.sessions_invoiced} sessions{charged}; at the placement's "
            f"rate of {money(per_session)} a session they come to {money(at_rate)}.",
        )
    )


def _sessions_outside(facts: InvoiceFacts) -> int:
    """Sessions the placement's pattern gives on the school days of the period outside it."""
    sessions = Decimal(facts.school_days_outside) * facts.sessions_per_week / SCHOOL_DAYS_PER_WEEK
    return int(sessions.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _sessions(check: InvoiceCheck, facts: InvoiceFacts, gap_amount: Decimal, per_session: Decimal) -> None:
    gap = facts.sessions_invoiced - facts.sessions_attended
    outside_amount = Decimal("0.00")
    if facts.school_days_outside:
        outside = min(max(gap, 0), _sessions_outside(facts))
        outside_amount = gap_amount if outside == gap else to_pence(per_session * outside)
        check.discrepancies.append(
            Discrepancy(
                DiscrepancyCause.OUTSIDE_PLACEMENT,
                outside_amount,
                f"The invoice runs from {_d(facts.period_start)} to {_d(facts.period_end)}, but the placement runs "
                f"from {_d(facts.placement_start)} to {_d(facts.placement_last_day)}: {facts.school_days_outside} "
                f"school days of the period are outside it ({_sessions_outside(facts)} sessions at the placement's "
                f"pattern); {outside} of the sessions invoiced are put down to them.",
            )
        )
    rest = gap_amount - outside_amount
    if gap > 0 and rest:
        check.discrepancies.append(
            Discrepancy(
                DiscrepancyCause.NOT_ATTENDED,
                rest,
                f"{facts.sessions_invoiced} sessions invoiced, but the register shows {facts.sessions_attended} "
                f"attended (present or late) in the period.",
            )
        )
    elif gap < 0:
        check.discrepancies.append(
            Discrepancy(
                DiscrepancyCause.FEWER_SESSIONS,
                gap_amount,
                f"Only {facts.sessions_invoiced} sessions invoiced, but the register shows {facts.sessions_attended} "
                f"attended: the provider may be owed {money(-gap_amount)}.",
            )
        )
