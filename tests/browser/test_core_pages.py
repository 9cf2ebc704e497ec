"""Every role signs in through the form, reaches its home page with its own navigation, and meets
WCAG 2.2 AA (axe-core) on the sign-in page, its error state and the home page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apcommission.core.models import Role
from apcommission.core.navigation import navigation_for
from apcommission.core.scoping import scope_for
from tests.browser.helpers import assert_no_axe_violations, open_page, sign_in
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.providers.factories import ProviderFactory


def _member_of(role):
    la = LocalAuthorityFactory(name="Wessex County Council")
    if role == Role.SCHOOL_USER:
        school = SchoolFactory(organisation__name="Applegate Academy", organisation__local_authority=la)
        organisation = school.organisation
    elif role == Role.PROVIDER_USER:
        provider = ProviderFactory(organisation__name="Hillside Learning", organisation__local_authority=la)
        organisation = provider.organisation
    else:
        organisation = la
    user = UserFactory(full_name="Robin Example")
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def _csp_watch(page):
    """Collects the browser's Content-Security-Policy refusals (inline scripts or styles)."""
    refusals = []

    def collect(message):
        if "Content Security Policy" in message.text:
            refusals.append(message.text)

    page.on("console", collect)
    return refusals


def _navigation_labels(page):
    return [label.strip() for label in page.locator(".govuk-service-navigation__list a").all_inner_texts()]


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_each_role_signs_in_to_an_accessible_home_page_with_its_own_navigation(page, live_server, role):
    user = _member_of(role)
    refusals = _csp_watch(page)
    sign_in_url = live_server.url + reverse("core:sign-in")

    open_page(page, sign_in_url, heading="Sign in to AP Commissioning")

    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct email address and password")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_no_axe_violations(page)

    sign_in(page, live_server, user)
    assert page.url == live_server.url + reverse("core:home")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Robin")
    expect(page.locator(".govuk-caption-l")).to_contain_text(role.label)
    expected = [entry["label"] for entry in navigation_for(None, scope_for(user))]
    assert _navigation_labels(page) == [*expected, "Your account"]  # every role reaches its own account
    assert "Home" in expected
    assert ("Audit log" in expected) == (role == Role.ADMINISTRATOR)
    expect(page.locator(".govuk-service-navigation__item--active")).to_have_text("Home")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    page.goto(live_server.url + reverse("core:home"))
    assert page.url.startswith(sign_in_url)
    assert refusals == []


def test_blank_sign_in_shows_an_accessible_error_summary_that_links_to_each_field(page, live_server):
    page.goto(live_server.url + reverse("core:sign-in"))
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # govuk-frontend's ErrorSummary ran, so the CSP allowed our JavaScript
    expect(summary.get_by_role("link", name="Enter your email address")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter your password")).to_be_visible()
    assert_no_axe_violations(page)

    summary.get_by_role("link", name="Enter your password").click()
    expect(page.get_by_label("Password", exact=True)).to_be_focused()


def test_administrator_audit_log_is_accessible(page, live_server):
    administrator = _member_of(Role.ADMINISTRATOR)
    sign_in(page, live_server, administrator)
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    expect(page.locator(".govuk-service-navigation__item--active")).to_have_text("Audit log")
    expect(page.get_by_role("table")).to_contain_text("Signed in")
    assert_no_axe_violations(page)


def test_navigation_collapses_behind_a_menu_button_on_a_phone(page, live_server):
    administrator = _member_of(Role.ADMINISTRATOR)
    page.set_viewport_size({"width": 375, "height": 700})
    sign_in(page, live_server, administrator)
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(page.get_by_role("link", name="Audit log")).to_be_hidden()
    menu.click()
    expect(page.get_by_role("link", name="Audit log")).to_be_visible()
    assert_no_axe_violations(page)


def test_page_not_found_is_gov_uk_styled_and_accessible(page, live_server):
    open_page(page, live_server.url + "/no-such-page-here/", heading="Page not found", status=404)
    expect(page.locator("body")).to_have_class(re.compile(r"govuk-frontend-supported"))
