"""Settings of the data protection app, with their defaults."""

from __future__ import annotations

from django.conf import settings

from apcommission.core.models import Role

DEFAULT_ROLES = (Role.LA_OFFICER, Role.LA_MANAGER, Role.ADMINISTRATOR)


def data_protection_roles() -> tuple[str, ...]:
    """Roles that may export a child's data, see what falls due and place legal holds (for their
    own LA's pupils only). An LA may narrow this to its information governance staff."""
    return tuple(getattr(settings, "DATA_PROTECTION_ROLES", DEFAULT_ROLES))


def export_inline_limit() -> int:
    """Records about one pupil up to which an export is built during the request (else queued)."""
    return int(getattr(settings, "SUBJECT_ACCESS_INLINE_MAX_RECORDS", 2000))
