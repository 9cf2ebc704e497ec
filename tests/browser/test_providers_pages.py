"""The provider register's other pages are axe-clean too, including forms showing errors."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apcommission.core.models import Role
from tests.browser.helpers import assert_no_axe_violations, open_page, sign_in
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.providers.factories import (
    ComplianceDocumentFactory,
    ConcernFactory,
    PriceFactory,
    ProviderFactory,
    SiteCapacityFactory,
    SiteFactory,
    SiteNeedFactory,
)


def _member(role, organisation):
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def test_officer_and_school_pages_are_axe_clean(page, live_server):
    la = LocalAuthorityFactory(name="Wessex County Council", la_code="803")
    school = SchoolFactory(organisation__local_authority=la)
    provider = ProviderFactory(organisation__name="Heron Learning", organisation__local_authority=la)
    site = SiteFactory(provider=provider)
    SiteNeedFactory(site=site)
    SiteCapacityFactory(site=site)
    PriceFactory(provider=provider, effective_from=timezone.localdate() - dt.timedelta(days=3))
    ComplianceDocumentFactory(provider=provider, expires_on=timezone.localdate() - dt.timedelta(days=2))
    concern = ConcernFactory(provider=provider, reporting_organisation=school.organisation)
    administrator = _member(Role.ADMINISTRATOR, la)

    sign_in(page, live_server, administrator)
    for name, args, heading in [
        ("providers:register", [], "Provider register"),
        ("providers:gap-analysis", [], "Gap analysis: approved places by key stage and need"),
        ("providers:documents", [], "Compliance documents expired or expiring"),
        ("providers:concerns", [], "Concerns about providers"),
        ("providers:concern-detail", [concern.pk], concern.summary),
        ("providers:qa-checklist", [], "QA checklist"),
        ("providers:change-requests", [], "Changes asked for by providers"),
        ("providers:feedback-list", [], "Termly feedback on providers"),
        ("providers:site-add", [provider.pk], "Add a site"),
        ("providers:document-add", [provider.pk], "Upload a compliance document"),
    ]:
        open_page(page, live_server.url + reverse(name, args=args), heading=heading)

    page.goto(live_server.url + reverse("providers:price-add", args=[provider.pk]))
    page.get_by_label("Amount (£)").fill("-4")
    start = page.get_by_role("group", name="Start date")
    for box, typed in (("Day", "31"), ("Month", "2"), ("Year", "2026")):
        start.get_by_label(box, exact=True).fill(typed)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The amount must be £0.00 or more")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Start date must be a real date")
    # The summary's link takes the user to the day box (GOV.UK: the first box in error).
    page.locator(".govuk-error-summary").get_by_role("link", name="Start date must be a real date").click()
    expect(page.locator("#id_effective_from_0")).to_be_focused()
    assert_no_axe_violations(page)

    page.context.clear_cookies()
    sign_in(page, live_server, _member(Role.SCHOOL_USER, school.organisation))
    page.goto(live_server.url + reverse("providers:approved-list") + "?price_min=abc")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(live_server.url + reverse("providers:feedback-add", args=[provider.pk]))
    assert_no_axe_violations(page)
    page.goto(live_server.url + reverse("providers:concern-add", args=[provider.pk]))
    assert_no_axe_violations(page)
