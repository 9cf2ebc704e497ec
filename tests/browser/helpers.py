"""Shared helpers for browser tests (see tests/browser/conftest.py for the browser set-up).

Usage, in tests/browser/test_<yourapp>_*.py with pytest-playwright's `page` and pytest-django's
`live_server`: make a user with the factories (password "correct-horse-battery"), then
`sign_in(page, live_server, user)`, then `open_page(page, live_server.url + url, heading=...)` for
each page: it checks the page answered 200 with its heading before running axe on it (an error page
is axe-clean too, so axe alone proves nothing about the page meant). After a click that leads to a
new page, `assert_heading(page, ...)` then `assert_no_axe_violations(page)`.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

#: WCAG 2.2 AA, as the public sector accessibility regulations require.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()

#: The h1 of the error pages (templates/403.html, 404.html, 500.html): never the page meant.
ERROR_HEADINGS = ("You do not have access to this page", "Page not found", "Sorry, there is a problem")


def sign_in(page, live_server, user, password: str = "correct-horse-battery"):
    """Sign in through the sign-in form, as a person would, and wait for the page it leads to.

    A user whose role needs two-factor sign-in is given an authenticator app first (if they have
    none), and the code it would show is entered at the second step.
    Fails with the page's error summary when the service refuses the e-mail address and password.
    """
    from apcommission.core.sessions import second_factor_required
    from tests.core.two_factor import code_for, give_authenticator

    device = user.totpdevice_set.filter(confirmed=True).first()
    if device is None and second_factor_required(user):
        device = give_authenticator(user)
    sign_in_path = reverse("core:sign-in")
    page.goto(live_server.url + sign_in_path)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    if urlparse(page.url).path == reverse("core:sign-in-code") and device is not None:
        page.get_by_label("Code").fill(code_for(device))
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
    if urlparse(page.url).path in {sign_in_path, reverse("core:sign-in-code")}:
        summary = page.locator(".govuk-error-summary")
        problem = summary.inner_text() if summary.count() else "no error summary shown"
        pytest.fail(f"Could not sign in as {user.email}: {problem}")
    return page


def assert_no_axe_violations(page, *, context: str | dict | None = None) -> None:
    """Run axe-core (bundled by axe-playwright-python, so offline) on the current page and fail
    listing every WCAG 2.2 AA violation. `context` narrows the check (axe-core's context syntax)."""
    page.wait_for_load_state("load")
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, context=context, options=options)
    if results.violations_count:
        pytest.fail(f"axe-core found violations on {page.url}:\n{results.generate_report()}", pytrace=False)


def assert_heading(page, heading: str | None = None, *, error_page: bool = False) -> str:
    """The page has one h1: `heading` when given (the whole text, or a part of it), else any text
    but an error page's (unless `error_page`). Returns the h1's text."""
    h1 = page.locator("h1")
    expect(h1).to_have_count(1)
    text = " ".join(h1.inner_text().split())
    assert text, f"{page.url}: the h1 is empty"
    assert error_page or not text.startswith(ERROR_HEADINGS), f"{page.url}: an error page ({text!r})"
    if heading is not None:
        assert heading in text, f"{page.url}: the h1 is {text!r}, expected {heading!r}"
    return text


def open_page(page, url: str, *, heading: str | None = None, status: int = 200):
    """Go to `url`, check it answers `status` with its h1 (`heading`, or any but an error page's:
    see assert_heading), then run axe on it. Returns Playwright's response."""
    response = page.goto(url)
    assert response is not None, f"{url}: no response"
    assert response.status == status, f"{url}: HTTP {response.status}, expected {status}"
    assert_heading(page, heading, error_page=status >= 400)
    assert_no_axe_violations(page)
    return response
