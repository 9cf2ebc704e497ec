"""The invoice check as arithmetic: causes whose amounts add up to the difference, rounding once."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from funding.invoice_check import AgreedRate, InvoiceFacts, check_invoice

WEEK = AgreedRate("week", Decimal("100.01"), "£100.01 per week, 2 sessions a week")


def facts(**kwargs):
    values = {
        "period_start": dt.date(2026, 10, 5),
        "period_end": dt.date(2026, 10, 16),
        "sessions_invoiced": 1,
        "amount": Decimal("50.01"),
        "placement_start": dt.date(2026, 10, 5),
        "placement_last_day": dt.date(2026, 12, 18),
        "sessions_per_week": 2,
        "sessions_attended": 1,
        "school_days_outside": 0,
        "rate": WEEK,
    }
    return InvoiceFacts(**{**values, **kwargs})


def test_a_half_penny_session_rate_rounds_up_once():
    check = check_invoice(facts())  # £100.01 a week ÷ 2 = £50.005 a session
    assert check.expected_amount == Decimal("50.01") and check.discrepancies == []
    three = check_invoice(facts(sessions_invoiced=3, sessions_attended=3, amount=Decimal("150.02")))
    assert three.expected_amount == Decimal("150.02")  # 150.015 → 150.02, not 3 × 50.01 = 150.03
    assert three.discrepancies == []


def test_no_agreed_rate_flags_the_whole_amount():
    check = check_invoice(facts(rate=None, amount=Decimal("99.99")))
    assert check.expected_amount is None
    assert [(d.cause, d.amount) for d in check.discrepancies] == [("no_rate", Decimal("99.99"))]


@given(
    invoiced=st.integers(min_value=0, max_value=60),
    attended=st.integers(min_value=0, max_value=60),
    outside=st.integers(min_value=0, max_value=20),
    pence=st.integers(min_value=0, max_value=500_000),
    per_week=st.integers(min_value=1, max_value=10),
    weekly=st.integers(min_value=1, max_value=200_000),
)
def test_the_causes_always_add_up_to_the_difference(invoiced, attended, outside, pence, per_week, weekly):
    check = check_invoice(
        facts(
            sessions_invoiced=invoiced,
            sessions_attended=attended,
            school_days_outside=outside,
            amount=Decimal(pence) / 100,
            sessions_per_week=per_week,
            rate=AgreedRate("week", Decimal(weekly) / 100, "weekly"),
        )
    )
    assert check.total == Decimal(pence) / 100 - check.expected_amount
    assert all(d.amount == d.amount.quantize(Decimal("0.01")) for d in check.discrepancies)
