"""People and their memberships: who may sign in, and in which organisation with which role."""

from __future__ import annotations

from django.db import transaction

from ..models import (
    Membership,
    Organisation,
    User,
)
from ._common import _create, _save_if_changed


@transaction.atomic
def user_ensure(*, email: str, full_name: str, password: str | None = None, by=None, **extra) -> User:
    """The user with this e-mail address (created if new), with the given name and password."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=full_name, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        return _create(user, by=by)
    _save_if_changed(user, {"full_name": full_name, **extra}, by=by)
    if password and not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def membership_grant(
    *, user: User, organisation: Organisation, role: str, is_head: bool = False, by=None
) -> Membership:
    """Give `user` `role` at `organisation` (reactivating it if it was switched off); a school
    user may be the school's head.

    Membership.clean refuses a role at the wrong kind of organisation (a school user at an LA)."""
    membership = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if membership is None:
        return _create(Membership(user=user, organisation=organisation, role=role, is_head=is_head), by=by)
    _save_if_changed(membership, {"is_active": True, "is_head": is_head}, by=by)
    return membership
