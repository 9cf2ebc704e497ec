"""Invoices: the list (finance and officers: the LA's; providers: their own), entering one,
uploading a CSV, one invoice with its check, finance's decision, checking again, the placements a
provider can invoice for (CSV), and payment terms."""

from __future__ import annotations

from functools import cache

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from apcommission.core.addresses import address_of
from apcommission.core.audit import audit_export, audit_view
from apcommission.core.compiled import access_compiled_or_404, compiled_rows
from apcommission.core.scoping import access_or_404, scope_for
from apcommission.core.templatetags.money import money
from providers.models import Provider

from .. import conf
from ..forms import InvoiceDecisionForm, InvoiceFilterForm, InvoiceForm, InvoiceUploadForm, PaymentTermsForm
from ..models import Invoice, InvoiceStatus, PaymentTerms
from ..selectors import invoice_discrepancies, invoice_first_page, invoice_rows, invoiceable_placements
from ..services import (
    DECIDABLE,
    InvoiceDetails,
    invoice_check_again,
    invoice_decide,
    invoice_submit,
    invoices_import,
    payment_terms_set,
    placement_reference,
)
from ._common import (
    FINANCE,
    LA_READERS,
    PAGE_SIZE,
    PROVIDER,
    add_service_errors,
    csv_response,
    form_page,
    funding_page,
    is_finance,
    list_page,
    short_date,
    user_la,
    user_la_id,
)

SENDERS = (*FINANCE, *PROVIDER)


@cache
def _status_tags() -> dict[str, str]:
    """Each status's GOV.UK tag, rendered once per process."""
    return {
        status: render_to_string(
            "funding/invoices/_status.html", {"invoice": {"status": status, "get_status_display": label}}
        )
        for status, label in InvoiceStatus.choices
    }


