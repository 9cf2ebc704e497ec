"""Shared helpers for browser tests (see tests/browser/conftest.py for the browser set-up).

Usage, in tests/browser/test_<yourapp>_*.py with pytest-playwright's `page` and pytest-django's
`live_server`: make a user with the factories (password "correct-horse-battery"), then
`sign_in(page, live_server, user)`, visit pages, and `assert_no_axe_violations(page)` on each.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

#: WCAG 2.2 AA, as the public sector accessibility regulations require.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def sign_in(page, live_server, user, password: str = "correct-horse-battery"):
    """Sign in through the sign-in form, as a person would, and wait for the page it leads to.

    Fails with the page's error summary when the service refuses the e-mail address and password.
    """
    sign_in_path = reverse("core:sign-in")
    page.goto(live_server.url + sign_in_path)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    if urlparse(page.url).path == sign_in_path:
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
