"""An administrator invites an LA officer, who accepts, sets up two-factor sign-in with an
authenticator app (its code worked out here) and signs in; every new page is axe-clean and the
browser reports no Content-Security-Policy refusal (the QR code is inline SVG)."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from apcommission.core.models import Role
from tests.browser.helpers import assert_heading, assert_no_axe_violations, open_page, sign_in
from tests.core.two_factor import code_for
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory

PASSWORD = "a-long-passphrase-for-olive"


@pytest.fixture
def administrator(transactional_db):
    la = LocalAuthorityFactory(name="Wessex County Council")
    SchoolFactory(organisation__name="Applegate Academy", organisation__local_authority=la)
    admin = UserFactory(full_name="Ada Administrator", email="ada@wessex.example")
    MembershipFactory(user=admin, organisation=la, role=Role.ADMINISTRATOR)
    return admin


def _csp_refusals(page):
    refusals = []
    page.on("console", lambda m: refusals.append(m.text) if "Content Security Policy" in m.text else None)
    return refusals


def test_an_administrator_invites_an_officer_who_sets_up_two_factor_and_signs_in(page, live_server, administrator):
    refusals = _csp_refusals(page)
    sign_in(page, live_server, administrator)
    open_page(page, live_server.url + reverse("core:users"), heading="Users")
    page.get_by_role("button", name="Invite a user").click()
    expect(page.get_by_role("heading", name="Invite a user")).to_be_visible()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Full name").fill("Olive Officer")
    page.get_by_label("Email address").fill("olive@wessex.example")
    page.get_by_label("Organisation").select_option(label="Wessex County Council")
    page.get_by_label("Role").select_option(label="LA commissioning officer")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Invitation sent to olive@wessex.example"
    )
    assert_heading(page, "Olive Officer")
    assert_no_axe_violations(page)  # the user's page
    page.get_by_role("button", name="Send a new invitation").click()
    assert_heading(page)
    assert_no_axe_violations(page)  # a confirmation page
    page.get_by_role("link", name="Cancel").click()
    open_page(page, live_server.url + reverse("core:audit-log"), heading="Audit log")
    expect(page.locator("table").get_by_text("Invited").first).to_be_visible()
    open_page(page, live_server.url + reverse("core:account"), heading="Your account")
    page.get_by_role("button", name="Sign out", exact=True).click()

    link = re.search(r"https?://\S+(/invitation/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm new password").fill(PASSWORD)
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    expect(page.locator(".app-qr-code svg")).to_be_visible()
    assert_no_axe_violations(page)
    device = TOTPDevice.objects.get(user__email="olive@wessex.example", confirmed=False)
    page.get_by_label("Enter the 6-digit code from the app").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    assert page.locator(".app-recovery-codes li").count() == 10
    assert_no_axe_violations(page)
    page.get_by_role("button", name="I have saved my recovery codes").click()
    page.get_by_role("button", name="Sign out", exact=True).click()

    page.goto(live_server.url + reverse("core:sign-in"))
    page.get_by_label("Email address").fill("olive@wessex.example")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    assert_no_axe_violations(page)
    device.refresh_from_db()
    page.wait_for_timeout(1100)  # django-otp makes a wrong code wait a second before the next
    page.get_by_label("Code").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Welcome, Olive")).to_be_visible()
    assert not refusals, refusals


def test_public_account_pages_are_accessible(page, live_server, transactional_db):
    for name, heading in (
        ("core:password-reset", "Reset your password"),
        ("core:password-reset-sent", "Check your email"),
        ("core:password-reset-complete", "Your password has been changed"),
        ("core:signed-out", "You have been signed out"),
    ):
        open_page(page, live_server.url + reverse(name), heading=heading)
    page.goto(live_server.url + reverse("core:password-reset"))
    page.get_by_role("button", name="Send reset link").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    link = live_server.url + reverse("core:password-reset-confirm", args=["MQ", "nope"])
    open_page(page, link, heading="This link does not work")
    open_page(
        page,
        live_server.url + reverse("core:invitation", args=["nope"]),
        heading="This invitation link does not work",
        status=404,
    )


def test_the_timeout_warning_opens_and_stay_signed_in_keeps_the_session(page, live_server, transactional_db, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 3
    settings.SESSION_IDLE_WARNING_MINUTES = 3  # warn at once
    la = LocalAuthorityFactory()
    user = UserFactory(full_name="Fay Forum")
    MembershipFactory(user=user, organisation=la, role=Role.FORUM_MEMBER)
    sign_in(page, live_server, user)
    dialog = page.locator("#timeout-warning")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("we will sign you out in")
    assert_no_axe_violations(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()


def test_a_locked_out_person_is_told_what_to_do(page, live_server, transactional_db, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        page.goto(live_server.url + reverse("core:sign-in"))
        page.get_by_label("Email address").fill("someone@example.org")
        page.get_by_label("Password", exact=True).fill("wrong")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="You cannot sign in at the moment")).to_be_visible()
    assert_no_axe_violations(page)
