"""Navigation by role. Each app adds its entries to NAVIGATION (label, url name, roles) in its
AppConfig-free module `<app>/navigation.py`, collected here so the header shows only what the
user's roles may reach."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.urls import NoReverseMatch, reverse

from .models import Role

LA_ROLES = (Role.LA_OFFICER, Role.LA_FINANCE, Role.LA_MANAGER, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    order: int = 50


CORE_NAVIGATION = [
    NavItem("Home", "core:home", tuple(Role), order=0),
    NavItem("Audit log", "core:audit-log", (Role.ADMINISTRATOR,), order=90),
]

APP_NAVIGATION_MODULES = ("providers.navigation", "placements.navigation", "funding.navigation")


def _all_items() -> list[NavItem]:
    items = list(CORE_NAVIGATION)
    for module_name in APP_NAVIGATION_MODULES:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError:
            continue
        items.extend(getattr(module, "NAVIGATION", []))
    return sorted(items, key=lambda i: i.order)


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
