"""The audit log as administrators search it."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import AuditEvent, Role
from ..scoping import scope_for


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