@funding_page(*LA_READERS, *PROVIDER, pupil_level=True)
def invoice_list(request):
    form = InvoiceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    status, search = filters.get("status", ""), filters.get("q", "")
    scope = scope_for(request.user)
    if search.strip():  # typed text: through the ORM
        page = Paginator(invoice_rows(user=request.user, status=status, search=search), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    else:
        page = list_page(
            request,
            lambda: invoice_first_page(user=request.user, status=status, per_page=PAGE_SIZE),
            lambda: invoice_rows(user=request.user, status=status),
        )
    is_provider = not scope.is_la_staff
    context = {
        "form": form,
        "page": page,
        "body": _invoice_rows_html(page.object_list, with_provider=not is_provider),
        "is_provider": is_provider,
        "can_send": scope.has_role(*SENDERS),
    }
    return render(request, "funding/invoices/list.html", context)


def _invoice_rows_html(rows, *, with_provider: bool) -> str:
    """The list's rows, written here (the same markup as a template loop): dates and money by the
    filters' own functions, each status's tag once per process, each row's address from one
    reversed prefix."""
    tags = _status_tags()
    detail = address_of("funding:invoice-detail")
    html = []
    for row in rows:
        provider = f'<br><span class="govuk-body-s">{escape(row["provider_name"])}</span>' if with_provider else ""
        count = row["discrepancy_count"]
        discrepancies = f"{count}: {money(row['discrepancy_total'])}" if count else "None"
        html.append(
            '\n    <tr class="govuk-table__row">\n'
            f'      <td class="govuk-table__cell"><a class="govuk-link" href="{detail(row["pk"])}">'
            f"{escape(row['reference'])}</a>{provider}</td>\n"
            f'      <td class="govuk-table__cell">{escape(row["first_name"])} {escape(row["last_name"])}<br>'
            f'<span class="govuk-body-s">{short_date(row["period_start"])[:-5]} to {short_date(row["period_end"])}'
            "</span></td>\n"
            f'      <td class="govuk-table__cell">{tags[row["status"]]}</td>\n'
            f'      <td class="govuk-table__cell govuk-table__cell--numeric">{money(row["amount"])}</td>\n'
            '      <td class="govuk-table__cell govuk-table__cell--numeric">'
            f"{discrepancies}</td>\n"
            f'      <td class="govuk-table__cell">{short_date(row["due_on"])}</td>\n'
            "    </tr>\n  "
        )
    return mark_safe("".join(html))  # noqa: S308 - every value escaped or written by the app


@funding_page(*SENDERS, pupil_level=True)
def invoice_create(request):
    placements = invoiceable_placements(user=request.user)
    form = InvoiceForm(request.POST or None, placements=placements)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invoice = invoice_submit(
                user=request.user,
                details=InvoiceDetails(
                    placement=data["placement"],
                    reference=data["reference"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    sessions_invoiced=data["sessions_invoiced"],
                    amount=data["amount"],
                    received_on=data["received_on"],
                    submission_token=data["submission_token"],
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            flagged = f", {invoice.discrepancy_count} discrepancies flagged" if invoice.discrepancy_count else ""
            messages.success(request, f"Invoice {invoice.reference} received: {money(invoice.amount)}{flagged}")
            return redirect("funding:invoice-detail", pk=invoice.pk)
    return form_page(
        request,
        form,
        "Send an invoice",
        caption="Invoices",
        intro="One invoice for one placement and period. It is checked against the register and the placement's "
        "agreed rate as soon as it is sent.",
        back=reverse("funding:invoice-list"),
    )


@funding_page(*SENDERS)
def invoice_upload(request):
    form = InvoiceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = invoices_import(
                user=request.user,
                rows=form.cleaned_data["rows"],
                placements=invoiceable_placements(user=request.user),
                received_on=form.cleaned_data["received_on"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            flagged = sum(1 for invoice in created if invoice.discrepancy_count)
            messages.success(
                request, f"{len(created)} invoices received from the file; {flagged} with discrepancies flagged"
            )
            return redirect("funding:invoice-list")
    return render(
        request,
        "funding/invoices/upload.html",
        {"form": form, "columns": form.columns, "today": timezone.localdate()},
    )


@funding_page(*SENDERS, pupil_level=True)
def invoice_placements_csv(request):
    """The placements the user can invoice for, with their references: a template for the upload."""
    placements = invoiceable_placements(user=request.user)
    rows = [
        [
            placement_reference(p.pk),
            p.pupil.full_name,
            p.provider.name,
            p.site.name,
            p.start_date.strftime("%d/%m/%Y"),
            p.end_date.strftime("%d/%m/%Y"),
            p.sessions_per_week,
            "",
            "",
            "",
            "",
            "",
        ]
        for p in placements
    ]
    audit_export(request, "Placements to invoice for (CSV)")
    header = [
        "placement_reference",
        "pupil",
        "provider",
        "site",
        "placement_start",
        "placement_end",
        "sessions_per_week",
        "invoice_number",
        "period_start",
        "period_end",
        "sessions",
        "amount",
    ]
    return csv_response(f"placements-to-invoice-{timezone.localdate():%Y-%m-%d}.csv", header, rows)


def _invoice(request, pk: int) -> Invoice:
    return access_or_404(_invoice_read(), request.user, pk=pk)


def _invoice_read():
    """The invoices with what their pages show (unscoped: the callers scope them)."""
    return Invoice.objects.select_related("provider__organisation", "placement__pupil", "placement__site", "decided_by")


@funding_page(*LA_READERS, *PROVIDER, pupil_level=True)
def invoice_detail(request, pk: int):
    # The invoice (for the user's scope, else 404) and its discrepancies are read by statements
    # compiled once a process (core.compiled), the invoice's id their slot.
    invoice = access_compiled_or_404("invoice page", _invoice_read, request.user, pk)
    audit_view(request, invoice)
    finance = is_finance(request, invoice.local_authority_id)
    context = {
        "invoice": invoice,
        "tag": _status_tags()[invoice.status],
        "pupil": invoice.placement.pupil,
        # Read only when the check stored some: its count is kept with the rows it wrote.
        "discrepancies": invoice_discrepancies(invoice.pk) if invoice.discrepancy_count else [],
        "reference": placement_reference(invoice.placement_id),
        "can_decide": finance and invoice.status in DECIDABLE,
        "can_check": finance and invoice.status in DECIDABLE,
    }
    return render(request, "funding/invoices/detail.html", context)


def _finance_invoice(request, pk: int) -> Invoice:
    invoice = _invoice(request, pk)
    if not is_finance(request, invoice.local_authority_id) or invoice.status not in DECIDABLE:
        raise Http404("Page not found")
    return invoice


@funding_page(*FINANCE, pupil_level=True)
def invoice_decide_view(request, pk: int):
    invoice = _finance_invoice(request, pk)
    form = InvoiceDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decided = invoice_decide(
                user=request.user,
                invoice=invoice,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Invoice {decided.reference}: {decided.get_status_display().lower()}")
            return redirect("funding:invoice-detail", pk=decided.pk)
    return render(
        request,
        "funding/invoices/decide.html",
        {"form": form, "invoice": invoice, "discrepancies": invoice.discrepancies.all()},
    )


@funding_page(*FINANCE, pupil_level=True)
def invoice_check_view(request, pk: int):
    invoice = _finance_invoice(request, pk)
    if request.method == "POST":
        checked = invoice_check_again(user=request.user, invoice=invoice)
        messages.success(
            request, f"Invoice {checked.reference} checked again: {checked.discrepancy_count} discrepancies"
        )
        return redirect("funding:invoice-detail", pk=checked.pk)
    return render(
        request,
        "funding/confirm.html",
        {
            "heading": f"Check invoice {invoice.reference} again",
            "text": "The invoice is checked again against the register as it is now (marks corrected since it "
            "arrived count) and the placement's agreed rate.",
            "as_of": invoice.checked_at,
            "button": "Check it again",
            "back": reverse("funding:invoice-detail", args=[invoice.pk]),
        },
    )


@funding_page(*LA_READERS)
def payment_terms(request):
    la = user_la_id(request)
    terms = compiled_rows(
        ("payment terms", la),
        lambda: (
            PaymentTerms.objects.filter(provider__organisation__local_authority_id=la)
            .order_by("provider__organisation__name")
            .values("days", name=F("provider__organisation__name"))
        ),
    )
    # Each provider's row written here rather than by a template loop (the same markup).
    rows = "".join(
        '\n    <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        f'{escape(row["name"])}</th><td class="govuk-table__cell govuk-table__cell--numeric">'
        f"{row['days']}</td></tr>\n  "
        for row in terms
    )
    context = {"terms_html": mark_safe(rows), "can_change": is_finance(request, la)}  # noqa: S308 - escaped
    return render(request, "funding/invoices/payment_terms.html", context)


@funding_page(*FINANCE)
def payment_terms_edit(request):
    la = user_la(request)
    providers = Provider.objects.filter(organisation__local_authority=la).select_related("organisation")
    form = PaymentTermsForm(request.POST or None, providers=providers)
    if request.method == "POST" and form.is_valid():
        try:
            terms = payment_terms_set(
                user=request.user, provider=form.cleaned_data["provider"], days=form.cleaned_data["days"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Payment terms for {terms.provider}: {terms.days} days")
            return redirect("funding:payment-terms")
    return form_page(
        request,
        form,
        "Set a provider's payment terms",
        caption="Invoices",
        intro="Invoices from this provider are due this many days after they are received. Without terms of "
        f"their own, providers are paid in {conf.payment_terms_days()} days.",
        back=reverse("funding:payment-terms"),
    )
