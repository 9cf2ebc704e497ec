"""Navigation by role. Each app lists its header entries (label, URL name, roles) in
`<app>/navigation.py` and registers them in its AppConfig.ready(), so the header shows only what
the user's roles may reach and the core never imports the apps built on it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from .models import Role

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
    if not scope.roles:
        return []
    path = request.path if request is not None else ""
    entries = []
    for item in _all_items():
        if not scope.has_role(*item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = path == url if url == "/" else path.startswith(url)
        entries.append({"label": item.label, "url": url, "active": active})
    return entries
