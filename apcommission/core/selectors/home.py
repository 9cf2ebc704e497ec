"""Each user's home page: their roles, and the panels the apps above the core contribute."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping

from django.conf import settings
from django.db.models import Count, QuerySet, Value
from django.urls import Resolver404, get_urlconf, resolve

from ..compiled import answered, compiled_rows, gathered
from ..models import Role
from ..permissions import can
from ..scoping import Scope

#: Functions `(*, user, scope) -> list[dict]` that add panels to the home page, registered by each
#: app in its AppConfig.ready() (the core never imports the apps built on it).
HOME_PANEL_CONTRIBUTORS: list[Callable[..., list[dict]]] = []


def register_home_panels(contribute: Callable[..., list[dict]]) -> None:
    if contribute not in HOME_PANEL_CONTRIBUTORS:
        HOME_PANEL_CONTRIBUTORS.append(contribute)


def counts_of(
    querysets: Mapping[str, QuerySet | Callable[[], QuerySet]],
    *,
    key: Hashable | None = None,
    values_in_text: bool = False,
) -> dict[str, int]:
    """How many rows each queryset has, in one query: a UNION ALL of one-row counts, each over the
    rows its own queryset (and so its own scoping) selects. An empty queryset counts 0 unasked.
    With a `key` (everything the querysets' SQL depends on: see core.compiled) the query is
    compiled once a process for that key; each queryset may then be given as a function that
    makes it, called only when the key is new; `values_in_text` as for compiled_rows."""
    names = list(querysets)
    found = dict.fromkeys(names, 0)

    def union() -> QuerySet | None:
        made = [queryset() if callable(queryset) else queryset for queryset in querysets.values()]
        parts = [
            queryset.order_by().values(figure=Value(index)).annotate(n=Count("pk")).values("figure", "n")
            for index, queryset in enumerate(made)
        ]
        return parts[0].union(*parts[1:], all=True) if parts else None

    if not names:
        return found
    rows = compiled_rows(("counts_of", key), union, values_in_text=values_in_text) if key is not None else union()
    for row in rows:
        found[names[row["figure"]]] = row["n"]
    return found


def role_labels(scope: Scope) -> list[str]:
    return [Role(r).label for r in Role if r in scope.roles]


#: The URL name of each address a panel links to, worked out once a process: the same few
#: addresses are on every home page, and resolving one walks the whole URL configuration.
_URL_NAMES: dict[tuple, str | None] = {}


def _url_name(path: str) -> str | None:
    key = (settings.ROOT_URLCONF, get_urlconf(), path)
    if key not in _URL_NAMES:
        try:
            match = resolve(path)
        except Resolver404:
            _URL_NAMES[key] = None
        else:
            _URL_NAMES[key] = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    return _URL_NAMES[key]


def _may_open(user, url: str) -> bool:
    name = _url_name(url.split("?")[0])
    return name is not None and can(user, name)


def home_panels(*, user, scope: Scope) -> list[dict]:
    """Panels for the signed-in user's home page: a heading, a list of links or figures. A link
    is kept only when its page's own rule lets the user in (core.permissions.can). A contributor
    may return its panels, or be a generator that asks for its statements (core.compiled.answered):
    every app's statements are then sent together, and the page waits for the database once for
    them all (an officer's home read its four apps' figures in four round trips)."""
    panels = []
    contributed = answered(gathered(*(contribute(user=user, scope=scope) for contribute in HOME_PANEL_CONTRIBUTORS)))
    for app_panels in contributed:
        for panel in app_panels:
            if "links" in panel:
                panel = {**panel, "links": [link for link in panel["links"] if _may_open(user, link["url"])]}
                if not panel["links"] and not panel.get("template"):
                    continue
            panels.append(panel)
    return panels
