"""The service's own pages and the new states of the working pages meet WCAG 2.2 AA (axe): the
feedback form (blank, in error, sent), the accessibility statement, the cookies page, the feedback
list, the panel's decided tab, and the register with its unexplained-absence warning and the
booked pupils not on it yet."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apcommission.core.models import Role
from placements.models import PanelDecision, PlacementStatus
from tests.browser.helpers import assert_no_axe_violations, open_page, sign_in
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.placements.factories import PlacementFactory
from tests.providers.factories import SiteCapacityFactory, SiteFactory


def _member(role, organisation, name):
    user = UserFactory(full_name=name)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def test_feedback_accessibility_and_cookies_pages_are_accessible(page, live_server):
    la = LocalAuthorityFactory(name="Wessex County Council")
    administrator = _member(Role.ADMINISTRATOR, la, "Adam Administrator")
    open_page(page, live_server.url + reverse("core:cookies"), heading="Cookies")
    page.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", name="Accessibility statement for AP Commissioning")).to_be_visible()
    assert_no_axe_violations(page)

    sign_in(page, live_server, administrator)
    page.get_by_role("link", name="feedback").first.click()
    expect(page.get_by_role("heading", name="Give feedback on AP Commissioning")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how you feel about the service")
    assert_no_axe_violations(page)
    page.get_by_label("Satisfied", exact=True).check()
    page.get_by_label("How could we improve this service?").fill("Show the panel date on the request")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("Thank you for your feedback")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Feedback on the service").click()
    expect(page.get_by_text("Show the panel date on the request")).to_be_visible()
    assert_no_axe_violations(page)


def test_the_panels_decided_tab_and_the_registers_new_states_are_accessible(page, live_server):
    today = timezone.localdate()
    la = LocalAuthorityFactory(name="Wessex County Council", la_code="804")
    school = SchoolFactory(organisation__name="Applegate Academy", organisation__local_authority=la)
    site = SiteFactory(
        provider__organisation__name="Riverside Learning", provider__organisation__local_authority=la, name="Centre"
    )
    SiteCapacityFactory(site=site, key_stage="ks3", places=5)
    officer = _member(Role.LA_OFFICER, la, "Olive Officer")
    provider_user = _member(Role.PROVIDER_USER, site.provider.organisation, "Priya Provider")
    decided = PlacementFactory(site=site, pupil__home_school=school, requires_panel=True, commissioner="la")
    PanelDecision.objects.create(
        placement=decided, decision="approve", reasons="Fits", decision_date=today, decided_by=officer
    )
    active = PlacementFactory(
        site=site,
        pupil__home_school=school,
        pupil__legal_first_name="Kai",
        status=PlacementStatus.ACTIVE,
        start_date=today - dt.timedelta(days=10),
        end_date=today + dt.timedelta(days=60),
    )
    PlacementFactory(
        site=site,
        pupil__home_school=school,
        pupil__legal_first_name="Maya",
        status=PlacementStatus.BOOKED,
        start_date=today + dt.timedelta(days=7),
        end_date=today + dt.timedelta(days=60),
    )

    sign_in(page, live_server, officer)
    page.goto(live_server.url + reverse("placements:panel-queue"))
    page.get_by_role("link", name="Decided").click()
    expect(page.get_by_text("1 decided request")).to_be_visible()
    assert_no_axe_violations(page)
    page.context.clear_cookies()

    sign_in(page, live_server, provider_user)
    page.goto(live_server.url + reverse("placements:attendance-register", args=[site.provider.pk, today.isoformat()]))
    expect(page.get_by_text("starts on")).to_be_visible()
    page.get_by_label(f"Morning mark for {active.pupil.full_name}").select_option("unauthorised")
    page.get_by_role("button", name="Mark everyone else present and save").click()
    expect(page.get_by_text("1 absence has no reason")).to_be_visible()
    assert_no_axe_violations(page)
