"""Reads shared by the core's views."""

from __future__ import annotations

from importlib import import_module

from django.db.models import QuerySet

from .models import AuditEvent, Role
from .scoping import Scope, scope_for

#: Modules that contribute home-page panels: each has `home_panels(*, user, scope) -> list[dict]`.
HOME_PANEL_MODULES = ("providers.selectors", "placements.selectors", "funding.selectors")


def role_labels(scope: Scope) -> list[str]:
    return [Role(r).label for r in Role if r in scope.roles]


def home_panels(*, user, scope: Scope) -> list[dict]:
    """Panels for the signed-in user's home page: a heading, a list of links or figures."""
    panels: list[dict] = []
    for module_name in HOME_PANEL_MODULES:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError:
            continue
        contribute = getattr(module, "home_panels", None)
        if contribute is not None:
            panels.extend(contribute(user=user, scope=scope))
    return panels


def audit_events(*, user, user_email: str = "", action: str = "", child_records_only: bool = False) -> QuerySet:
    """The audit log, newest first, for administrators of the user's LAs."""
    if not scope_for(user).has_role(Role.ADMINISTRATOR):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.select_related("content_type")
    if user_email:
        events = events.filter(user_email__icontains=user_email.strip())
    if action:
        events = events.filter(action=action)
    if child_records_only:
        events = events.filter(is_child_record=True)
    return events
