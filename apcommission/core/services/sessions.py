"""Ending a person's sessions: signing out everywhere, and what deactivation and a second-factor
reset do to sessions already open."""

from __future__ import annotations

from django.db.models import F

from ..models import User


def sessions_end_everywhere(*, user: User) -> None:
    """Every session of `user` ends at its next request: Django checks each session against the
    user's session hash, which `session_version` is part of (User._get_session_auth_hash)."""
    User.objects.filter(pk=user.pk).update(session_version=F("session_version") + 1)
    user.refresh_from_db(fields=["session_version"])
