"""Every funding page meets WCAG 2.2 AA (axe-core), forms in their error state and the
recoupment's check-the-calculation page included; the High Needs Block chart draws without
JavaScript and breaks no Content-Security-Policy rule; a finance officer calculates a recoupment
and a provider sends an invoice through the browser."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apcommission.core.years import years_of
from funding.models import Invoice, Recoupment
from tests.browser.helpers import assert_heading, assert_no_axe_violations, open_page, sign_in
from tests.funding.leak_cases import SECRET_EXCLUDED, SECRET_PUPIL, _records
from tests.leak_matrix import build_world


def _fill_date(page, prefix, day):
    page.locator(f'input[name="{prefix}_0"]').fill(str(day.day))
    page.locator(f'input[name="{prefix}_1"]').fill(str(day.month))
    page.locator(f'input[name="{prefix}_2"]').fill(str(day.year))


def _visit(page, live_server, url, heading):
    open_page(page, live_server.url + url, heading=heading)


def _csp_refusals(page):
    refusals = []
    page.on(
        "console", lambda message: refusals.append(message.text) if "Content Security Policy" in message.text else None
    )
    return refusals


def test_every_funding_page_is_axe_clean_for_finance(page, live_server):
    world = build_world()
    placement, invoice, to_calculate, calculated, notified = _records(world)
    refusals = _csp_refusals(page)
    sign_in(page, live_server, world.users["la_finance"])
    academic = years_of(timezone.localdate()).academic.start_year
    pages = [
        (reverse("funding:index"), "Funding"),
        (reverse("funding:hnb-dashboard"), "High Needs Block: alternative provision"),
        (reverse("funding:budget"), "Budget lines"),
        (reverse("funding:budget-line-add"), "Add or change a budget line"),
        (reverse("funding:deficit-set"), "Cumulative DSG deficit"),
        (reverse("funding:commitments-refresh"), "Work out committed costs again"),
        (reverse("funding:places"), "Place funding"),
        (reverse("funding:places-set"), "Commissioned places"),
        (reverse("funding:top-ups"), "Top-up and lump sums"),
        (reverse("funding:bands"), "Top-up bands"),
        (reverse("funding:band-set"), "Add or change a top-up band"),
        (reverse("funding:band-agree", args=[placement.pk]), "Agree a top-up band"),
        (reverse("funding:lump-sums"), "Lump sums by route"),
        (reverse("funding:lump-sum-set"), "Add or change a lump sum"),
        (reverse("funding:recoupment-list"), "Recoupment"),
        (reverse("funding:rate-list"), "Per-pupil rates"),
        (reverse("funding:rate-set"), "Enter a per-pupil rate"),
        (reverse("funding:rate-import"), "Import per-pupil rates"),
        (reverse("funding:exclusions-to-calculate"), "Permanent exclusions to calculate"),
        (
            reverse("funding:recoupment-calculate", args=[to_calculate.pk]),
            "Calculate the reduction for Yannick",
        ),
        (reverse("funding:recoupment-detail", args=[calculated.pk]), f"{SECRET_PUPIL}: Alderbrook Secret School A"),
        (reverse("funding:recoupment-admitting", args=[calculated.pk]), "Amount due to the admitting school"),
        (reverse("funding:recoupment-notify", args=[calculated.pk]), "Mark the school as notified"),
        (reverse("funding:recoupment-waive", args=[calculated.pk]), "Waive the amount"),
        (reverse("funding:recoupment-recover", args=[notified.pk]), "Mark the amount as recovered"),
        (reverse("funding:invoice-list"), "Invoices"),
        (reverse("funding:invoice-create"), "Send an invoice"),
        (reverse("funding:invoice-upload"), "Upload invoices from a CSV file"),
        (reverse("funding:invoice-detail", args=[invoice.pk]), "Invoice INV-SECRET-A77"),
        (reverse("funding:invoice-decide", args=[invoice.pk]), "Approve, query or reject invoice INV-SECRET-A77"),
        (reverse("funding:invoice-check", args=[invoice.pk]), "Check invoice INV-SECRET-A77 again"),
        (reverse("funding:payment-terms"), "Payment terms"),
        (reverse("funding:payment-terms-set"), "Set a provider's payment terms"),
        (reverse("funding:contributions"), "Contributions and the traded offer"),
        (reverse("funding:contribution-set"), "Add or change a school's contribution"),
        (reverse("funding:service-cost-set"), "Add or change a cost of the AP service"),
        (reverse("funding:equity"), "Equity of access"),
        (f"{reverse('funding:places')}?year={academic}", "Place funding"),
    ]
    for url, heading in pages:
        _visit(page, live_server, url, heading)
    page.goto(live_server.url + reverse("funding:hnb-dashboard"))
    expect(page.locator("svg[role=img] rect").first).to_be_attached()
    assert page.locator("svg[role=img] title").first.text_content().startswith("Budget, actuals and forecast outturn")
    assert refusals == []


def test_forms_in_their_error_state_and_the_recoupment_journey_are_axe_clean(page, live_server):
    world = build_world()
    placement, invoice, to_calculate, calculated, notified = _records(world)
    sign_in(page, live_server, world.users["la_finance"])
    for name, button in (
        ("funding:budget-line-add", "Save the budget line"),
        ("funding:deficit-set", "Save the deficit"),
        ("funding:places-set", "Save the places"),
        ("funding:band-set", "Save the band"),
        ("funding:lump-sum-set", "Save the lump sum"),
        ("funding:rate-set", "Save the rate"),
        ("funding:rate-import", "Upload the file"),
        ("funding:contribution-set", "Save the contribution"),
        ("funding:service-cost-set", "Save the cost"),
        ("funding:payment-terms-set", "Save the payment terms"),
    ):
        response = page.goto(live_server.url + reverse(name))
        assert response.status == 200, name
        assert_heading(page)
        amount = page.locator("input[inputmode=decimal]")
        if amount.count():
            amount.first.fill("-10.005")
        page.get_by_role("button", name=button).click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert_no_axe_violations(page)

    # A recoupment: an adjustment without a reason is refused, then the arithmetic is checked and saved.
    page.goto(live_server.url + reverse("funding:recoupment-calculate", args=[to_calculate.pk]))
    expect(page.get_by_role("heading", name=f"Calculate the reduction for {SECRET_EXCLUDED}")).to_be_visible()
    page.get_by_label("C: adjustment after an independent review (optional)").fill("4000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason for the adjustment")
    assert_no_axe_violations(page)
    page.get_by_label("Reason for the adjustment (optional)").fill("Independent review panel direction")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check the calculation")).to_be_visible()
    expect(page.get_by_text("C = £4,000.00: Independent review panel direction.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save the calculation").click()
    expect(page.get_by_text("Recoupment calculated")).to_be_visible()
    assert_no_axe_violations(page)
    assert Recoupment.objects.get(exclusion=to_calculate).adjustment == 4000

    # The admitting school's amount: check page.
    page.goto(live_server.url + reverse("funding:recoupment-admitting", args=[calculated.pk]))
    page.get_by_label("Admitting school").select_option(str(world.school_b.pk))
    _fill_date(page, "admitted_on", calculated.relevant_date + dt.timedelta(days=7))
    page.get_by_label("LA-maintained school: the LA adjusts its budget").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("D × E ÷ F", exact=False).first).to_be_visible()
    assert_no_axe_violations(page)


def test_school_and_provider_pages_are_axe_clean_and_a_provider_sends_an_invoice(page, live_server):
    world = build_world()
    placement, invoice, to_calculate, calculated, notified = _records(world)
    sign_in(page, live_server, world.users["senco_a"])
    for name, heading in (
        ("funding:index", "Your school's funding"),
        ("funding:top-ups", "What your school pays for its pupils"),
        ("funding:recoupment-list", "Your school's recoupments"),
        ("funding:contributions", "Contributions and the traded offer"),
        ("funding:equity", "Equity of access"),
    ):
        _visit(page, live_server, reverse(name), heading)
    _visit(page, live_server, reverse("funding:recoupment-detail", args=[calculated.pk]), f"{SECRET_PUPIL}: Alderbrook")

    page.context.clear_cookies()
    sign_in(page, live_server, world.users["provider_user_a"])
    for name, heading in (
        ("funding:index", "Funding"),
        ("funding:invoice-list", "Your invoices"),
        ("funding:invoice-upload", "Upload invoices from a CSV file"),
    ):
        _visit(page, live_server, reverse(name), heading)
    _visit(page, live_server, reverse("funding:invoice-detail", args=[invoice.pk]), f"Invoice {invoice.reference}")
    _visit(page, live_server, reverse("funding:invoice-create"), "Send an invoice")
    page.get_by_label("Placement").select_option(str(placement.pk))
    page.get_by_label("Invoice number").fill("INV-BROWSER-1")
    _fill_date(page, "period_start", placement.start_date - dt.timedelta(days=90))
    _fill_date(page, "period_end", placement.start_date - dt.timedelta(days=60))
    page.get_by_label("Sessions invoiced").fill("6")
    page.get_by_label("Amount invoiced").fill("285.00")
    page.get_by_role("button", name="Send the invoice").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("is outside the placement")
    assert_no_axe_violations(page)
    _fill_date(page, "period_start", placement.start_date + dt.timedelta(days=7))
    _fill_date(page, "period_end", placement.start_date + dt.timedelta(days=13))
    page.get_by_role("button", name="Send the invoice").click()
    expect(page.get_by_role("heading", name="Invoice INV-BROWSER-1")).to_be_visible()
    expect(page.get_by_text("Sessions not attended")).to_be_visible()
    assert_no_axe_violations(page)
    assert Invoice.objects.filter(reference="INV-BROWSER-1").exists()
