"""The one scoping path: what the signed-in user may see.

Every query of pupil-level (and organisation-private) data goes through
`<Model>.objects.visible_to(user)`, which every app implements by subclassing `ScopedQuerySet`
and writing `scope_filter(scope)` in terms of the `Scope` below. Detail pages use
`access_or_404`, which answers 404 both for "does not exist" and "not yours" so that ids cannot be
probed (zulip's access_stream_by_id). Fail closed: no active membership, no rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

from django.db import models
from django.http import Http404

from .models import Membership, Role

LA_STAFF_ROLES = frozenset({Role.LA_OFFICER, Role.LA_FINANCE, Role.LA_MANAGER, Role.ADMINISTRATOR})


@dataclass(frozen=True)
class Scope:
    """The organisations a user acts for, by role. Built once per request from memberships."""

    user_id: int | None = None
    roles: frozenset[str] = frozenset()
    #: LAs whose pupil-level data the user may see (officers, finance, managers, administrators).
    la_ids: frozenset[int] = frozenset()
    #: LAs whose aggregate reports the user may see (Schools Forum members and LA staff).
    report_la_ids: frozenset[int] = frozenset()
    #: Organisation ids of schools whose own pupils the user may see.
    school_ids: frozenset[int] = frozenset()
    #: Organisation ids of providers whose own record and placements the user may see.
    provider_ids: frozenset[int] = frozenset()
    #: The LAs of every organisation the user belongs to (their own LA for LA staff).
    member_la_ids: frozenset[int] = frozenset()
    #: Organisation ids of schools where the user is the head.
    head_school_ids: frozenset[int] = frozenset()
    by_role: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_la_staff(self) -> bool:
        return bool(self.la_ids)

    @property
    def sees_nothing(self) -> bool:
        return not (self.la_ids or self.school_ids or self.provider_ids or self.report_la_ids)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def orgs_with_role(self, role: str) -> frozenset[int]:
        return self.by_role.get(role, frozenset())


EMPTY_SCOPE = Scope()

#: Scopes built in this process, by user id: (the user's scope_version then, the scope). Only a
#: user row read for this request uses it (`read_for_request`), and a scope_version that differs
#: from the one kept builds the scope again, so a changed membership takes effect on the next
#: request. Holds one scope per user, for at most SCOPES_KEPT users.
_SCOPES: dict[int, tuple[int, Scope]] = {}
SCOPES_KEPT = 10_000
#: Set on a user object whose row was read from the database for the current request.
_READ_FOR_REQUEST = "_apc_read_for_request"


def read_for_request(user) -> None:
    """Mark a user row just read to answer a request (the authentication backend's get_user): its
    scope_version is current, so the scope kept for it in this process may be used."""
    setattr(user, _READ_FOR_REQUEST, True)


def scope_for(user) -> Scope:
    """The user's scope, cached on the user object for the request, and in the process for as long
    as the user's scope_version stays the same."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_apc_scope", None)
    if cached is not None:
        return cached
    if getattr(user, _READ_FOR_REQUEST, False):
        kept = _SCOPES.get(user.pk)
        if kept is not None and kept[0] == user.scope_version:
            scope = kept[1]
        else:
            scope = _build_scope(user)
            if len(_SCOPES) >= SCOPES_KEPT:
                _SCOPES.clear()
            _SCOPES[user.pk] = (user.scope_version, scope)
    else:
        scope = _build_scope(user)
    user._apc_scope = scope
    return scope


def _build_scope(user) -> Scope:
    """The scope from the user's active memberships (one query)."""
    by_role: dict[str, set[int]] = {}
    member_la_ids: set[int] = set()
    head_school_ids: set[int] = set()
    rows = Membership.objects.filter(user=user, is_active=True).values_list(
        "role", "organisation_id", "organisation__local_authority_id", "is_head"
    )
    for role, org_id, parent_la_id, is_head in rows:
        by_role.setdefault(role, set()).add(org_id)
        member_la_ids.add(parent_la_id or org_id)
        if is_head:
            head_school_ids.add(org_id)
    la_ids = set().union(*(by_role.get(r, set()) for r in LA_STAFF_ROLES))
    return Scope(
        user_id=user.pk,
        roles=frozenset(by_role),
        la_ids=frozenset(la_ids),
        report_la_ids=frozenset(la_ids | by_role.get(Role.FORUM_MEMBER, set())),
        school_ids=frozenset(by_role.get(Role.SCHOOL_USER, set())),
        provider_ids=frozenset(by_role.get(Role.PROVIDER_USER, set())),
        member_la_ids=frozenset(member_la_ids),
        head_school_ids=frozenset(head_school_ids),
        # Read-only: the same scope answers this user's requests until their memberships change.
        by_role=MappingProxyType({role: frozenset(ids) for role, ids in by_role.items()}),
    )


def local_authority_scope(la_id: int) -> Scope:
    """The scope of an officer of one LA: what the LA's own figures (its summary) are counted over."""
    return Scope(
        roles=frozenset({Role.LA_OFFICER}),
        la_ids=frozenset({la_id}),
        report_la_ids=frozenset({la_id}),
        by_role={Role.LA_OFFICER: frozenset({la_id})},
    )


def single_local_authority(scope: Scope) -> int | None:
    """The LA when the scope is exactly one LA's staff (nothing else), whose LA-wide summary then
    answers for it; None for schools, providers and people who act for several organisations."""
    if len(scope.la_ids) == 1 and not (scope.school_ids or scope.provider_ids):
        return next(iter(scope.la_ids))
    return None


def forget_scope(user) -> None:
    """Drop the cached scope (after memberships change within one request or test): the next
    scope_for reads the memberships again (the user object's scope_version is now out of date)."""
    user.__dict__.pop("_apc_scope", None)
    user.__dict__.pop(_READ_FOR_REQUEST, None)


class ScopedQuerySet(models.QuerySet):
    """Subclass and implement `scope_filter(scope) -> Q | None` (None: the scope grants nothing)."""

    def scope_filter(self, scope: Scope) -> models.Q | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def visible_to(self, user) -> models.QuerySet:
        return self.visible_in(scope_for(user))

    def visible_in(self, scope: Scope) -> models.QuerySet:
        """What a scope may see: for figures worked out for a whole organisation (an LA's summary),
        where there is no signed-in user. Views use visible_to(request.user)."""
        if scope.sees_nothing:
            return self.none()
        condition = self.scope_filter(scope)
        if condition is None:
            return self.none()
        return self.filter(condition).distinct() if self._needs_distinct(condition) else self.filter(condition)

    def _needs_distinct(self, condition: models.Q) -> bool:
        """Filters across to-many relations (e.g. pupils via placements) can repeat rows."""
        return getattr(self, "scope_needs_distinct", False)


def access_or_404(queryset: models.QuerySet, user, **lookup):
    """The object if it exists *and* the user may see it; otherwise 404, the same for both."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("Page not found") from None


def q_or_none(*parts: models.Q | None) -> models.Q | None:
    """OR together the conditions a scope grants; None when it grants none."""
    present = [p for p in parts if p is not None]
    if not present:
        return None
    combined = present[0]
    for p in present[1:]:
        combined |= p
    return combined
