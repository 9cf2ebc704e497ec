"""Every demo role follows the interface: every link, and every search form submitted as it stands,
on every page it can reach from its home page. None may lead to "forbidden" (403) or to an error
(500): a link or button is shown only to the users its target view lets in. Every page marks one
header item as current at most.

The demo county (`manage.py seed_demo`) is the data, so that every kind of record is on show. Each
URL pattern is opened a few times at most (different records of one kind look alike), which keeps
the crawl to about a minute.
"""

from __future__ import annotations

from collections import Counter, deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from apcommission.core.demo import DEMO_USERS
from apcommission.core.models import User
from apcommission.core.scoping import forget_scope

#: Links the crawl does not follow: signing out ends the crawl, the Django admin is not the service.
SKIPPED_URL_NAMES = {"core:sign-out", "core:sign-out-everywhere", "core:session-extend"}
SKIPPED_PREFIXES = ("/django-admin/", "/static/", "/media/")
#: Times one URL pattern is opened (query strings and ids vary; the page is the same view).
VISITS_PER_PATTERN = 2
#: Downloads are built once per pattern: they are slow, and the link to them is what is checked.
DOWNLOAD_VISITS = 1


class _Links(HTMLParser):
    """The links (`<a href>`) and the GET forms (with the values they would send) of one page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.get_forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._form: tuple[str, list] | None = None
        self._select: str | None = None
        self._select_value: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._form = (attrs.get("action") or "", []) if method == "get" else None
        elif self._form is not None and tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "button", "file"}:
                self._form[1].append((attrs["name"], attrs.get("value") or ""))
        elif self._form is not None and tag == "select" and attrs.get("name"):
            self._select, self._select_value = attrs["name"], None
        elif self._select is not None and tag == "option" and (self._select_value is None or "selected" in attrs):
            self._select_value = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self._form is not None:
            self._form[1].append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "form" and self._form is not None:
            self.get_forms.append(self._form)
            self._form = None


def _pattern(path: str) -> str | None:
    """The URL pattern's name ("app:name"), or None for a path the crawl leaves alone."""
    if path.startswith(SKIPPED_PREFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return "<no such page>"
    name = f"{match.namespace}:{match.url_name}" if match.namespace else (match.url_name or path)
    return None if name in SKIPPED_URL_NAMES else name


def _targets(page_url: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.links:
        if href.startswith(("mailto:", "tel:", "#", "javascript:")):
            continue
        found.append(urljoin(page_url, href.split("#")[0]))
    for action, values in parser.get_forms:
        target = urljoin(page_url, action or page_url)
        found.append(f"{target.split('?')[0]}?{urlencode(values)}" if values else target.split("?")[0])
    local = []
    for url in found:
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != "testserver":
            continue
        local.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return local


def _open(client, url: str, came_from: str, problems: list[str]) -> list[str]:
    """Open one page; note a 403 or 500; return where it leads (a redirect, or its links)."""
    response = client.get(url)
    if response.status_code == 403 or response.status_code >= 500:
        problems.append(f"{url} answered {response.status_code} (linked from {came_from})")
        return []
    if response.status_code in {301, 302}:
        return [response["Location"]]
    if response.status_code != 200 or response.streaming or "text/html" not in response.get("Content-Type", ""):
        return []
    html = response.content.decode(errors="replace")
    if html.count("govuk-service-navigation__item--active") > 1:
        problems.append(f"{url} marks more than one header item as the current one")
    return _targets(url, html)


def crawl(client, start: str = "/") -> tuple[list[str], int]:
    """Breadth first from `start`. Returns the problems found and the number of pages opened."""
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])
    seen: set[str] = set()
    visits: Counter[str] = Counter()
    problems: list[str] = []
    while queue:
        url, came_from = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        path = url.split("?")[0]
        name = _pattern(path)
        if name == "<no such page>":
            problems.append(f"{url} (linked from {came_from}) is not a page")
        limit = DOWNLOAD_VISITS if path.endswith((".csv", ".pdf")) else VISITS_PER_PATTERN
        if name is None or name == "<no such page>" or visits[name] >= limit:
            continue
        visits[name] += 1
        queue.extend((target, url) for target in _open(client, url, came_from, problems) if target not in seen)
    return problems, sum(visits.values())


@pytest.fixture
def demo_county(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())


def test_no_demo_role_meets_forbidden_or_an_error_by_following_the_interface(demo_county, client):
    problems = []
    pages = {}
    for email, *_ in DEMO_USERS:
        user = User.objects.get(email=email)
        client.force_login(user)
        forget_scope(user)
        found, pages[email] = crawl(client)
        problems.extend(f"{email}: {problem}" for problem in found)
        client.logout()
    assert not problems, "\n".join(problems)
    assert all(count > 5 for count in pages.values()), pages
