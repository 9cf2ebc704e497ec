"""Helpers the provider services share: who may act for the LA, and locking."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from apcommission.core.models import Role
from apcommission.core.scoping import forget_scope, scope_for

from ..models import Provider

#: LA roles that may change the register, record QA and decide change requests.
OFFICER_ROLES = (Role.LA_OFFICER, Role.LA_MANAGER, Role.ADMINISTRATOR)


def officer_la_ids(user) -> frozenset[int]:
    scope = scope_for(user)
    ids: set[int] = set()
    for role in OFFICER_ROLES:
        ids |= scope.orgs_with_role(role)
    return frozenset(ids)


def is_officer_for(user, provider: Provider) -> bool:
    return provider.organisation.local_authority_id in officer_la_ids(user)


def is_provider_user_for(user, provider: Provider) -> bool:
    return provider.organisation_id in scope_for(user).orgs_with_role(Role.PROVIDER_USER)


def require_officer(user, provider: Provider) -> None:
    if not is_officer_for(user, provider):
        raise PermissionDenied("Only an LA officer of the provider's local authority may do this")


def locked(provider: Provider) -> Provider:
    """The provider row, locked for the rest of the transaction (serialises writes to its list)."""
    return Provider.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=provider.pk)


__all__ = ["OFFICER_ROLES", "forget_scope", "is_officer_for", "is_provider_user_for", "locked", "require_officer"]
