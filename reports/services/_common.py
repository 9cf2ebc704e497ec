"""What the reports app's services share: who may change the LA's reports."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from apcommission.core.models import Role
from apcommission.core.scoping import scope_for

#: LA staff who prepare Forum papers: officers, managers and finance officers.
REPORT_AUTHORS = (Role.LA_OFFICER, Role.LA_MANAGER, Role.LA_FINANCE)


def require_author(user, local_authority_id: int) -> None:
    scope = scope_for(user)
    authoring_las = set().union(*(scope.orgs_with_role(role) for role in REPORT_AUTHORS))
    if local_authority_id not in authoring_las:
        raise PermissionDenied("Only the LA's officers, managers and finance officers prepare Forum reports")


def can_author(user, local_authority_id: int | None = None) -> bool:
    scope = scope_for(user)
    authoring_las = set().union(*(scope.orgs_with_role(role) for role in REPORT_AUTHORS))
    return bool(authoring_las) if local_authority_id is None else local_authority_id in authoring_las
