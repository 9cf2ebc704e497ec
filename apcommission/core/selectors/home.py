"""Each user's home page: their roles, and the panels the apps above the core contribute."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import Resolver404, resolve

from ..models import Role
from ..permissions import can
from ..scoping import Scope

#: Functions `(*, user, scope) -> list[dict]` that add panels to the home page, registered by each
#: app in its AppConfig.ready() (the core never imports the apps built on it).
HOME_PANEL_CONTRIBUTORS: list[Callable[..., list[dict]]] = []


def register_home_panels(contribute: Callable[..., list[dict]]) -> None:
    if contribute not in HOME_PANEL_CONTRIBUTORS:
        HOME_PANEL_CONTRIBUTORS.append(contribute)


def role_labels(scope: Scope) -> list[str]:
    return [Role(r).label for r in Role if r in scope.roles]


def _may_open(user, url: str) -> bool:
    try:
        match = resolve(url.split("?")[0])
    except Resolver404:
        return False
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    return can(user, name)


def home_panels(*, user, scope: Scope) -> list[dict]:
    """Panels for the signed-in user's home page: a heading, a list of links or figures. A link
    is kept only when its page's own rule lets the user in (core.permissions.can)."""
    panels = []
    for contribute in HOME_PANEL_CONTRIBUTORS:
        for panel in contribute(user=user, scope=scope):
            if "links" in panel:
                panel = {**panel, "links": [link for link in panel["links"] if _may_open(user, link["url"])]}
                if not panel["links"] and not panel.get("template"):
                    continue
            panels.append(panel)
    return panels
