"""Browser tests: pytest-playwright driving Debian's Chromium against pytest-django's live_server.

Playwright's own browser download cannot work here (never run `playwright install`), so the
launch arguments point at /usr/bin/chromium. Everything in this folder is marked `browser`.
Timeouts are generous because CI machines may have two cores shared with a live server.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

# live_server runs Django in a thread while Playwright's sync API runs an event loop in this one;
# Django's async-safety check would otherwise refuse ORM calls made by fixtures and helpers.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: Milliseconds. Actions and assertions wait this long; page loads a little longer.
ACTION_TIMEOUT = 20_000
NAVIGATION_TIMEOUT = 30_000

expect.set_options(timeout=ACTION_TIMEOUT)

BROWSER_DIR = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, plus Debian's Chromium, headless, with CI-safe flags."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": browser_type_launch_args.get("headless", True),
        "args": CHROMIUM_ARGS,
        "timeout": 60_000,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture
def context(new_context):
    """pytest-playwright's context with our timeouts (the default 30 s action timeout hides hangs
    badly on slow machines; navigation gets the longer budget)."""
    context = new_context()
    context.set_default_timeout(ACTION_TIMEOUT)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT)
    return context
