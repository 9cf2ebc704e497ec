"""Invoices checked against the register and the placement's agreed rate, each discrepancy with its
amount and cause; what is refused; finance's decision; the due date from payment terms."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from apcommission.core.models import AuditEvent, Role
from funding.models import Invoice, InvoiceDiscrepancy, PaymentTerms
from funding.services import InvoiceDetails, invoice_check_again, invoice_decide, invoice_submit
from placements.models import AttendanceMark
from tests.factories import MembershipFactory, UserFactory
from tests.funding.factories import la_paid_placement

MONDAY = dt.date(2026, 10, 5)


@pytest.fixture
def placement(la, school_a):
    """£95 a day, 6 sessions a week (£47.50 a session), from Monday 5 October 2026 for ten weeks."""
    return la_paid_placement(pupil__home_school=school_a, start_date=MONDAY, end_date=MONDAY + dt.timedelta(days=67))


@pytest.fixture
def provider_user(placement):
    user = UserFactory(full_name="Priya Provider")
    MembershipFactory(user=user, organisation=placement.provider.organisation, role=Role.PROVIDER_USER)
    return user


def mark(placement, day, session, value="present"):
    AttendanceMark.objects.create(placement=placement, date=day, session=session, mark=value)


@pytest.fixture
def two_weeks_of_register(placement):
    """Mon–Wed of two weeks, both sessions: 12 sessions; 10 present, 1 late, 1 unauthorised absence."""
    marks = []
    for week in (0, 7):
        for offset in range(3):
            day = MONDAY + dt.timedelta(days=week + offset)
            marks += [(day, "am"), (day, "pm")]
    for index, (day, session) in enumerate(marks):
        mark(placement, day, session, "late" if index == 3 else "unauthorised" if index == 7 else "present")
    return 11


def submit(user, placement, *, sessions, amount, start=MONDAY, end=None, reference="INV-1001", received=None):
    end = end or MONDAY + dt.timedelta(days=11)
    return invoice_submit(
        user=user,
        details=InvoiceDetails(
            placement=placement,
            reference=reference,
            period_start=start,
            period_end=end,
            sessions_invoiced=sessions,
            amount=Decimal(amount),
            received_on=received or dt.date(2026, 10, 20),
        ),
        today=dt.date(2026, 11, 30),
    )


def causes(invoice):
    return [(d.cause, d.amount) for d in invoice.discrepancies.all()]


def test_an_invoice_that_matches_the_register_has_no_discrepancies(provider_user, placement, two_weeks_of_register):
    invoice = submit(provider_user, placement, sessions=11, amount="522.50")  # 11 × £47.50
    assert (invoice.sessions_attended, invoice.expected_amount) == (11, Decimal("522.50"))
    assert invoice.discrepancy_count == 0 and causes(invoice) == []
    assert invoice.rate_description == "£95.00 per day, 6 sessions a week: £47.50 a session"
    assert invoice.due_on == dt.date(2026, 11, 19)  # received 20 October + 30 days
    assert invoice.status == "received" and invoice.submitted_by == provider_user
    assert AuditEvent.objects.filter(object_id=str(invoice.pk), action="create", is_child_record=True).exists()


def test_sessions_not_attended_are_flagged_with_their_amount(provider_user, placement, two_weeks_of_register):
    invoice = submit(provider_user, placement, sessions=12, amount="570.00")
    assert causes(invoice) == [("not_attended", Decimal("47.50"))]
    assert invoice.discrepancy_total == Decimal("47.50")
    assert invoice.discrepancies.get().explanation == (
        "12 sessions invoiced, but the register shows 11 attended (present or late) in the period."
    )


def test_a_rate_that_differs_is_flagged_with_its_amount(provider_user, placement, two_weeks_of_register):
    invoice = submit(provider_user, placement, sessions=11, amount="550.00")  # £50 a session
    assert causes(invoice) == [("rate_differs", Decimal("27.50"))]
    assert "Invoiced £550.00 for 11 sessions (£50.00 a session)" in invoice.discrepancies.get().explanation


def test_both_causes_add_up_to_the_difference(provider_user, placement, two_weeks_of_register):
    invoice = submit(provider_user, placement, sessions=12, amount="600.00")
    assert causes(invoice) == [("rate_differs", Decimal("30.00")), ("not_attended", Decimal("47.50"))]
    assert invoice.discrepancy_total == invoice.amount - invoice.expected_amount == Decimal("77.50")


def test_a_period_running_outside_the_placement_is_flagged(provider_user, placement, two_weeks_of_register):
    # From Monday 28 September: five school days before the placement = 6 sessions at its pattern.
    invoice = submit(provider_user, placement, sessions=17, amount="807.50", start=dt.date(2026, 9, 28))
    assert causes(invoice) == [("outside_placement", Decimal("285.00"))]
    assert "5 school days of the period are outside it (6 sessions at the placement's pattern)" in (
        invoice.discrepancies.get().explanation
    )
    assert invoice.discrepancy_total == Decimal("807.50") - Decimal("522.50")


def test_fewer_sessions_invoiced_than_attended_is_owed_to_the_provider(provider_user, placement, two_weeks_of_register):
    invoice = submit(provider_user, placement, sessions=10, amount="475.00")
    assert causes(invoice) == [("fewer_sessions", Decimal("-47.50"))]


def test_a_banded_top_up_is_the_rate_checked_against(provider_user, placement, two_weeks_of_register, la_finance):
    from funding.models import TopUpBand
    from funding.services import banded_top_up_agree

    band = TopUpBand.objects.create(
        local_authority=placement.pupil.home_la, name="Band 2", annual_amount=Decimal("11700")
    )
    banded_top_up_agree(user=la_finance, placement=placement, band=band, reason="Agreed at panel")
    placement.refresh_from_db()
    invoice = submit(provider_user, placement, sessions=11, amount="550.00")  # £11,700 ÷ 39 weeks ÷ 6 = £50
    assert invoice.expected_amount == Decimal("550.00") and causes(invoice) == []


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        (
            {"start": dt.date(2026, 9, 1), "end": dt.date(2026, 9, 30)},
            "period_start",
            "The invoice period (1 September 2026 to 30 September 2026) is outside the placement, which runs from "
            "5 October 2026 to 11 December 2026",
        ),
        ({"end": dt.date(2026, 10, 1)}, "period_end", "The end of the period must be the same as or after the start"),
        ({"amount": "-1.00"}, "amount", "The amount invoiced cannot be negative"),
        ({"amount": "10.001"}, "amount", "Enter the amount invoiced to the nearest penny, like 1500.50"),
        ({"received": dt.date(2026, 12, 25)}, "received_on", "The date the invoice was received must be today or in"),
        ({"reference": "  "}, "reference", "Enter the invoice number"),
    ],
)
def test_bad_invoices_are_refused_and_nothing_is_saved(provider_user, placement, kwargs, field, message):
    values = {"sessions": 11, "amount": "522.50", **kwargs}
    with pytest.raises(ValidationError) as refused:
        submit(provider_user, placement, **values)
    assert refused.value.message_dict[field][0].startswith(message)
    assert not Invoice.objects.exists() and not InvoiceDiscrepancy.objects.exists()


def test_a_second_invoice_for_an_overlapping_period_is_refused(provider_user, placement):
    first = submit(provider_user, placement, sessions=11, amount="522.50")
    with pytest.raises(ValidationError) as refused:
        submit(
            provider_user,
            placement,
            sessions=5,
            amount="237.50",
            start=MONDAY + dt.timedelta(days=11),
            end=MONDAY + dt.timedelta(days=18),
            reference="INV-1002",
        )
    assert refused.value.message_dict["period_start"] == [
        "Invoice INV-1001 (5 October 2026 to 16 October 2026) already covers part of this period for this placement"
    ]
    assert Invoice.objects.count() == 1
    # A rejected invoice does not stand in the way of a corrected one.
    invoice_decide(user=_finance(placement), invoice=first, decision="reject", note="Wrong sessions")
    assert submit(provider_user, placement, sessions=11, amount="522.50", reference="INV-1001b").status == "received"


def _finance(placement):
    user = UserFactory()
    MembershipFactory(user=user, organisation=placement.pupil.home_la, role=Role.LA_FINANCE)
    return user


def test_the_same_invoice_number_twice_is_refused(provider_user, placement):
    submit(provider_user, placement, sessions=11, amount="522.50")
    with pytest.raises(ValidationError) as refused:
        submit(
            provider_user, placement, sessions=5, amount="237.50", start=dt.date(2026, 11, 2), end=dt.date(2026, 11, 6)
        )
    assert refused.value.message_dict["reference"] == [
        "Invoice INV-1001 from this provider was already received on 20 October 2026"
    ]


def test_a_placement_the_school_pays_for_is_invoiced_to_the_school(provider_user, placement, school_a):
    placement.top_up_funder = "school"
    placement.save()
    with pytest.raises(ValidationError) as refused:
        submit(provider_user, placement, sessions=11, amount="522.50")
    assert refused.value.message_dict["placement"] == [
        f"The school pays this placement's top-up (school): send the invoice to {school_a.name}, not the local "
        "authority"
    ]


def test_another_provider_cannot_invoice_for_the_placement(placement):
    stranger = UserFactory()
    with pytest.raises(ValidationError, match="Select one of your placements"):
        submit(stranger, placement, sessions=11, amount="522.50")


def test_due_date_follows_the_providers_own_payment_terms(provider_user, placement):
    PaymentTerms.objects.create(provider=placement.provider, days=14)
    invoice = submit(provider_user, placement, sessions=11, amount="522.50")
    assert (invoice.payment_terms_days, invoice.due_on) == (14, dt.date(2026, 11, 3))


def test_finance_approves_queries_or_rejects(provider_user, placement, two_weeks_of_register, la_finance, la_officer):
    clean = submit(provider_user, placement, sessions=11, amount="522.50")
    with pytest.raises(PermissionDenied):
        invoice_decide(user=la_officer, invoice=clean, decision="approve")
    approved = invoice_decide(user=la_finance, invoice=clean, decision="approve")
    assert (approved.status, approved.decided_by) == ("approved", la_finance)
    with pytest.raises(ValidationError, match="already approved for payment"):
        invoice_decide(user=la_finance, invoice=approved, decision="reject", note="Changed my mind")

    flagged = submit(
        provider_user,
        placement,
        sessions=12,
        amount="570.00",
        reference="INV-2",
        start=dt.date(2026, 11, 2),
        end=dt.date(2026, 11, 6),
    )
    with pytest.raises(ValidationError) as needs_note:
        invoice_decide(user=la_finance, invoice=flagged, decision="approve")
    assert needs_note.value.message_dict["note"] == ["Enter why you are approving an invoice with discrepancies"]
    with pytest.raises(ValidationError) as query_note:
        invoice_decide(user=la_finance, invoice=flagged, decision="query")
    assert query_note.value.message_dict["note"] == ["Enter why you are querying the invoice"]
    queried = invoice_decide(user=la_finance, invoice=flagged, decision="query", note="Send the register")
    assert (
        invoice_decide(user=la_finance, invoice=queried, decision="approve", note="Register seen").status == "approved"
    )


def test_checking_again_uses_the_register_as_corrected(provider_user, placement, two_weeks_of_register, la_finance):
    invoice = submit(provider_user, placement, sessions=12, amount="570.00")
    assert invoice.discrepancy_count == 1
    corrected = AttendanceMark.objects.get(placement=placement, mark="unauthorised")
    corrected.mark = "present"
    corrected.save()
    checked = invoice_check_again(user=la_finance, invoice=invoice)
    assert (checked.sessions_attended, checked.discrepancy_count, checked.discrepancy_total) == (12, 0, Decimal("0"))
    assert not checked.discrepancies.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_invoices_sent_at_once_store_one():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    placement = la_paid_placement(start_date=MONDAY, end_date=MONDAY + dt.timedelta(days=67))
    users = []
    for _ in range(2):
        user = UserFactory()
        MembershipFactory(user=user, organisation=placement.provider.organisation, role=Role.PROVIDER_USER)
        users.append(user)
    barrier, outcomes = threading.Barrier(2), []

    def send(user, reference):
        try:
            barrier.wait()
            submit(user, placement, sessions=11, amount="522.50", reference=reference)
            outcomes.append("stored")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(u, f"INV-{i}")) for i, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "stored"]
    assert Invoice.objects.filter(placement=placement).count() == 1
