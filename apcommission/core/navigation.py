"""Navigation by role. Each app lists its header entries (label, URL name, roles) in
`<app>/navigation.py` and registers them in its AppConfig.ready(), so the header shows only what
the user's roles may reach and the core never imports the apps built on it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from .models import Role
from .permissions import can

LA_ROLES = (Role.LA_OFFICER, Role.LA_FINANCE, Role.LA_MANAGER, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    order: int = 50


NAVIGATION: list[NavItem] = [
    NavItem("Home", "core:home", tuple(Role), order=0),
    NavItem("Users", "core:users", (Role.ADMINISTRATOR, Role.LA_OFFICER, Role.LA_MANAGER), order=85),
    NavItem("Audit log", "core:audit-log", (Role.ADMINISTRATOR,), order=90),
]


def register_navigation(items: list[NavItem]) -> None:
    NAVIGATION.extend(item for item in items if item not in NAVIGATION)


def _all_items() -> list[NavItem]:
    return sorted(NAVIGATION, key=lambda i: i.order)


def navigation_for(request, scope) -> list[dict]:
    """The header entries for the user's roles whose page the user may open (the view's own rule,
    core.permissions.can), with exactly one marked current: the entry whose address is the longest
    start of the page's (so /providers/approved/ marks "Approved providers", not "Providers")."""
    if not scope.roles:
        return []
    path = request.path if request is not None else ""
    user = getattr(request, "user", None)
    entries = []
    for item in _all_items():
        if not scope.has_role(*item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        if user is not None and not can(user, item.url_name):
            continue
        entries.append({"label": item.label, "url": url, "active": False})
    matching = [entry for entry in entries if (path == "/" if entry["url"] == "/" else path.startswith(entry["url"]))]
    if matching:
        max(matching, key=lambda entry: len(entry["url"]))["active"] = True
    return entries
