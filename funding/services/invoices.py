"""Providers' invoices: received (entered or uploaded as CSV by the provider or finance), checked
against the register and the placement's agreed rate, and approved, queried or rejected by a
finance officer. The due date follows the provider's payment terms (default 30 days)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apcommission.core.audit import audit_change, snapshot
from apcommission.core.digits import is_ascii_digits
from apcommission.core.models import Role
from apcommission.core.scoping import scope_for
from apcommission.core.templatetags.money import money
from placements.models import Placement
from placements.selectors import calendar_key, calendars_for, placement_last_day, sessions_attended
from providers.models import PriceUnit, Provider

from .. import conf
from ..csv_values import parse_amount, parse_date, parse_whole_number
from ..invoice_check import AgreedRate, InvoiceCheck, InvoiceFacts, check_invoice
from ..models import (
    LIVE_INVOICE_STATUSES,
    Invoice,
    InvoiceDiscrepancy,
    InvoiceSource,
    InvoiceStatus,
    Payer,
    PaymentTerms,
)
from ..payers import payer_for
from ..rules import COMMITTED_STATUSES
from ._common import check_finance, finance_la_ids, money_problem, raise_if
from .commitment_summary import commitment_summary_invoice_decided

INVOICE_CSV_COLUMNS = ("placement_reference", "invoice_number", "period_start", "period_end", "sessions", "amount")
MAX_SESSIONS = 999


@dataclass
class InvoiceDetails:
    placement: Placement
    reference: str
    period_start: dt.date
    period_end: dt.date
    sessions_invoiced: int
    amount: Decimal
    received_on: dt.date
    submission_token: uuid.UUID | None = None


def placement_reference(placement_id: int) -> str:
    """How a placement is named on an invoice: PL-123."""
    return f"PL-{placement_id}"


def may_submit_for(user, placement: Placement) -> bool:
    """The placement's provider, or a finance officer of the pupil's LA."""
    scope = scope_for(user)
    return placement.provider.organisation_id in scope.orgs_with_role(
        Role.PROVIDER_USER
    ) or placement.pupil.home_la_id in finance_la_ids(user)


def terms_for(provider: Provider) -> int:
    terms = PaymentTerms.objects.filter(provider=provider).values_list("days", flat=True).first()
    return terms or conf.payment_terms_days()


def agreed_rate(placement: Placement) -> AgreedRate | None:
    """The rate an invoice is checked against: a banded top-up agreed instead of the price, else the
    price snapshotted at booking."""
    banded = getattr(placement, "banded_top_up", None)
    if banded is not None:
        return AgreedRate("place_year", banded.annual_amount, f"Banded top-up {banded.band.name}, a year")
    if placement.rate_unit and placement.rate_amount is not None:
        unit = PriceUnit(placement.rate_unit).label
        return AgreedRate(
            placement.rate_unit,
            placement.rate_amount,
            f"{money(placement.rate_amount)} {unit}, {placement.sessions_per_week} sessions a week",
        )
    return None


# -- checks ---------------------------------------------------------------------------------


def _placement_problems(errors: dict, placement: Placement) -> None:
    if placement.status not in COMMITTED_STATUSES:
        errors["placement"] = "Invoices can only be for a placement that is booked, active or has ended"
    elif payer_for(placement.top_up_funder) != Payer.LA:
        school = placement.requesting_school or placement.pupil.home_school
        errors["placement"] = (
            f"The school pays this placement's top-up ({placement.get_top_up_funder_display().lower()}): "
            f"send the invoice to {school.name if school else 'the school'}, not the local authority"
        )


def _period_problems(errors: dict, details: InvoiceDetails, today: dt.date) -> None:
    placement = details.placement
    last = placement_last_day(placement)
    if details.period_start > details.period_end:
        errors["period_end"] = "The end of the period must be the same as or after the start"
    elif details.period_end < placement.start_date or details.period_start > last:
        errors["period_start"] = (
            f"The invoice period ({details.period_start:%-d %B %Y} to {details.period_end:%-d %B %Y}) is outside the "
            f"placement, which runs from {placement.start_date:%-d %B %Y} to {last:%-d %B %Y}"
        )
    if details.received_on > today:
        errors["received_on"] = "The date the invoice was received must be today or in the past"


def _value_problems(errors: dict, details: InvoiceDetails) -> None:
    if not details.reference.strip():
        errors["reference"] = "Enter the invoice number"
    elif len(details.reference.strip()) > 50:
        errors["reference"] = "The invoice number must be 50 characters or fewer"
    if not 0 <= details.sessions_invoiced <= MAX_SESSIONS:
        errors["sessions_invoiced"] = f"Enter the sessions invoiced as a whole number from 0 to {MAX_SESSIONS}"
    problem = money_problem(details.amount, what="the amount invoiced")
    if problem:
        errors["amount"] = problem


def _clash_problems(errors: dict, details: InvoiceDetails) -> None:
    """Run with the placement locked, so two invoices for one period cannot both get in."""
    placement = details.placement
    clash = (
        Invoice.objects.filter(
            placement=placement,
            status__in=LIVE_INVOICE_STATUSES,
            period_start__lte=details.period_end,
            period_end__gte=details.period_start,
        )
        .order_by("period_start")
        .first()
    )
    if clash is not None:
        errors["period_start"] = (
            f"Invoice {clash.reference} ({clash.period_start:%-d %B %Y} to {clash.period_end:%-d %B %Y}) "
            "already covers part of this period for this placement"
        )
    duplicate = Invoice.objects.filter(provider_id=placement.provider_id, reference=details.reference.strip()).first()
    if duplicate is not None:
        errors["reference"] = (
            f"Invoice {duplicate.reference} from this provider was already received on "
            f"{duplicate.received_on:%-d %B %Y}"
        )


def run_check(
    placement: Placement, *, period_start: dt.date, period_end: dt.date, sessions: int, amount: Decimal
) -> tuple[InvoiceCheck, int]:
    """Check an invoice against the register and the agreed rate (funding.invoice_check): the check
    and the sessions attended in the period within the placement. Three queries."""
    last = placement_last_day(placement)
    within = (max(period_start, placement.start_date), min(period_end, last))
    attended = sessions_attended(placement_ids=[placement.pk], start=within[0], end=within[1]).get(placement.pk, 0)
    calendar = calendars_for({calendar_key(placement)})[calendar_key(placement)]
    outside = 0
    if period_start < placement.start_date:
        outside += len(calendar.school_days(period_start, placement.start_date - dt.timedelta(days=1)))
    if period_end > last:
        outside += len(calendar.school_days(last + dt.timedelta(days=1), period_end))
    check = check_invoice(
        InvoiceFacts(
            period_start=period_start,
            period_end=period_end,
            sessions_invoiced=sessions,
            amount=amount,
            placement_start=placement.start_date,
            placement_last_day=last,
            sessions_per_week=placement.sessions_per_week,
            sessions_attended=attended,
            school_days_outside=outside,
            rate=agreed_rate(placement),
        )
    )
    return check, attended


def _store_check(invoice: Invoice, check: InvoiceCheck, *, now: dt.datetime) -> None:
    invoice.expected_amount = check.expected_amount
    invoice.rate_description = check.rate_description[:200]
    invoice.discrepancy_total = check.total
    invoice.discrepancy_count = len(check.discrepancies)
    invoice.checked_at = now


# -- receiving ------------------------------------------------------------------------------


def invoice_submit(
    *, user, details: InvoiceDetails, source: str = InvoiceSource.ENTERED, today: dt.date | None = None
) -> Invoice:
    """Receive a provider's invoice: refuse what cannot be right (a period outside the placement, a
    second invoice for an overlapping period, a negative or sub-penny amount), check the rest
    against the register and the agreed rate, and store each discrepancy with its amount and cause."""
    if details.submission_token:
        existing = Invoice.objects.filter(submission_token=details.submission_token).first()
        if existing is not None:
            return existing
    placement = details.placement
    if not may_submit_for(user, placement):
        raise ValidationError({"placement": "Select one of your placements"})
    today = today or timezone.localdate()
    errors: dict = {}
    _placement_problems(errors, placement)
    _value_problems(errors, details)
    _period_problems(errors, details, today)
    raise_if(errors)
    try:
        with transaction.atomic():
            Placement.objects.select_for_update().filter(pk=placement.pk).first()
            _clash_problems(errors, details)
            raise_if(errors)
            invoice = _new_invoice(user=user, details=details, source=source)
    except IntegrityError:
        existing = Invoice.objects.filter(submission_token=details.submission_token).first()
        if existing is None:
            raise ValidationError({"reference": "This provider has already sent an invoice with this number"})
        return existing
    return invoice


def _new_invoice(*, user, details: InvoiceDetails, source: str) -> Invoice:
    placement = details.placement
    terms = terms_for(placement.provider)
    now = timezone.now()
    check, attended = run_check(
        placement,
        period_start=details.period_start,
        period_end=details.period_end,
        sessions=details.sessions_invoiced,
        amount=details.amount,
    )
    invoice = Invoice(
        local_authority_id=placement.pupil.home_la_id,
        placement=placement,
        provider_id=placement.provider_id,
        reference=details.reference.strip(),
        period_start=details.period_start,
        period_end=details.period_end,
        sessions_invoiced=details.sessions_invoiced,
        amount=Decimal(details.amount),
        received_on=details.received_on,
        payment_terms_days=terms,
        due_on=details.received_on + dt.timedelta(days=terms),
        submitted_by=user,
        source=source,
        sessions_attended=attended,
    )
    if details.submission_token:
        invoice.submission_token = details.submission_token
    _store_check(invoice, check, now=now)
    invoice.full_clean(validate_constraints=False)
    invoice.save()
    InvoiceDiscrepancy.objects.bulk_create(
        InvoiceDiscrepancy(invoice=invoice, cause=d.cause, amount=d.amount, explanation=d.explanation)
        for d in check.discrepancies
    )
    audit_change(user=user, obj=invoice)
    return invoice


def invoice_check_again(*, user, invoice: Invoice) -> Invoice:
    """Check an invoice again against the register as it is now (marks corrected since it came)."""
    check_finance(user, invoice.local_authority_id)
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().select_related("placement").get(pk=invoice.pk)
        placement = (
            Placement.objects.select_related("pupil__home_school__organisation", "banded_top_up__band")
            .filter(pk=locked.placement_id)
            .get()
        )
        before = snapshot(locked)
        check, locked.sessions_attended = run_check(
            placement,
            period_start=locked.period_start,
            period_end=locked.period_end,
            sessions=locked.sessions_invoiced,
            amount=locked.amount,
        )
        _store_check(locked, check, now=timezone.now())
        locked.save()
        locked.discrepancies.all().delete()
        InvoiceDiscrepancy.objects.bulk_create(
            InvoiceDiscrepancy(invoice=locked, cause=d.cause, amount=d.amount, explanation=d.explanation)
            for d in check.discrepancies
        )
        audit_change(user=user, obj=locked, before=before)
    return locked


# -- deciding -------------------------------------------------------------------------------

DECISIONS = {
    "approve": InvoiceStatus.APPROVED,
    "query": InvoiceStatus.QUERIED,
    "reject": InvoiceStatus.REJECTED,
}
#: What may follow what: a queried invoice can still be approved or rejected.
DECIDABLE = (InvoiceStatus.RECEIVED, InvoiceStatus.QUERIED)


def invoice_decide(*, user, invoice: Invoice, decision: str, note: str = "") -> Invoice:
    """A finance officer approves, queries or rejects an invoice. Querying or rejecting needs a
    reason; so does approving an invoice with discrepancies."""
    check_finance(user, invoice.local_authority_id)
    status = DECISIONS.get(decision)
    errors: dict = {}
    if status is None:
        errors["decision"] = "Select approve, query or reject"
    elif not note.strip() and (status != InvoiceStatus.APPROVED or invoice.discrepancy_count):
        errors["note"] = (
            "Enter why you are approving an invoice with discrepancies"
            if status == InvoiceStatus.APPROVED
            else f"Enter why you are {'querying' if status == InvoiceStatus.QUERIED else 'rejecting'} the invoice"
        )
    raise_if(errors)
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.status not in DECIDABLE:
            raise ValidationError(f"This invoice is already {locked.get_status_display().lower()}")
        before = snapshot(locked)
        was_approved = locked.status == InvoiceStatus.APPROVED
        locked.status = status
        locked.decision_note = note.strip()
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.save()
        commitment_summary_invoice_decided(invoice=locked, was_approved=was_approved)
        audit_change(user=user, obj=locked, before=before)
    return locked


def payment_terms_set(*, user, provider: Provider, days: int) -> PaymentTerms:
    """The days from receipt to payment agreed with a provider (1 to 120)."""
    check_finance(user, provider.organisation.local_authority_id)
    if not isinstance(days, int) or not 1 <= days <= 120:
        raise ValidationError({"days": "Enter the payment terms as a whole number of days from 1 to 120"})
    with transaction.atomic():
        terms = PaymentTerms.objects.select_for_update().filter(provider=provider).first()
        before = snapshot(terms) if terms else None
        terms = terms or PaymentTerms(provider=provider)
        terms.days, terms.set_by = days, user
        terms.save()
        audit_change(user=user, obj=terms, before=before)
    return terms


# -- CSV ------------------------------------------------------------------------------------


def _placement_from_reference(text: str, placements_by_id: dict[int, Placement]) -> Placement:
    cleaned = (text or "").strip().upper().removeprefix("PL-").removeprefix("PL")
    if not cleaned:
        raise ValueError("Enter the placement reference, like PL-123")
    if not is_ascii_digits(cleaned) or int(cleaned) not in placements_by_id:
        raise ValueError(f"There is no placement {text.strip()} that you can invoice for")
    return placements_by_id[int(cleaned)]


def _row_details(row: dict, placements_by_id: dict[int, Placement], received_on: dt.date) -> InvoiceDetails:
    return InvoiceDetails(
        placement=_placement_from_reference(row.get("placement_reference", ""), placements_by_id),
        reference=(row.get("invoice_number") or "").strip(),
        period_start=parse_date(row.get("period_start", ""), "period start"),
        period_end=parse_date(row.get("period_end", ""), "period end"),
        sessions_invoiced=parse_whole_number(row.get("sessions", ""), "sessions"),
        amount=parse_amount(row.get("amount", ""), "amount"),
        received_on=received_on,
    )


def invoices_import(
    *, user, rows: list[tuple[int, dict]], placements, received_on: dt.date, today: dt.date | None = None
) -> list[Invoice]:
    """Receive every invoice in an uploaded CSV, or none: a ValidationError lists each row's
    problems ("Row 3: …") and nothing is saved. `placements` are those the user may invoice for."""
    placements_by_id = {p.pk: p for p in placements}
    problems: list[str] = []
    if not rows:
        problems.append("The file has no invoices in it")
    created: list[Invoice] = []
    with transaction.atomic():
        for number, row in rows:
            try:
                details = _row_details(row, placements_by_id, received_on)
                created.append(invoice_submit(user=user, details=details, source=InvoiceSource.CSV, today=today))
            except ValueError as error:
                problems.append(f"Row {number}: {error}")
            except ValidationError as error:
                problems.extend(f"Row {number}: {message}" for message in _messages(error))
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise ValidationError(problems)
    return created


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)
