"""Navigation by role. Each app lists its header entries (label, URL name, roles) in
`<app>/navigation.py` and registers them in its AppConfig.ready(), so the header shows only what
the user's roles may reach and the core never imports the apps built on it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from .models import Role
from .permissions import can, rule_for

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
    _ENTRIES.clear()


def _all_items() -> list[NavItem]:
    return sorted(NAVIGATION, key=lambda i: i.order)


@dataclass(frozen=True)
class _Entry:
    label: str
    url: str
    #: The URL name when its view's rule has a test beyond roles (asked for each request), else "".
    ask: str = ""


#: Each set of roles' entries, worked out once per process (per script prefix and URLconf): whether
#: a view's rule lets a user in depends only on their roles, unless the rule has a test of its own.
_ENTRIES: dict[tuple, tuple[_Entry, ...]] = {}


def _entries_for(roles: frozenset[str], *, asking: bool) -> tuple[_Entry, ...]:
    key = (get_script_prefix(), get_urlconf(), roles, asking)
    entries = _ENTRIES.get(key)
    if entries is None:
        entries = _ENTRIES[key] = tuple(_decide(roles, asking=asking))
    return entries


def _decide(roles: frozenset[str], *, asking: bool):
    for item in _all_items():
        if not roles.intersection(item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        if not asking:
            yield _Entry(item.label, url)
            continue
        rule = rule_for(item.url_name)
        if rule is not None and rule.roles and not roles.intersection(rule.roles):
            continue  # what can() answers for these roles: Rule.allows refuses them
        yield _Entry(item.label, url, ask=item.url_name if rule is not None and rule.test is not None else "")


def navigation_for(request, scope) -> list[dict]:
    """The header entries for the user's roles whose page the user may open (the view's own rule,
    core.permissions.can), with exactly one marked current: the entry whose address is the longest
    start of the page's (so /providers/approved/ marks "Approved providers", not "Providers").
    Without a request, the entries for the scope's roles."""
    if not scope.roles:
        return []
    path = request.path if request is not None else ""
    user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        return []  # can() refuses every page with a rule to a user who is not signed in
    entries = [
        {"label": entry.label, "url": entry.url, "active": False}
        for entry in _entries_for(scope.roles, asking=user is not None)
        if not entry.ask or can(user, entry.ask)
    ]
    matching = [entry for entry in entries if (path == "/" if entry["url"] == "/" else path.startswith(entry["url"]))]
    if matching:
        current = max(matching, key=lambda entry: len(entry["url"]))
        current["active"] = True
        current["current"] = "page" if current["url"] == path else "true"  # its aria-current
    return entries


@receiver(setting_changed)
def _forget_entries(**kwargs) -> None:
    _ENTRIES.clear()
