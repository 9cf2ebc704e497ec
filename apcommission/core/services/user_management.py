"""Managing accounts: changing and removing roles, switching accounts off and on, unlocking.

Each checks the one rule of selectors.user_management (nobody acts beyond their own scope),
owns its transaction and audits in it. Switching an account off ends its sessions at once.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ..audit import audit_change, audit_record, snapshot
from ..models import AuditAction, Membership, Organisation, User
from ..scoping import forget_scope
from ..selectors.user_management import Grant, may_grant, may_manage_membership, may_manage_user, may_reset_security
from ..sign_in_throttle import unlock
from .accounts import membership_grant
from .sessions import sessions_end_everywhere


@transaction.atomic
def membership_change_role(*, by: User, membership: Membership, grant: Grant, request=None) -> Membership:
    """Give the person another role at the same organisation instead of this one."""
    if not may_manage_membership(by, membership) or not may_grant(
        by, organisation=membership.organisation, grant=grant
    ):
        raise PermissionDenied("You cannot give this role")
    if (
        grant.role != membership.role
        and Membership.objects.filter(
            user_id=membership.user_id, organisation_id=membership.organisation_id, role=grant.role
        )
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError({"role": "This person already has this role at this organisation"})
    before = snapshot(membership)
    membership.role, membership.is_head, membership.is_active = grant.role, grant.is_head, True
    membership.full_clean()
    membership.save()
    audit_change(user=by, obj=membership, before=before, request=request)
    _roles_changed(membership.user)
    return membership


@transaction.atomic
def membership_add(*, by: User, user: User, organisation: Organisation, grant: Grant, request=None) -> Membership:
    """Give someone already known a further role."""
    if user.pk == by.pk or not may_grant(by, organisation=organisation, grant=grant):
        raise PermissionDenied("You cannot give this role")
    membership = membership_grant(user=user, organisation=organisation, role=grant.role, is_head=grant.is_head, by=by)
    _roles_changed(user)
    return membership


@transaction.atomic
def membership_remove(*, by: User, membership: Membership, request=None) -> Membership:
    """Take a role away (kept, switched off, so its history stays readable)."""
    if not may_manage_membership(by, membership):
        raise PermissionDenied("You cannot remove this role")
    before = snapshot(membership)
    membership.is_active = False
    membership.save(update_fields=["is_active", "modified_on"])
    audit_change(user=by, obj=membership, before=before, request=request)
    _roles_changed(membership.user)
    return membership


def _roles_changed(user: User) -> None:
    """A change of roles takes effect at once: the person's sessions end, and they sign in again
    under the new roles (with a second factor if a new role needs one)."""
    sessions_end_everywhere(user=user)
    forget_scope(user)


@transaction.atomic
def user_deactivate(*, by: User, user: User, request=None) -> User:
    """Switch an account off: it cannot sign in, and every open session ends at once."""
    if not may_manage_user(by, user):
        raise PermissionDenied("You cannot switch this account off")
    if user.is_active:
        User.objects.filter(pk=user.pk).update(is_active=False)
        user.is_active = False
        sessions_end_everywhere(user=user)
        audit_record(user=by, action=AuditAction.DEACTIVATED, obj=user, request=request, description=user.email)
    return user


@transaction.atomic
def user_reactivate(*, by: User, user: User, request=None) -> User:
    if not may_manage_user(by, user):
        raise PermissionDenied("You cannot switch this account on")
    if not user.is_active:
        User.objects.filter(pk=user.pk).update(is_active=True)
        user.is_active = True
        audit_record(user=by, action=AuditAction.REACTIVATED, obj=user, request=request, description=user.email)
    return user


@transaction.atomic
def account_unlock(*, by: User, user: User, request=None) -> int:
    """Forget an account's failed sign-ins, so the person may try again now."""
    if not may_reset_security(by, user):
        raise PermissionDenied("You cannot unlock this account")
    removed = unlock(user.email)
    audit_record(user=by, action=AuditAction.UNLOCKED, obj=user, request=request, description=user.email)
    return removed
