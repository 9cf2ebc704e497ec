"""Who may manage whose account: the grants a user may give, the memberships and users they may
manage, and the users list they search.

The rule (docs/security.md, "Managing accounts"): an administrator manages every role at their
own LA and at its schools and providers; an LA officer or manager manages school and provider
users of their own LA's organisations; a school's head (when HEADS_MAY_INVITE) manages the other
school users of their own school. Nobody grants what they could not manage, nor changes their own
roles. One rule, used by the pages that show links and buttons and by the services that act.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import Membership, Organisation, OrganisationKind, Role, User
from ..scoping import scope_for
from ..sign_in_throttle import locked_out_filter

#: LA roles only an administrator may give.
LA_ROLES = (Role.LA_OFFICER, Role.LA_FINANCE, Role.LA_MANAGER, Role.ADMINISTRATOR, Role.FORUM_MEMBER)
#: Roles whose holders manage school and provider users of their LA.
LA_MANAGING_ROLES = (Role.LA_OFFICER, Role.LA_MANAGER)
HEAD = "school_head"


@dataclass(frozen=True)
class Grant:
    """A role to give at an organisation; a school's head is a school user with the head flag."""

    role: str
    is_head: bool = False

    @property
    def key(self) -> str:
        return HEAD if self.is_head else self.role

    @property
    def label(self) -> str:
        return "Head teacher" if self.is_head else Role(self.role).label

    @classmethod
    def from_key(cls, key: str) -> Grant:
        if key == HEAD:
            return cls(Role.SCHOOL_USER, is_head=True)
        return cls(Role(key))


def grant_choices() -> list[tuple[str, str]]:
    """Every grant, in the order forms offer them."""
    grants = [Grant(role) for role in LA_ROLES] + [
        Grant(Role.SCHOOL_USER),
        Grant(Role.SCHOOL_USER, is_head=True),
        Grant(Role.PROVIDER_USER),
    ]
    return [(grant.key, grant.label) for grant in grants]


@dataclass(frozen=True)
class ManagerScope:
    """The organisations whose memberships a user manages, by kind of grant."""

    admin_la_ids: frozenset[int]
    officer_la_ids: frozenset[int]
    head_school_ids: frozenset[int]

    @property
    def manages_anyone(self) -> bool:
        return bool(self.admin_la_ids or self.officer_la_ids or self.head_school_ids)

    @property
    def school_and_provider_la_ids(self) -> frozenset[int]:
        return self.admin_la_ids | self.officer_la_ids


def manager_scope(user) -> ManagerScope:
    scope = scope_for(user)
    officer_las = frozenset().union(*(scope.orgs_with_role(role) for role in LA_MANAGING_ROLES))
    heads = scope.head_school_ids & scope.orgs_with_role(Role.SCHOOL_USER) if settings.HEADS_MAY_INVITE else frozenset()
    return ManagerScope(
        admin_la_ids=scope.orgs_with_role(Role.ADMINISTRATOR),
        officer_la_ids=officer_las,
        head_school_ids=frozenset(heads),
    )


def may_manage_users(user) -> bool:
    """Whether to show the users pages at all."""
    return manager_scope(user).manages_anyone


def may_grant(user, *, organisation: Organisation, grant: Grant) -> bool:
    """May `user` give `grant` at `organisation` (or manage a membership that holds it)?"""
    managers = manager_scope(user)
    role = grant.role
    if role in LA_ROLES:
        return organisation.kind == OrganisationKind.LOCAL_AUTHORITY and organisation.pk in managers.admin_la_ids
    if role == Role.PROVIDER_USER:
        return (
            organisation.kind == OrganisationKind.PROVIDER
            and organisation.local_authority_id in managers.school_and_provider_la_ids
        )
    if role == Role.SCHOOL_USER and organisation.kind == OrganisationKind.SCHOOL:
        if organisation.local_authority_id in managers.school_and_provider_la_ids:
            return True
        return not grant.is_head and organisation.pk in managers.head_school_ids
    return False


def may_manage_membership(user, membership: Membership) -> bool:
    """Change or remove this role: the user could have given it, and it is not their own."""
    if membership.user_id == user.pk:
        return False
    return may_grant(user, organisation=membership.organisation, grant=Grant(membership.role, membership.is_head))


def manageable_memberships_q(user, *, prefix: str = "") -> Q | None:
    """Memberships `user` manages, as a filter (on Membership, or through `prefix`)."""
    managers = manager_scope(user)
    p = prefix
    parts = []
    if managers.admin_la_ids:
        parts.append(Q(**{f"{p}organisation_id__in": managers.admin_la_ids, f"{p}role__in": LA_ROLES}))
    if managers.school_and_provider_la_ids:
        parts.append(
            Q(
                **{
                    f"{p}organisation__local_authority_id__in": managers.school_and_provider_la_ids,
                    f"{p}role__in": (Role.SCHOOL_USER, Role.PROVIDER_USER),
                }
            )
        )
    if managers.head_school_ids:
        parts.append(
            Q(
                **{
                    f"{p}organisation_id__in": managers.head_school_ids,
                    f"{p}role": Role.SCHOOL_USER,
                    f"{p}is_head": False,
                }
            )
        )
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    return combined


def users_visible_to(user) -> QuerySet:
    """People with at least one membership (active or not) that `user` manages; never themselves."""
    condition = manageable_memberships_q(user)
    if condition is None:
        return User.objects.none()
    members = Membership.objects.filter(condition).values("user_id")
    return User.objects.filter(pk__in=members).exclude(pk=user.pk)


def may_manage_user(user, person: User) -> bool:
    """Switch an account off or on: every role the person holds, in any organisation, is one
    `user` manages (an LA cannot switch off someone who also works for another LA)."""
    if person.pk == user.pk:
        return False
    condition = manageable_memberships_q(user)
    if condition is None:
        return False
    memberships = Membership.objects.filter(user=person)
    return memberships.exists() and not memberships.exclude(condition).exists()


def may_reset_security(user, person: User) -> bool:
    """Reset a lost authenticator or unlock an account: administrators, for people they manage."""
    return bool(manager_scope(user).admin_la_ids) and may_manage_user(user, person)


def grantable_organisations(user) -> QuerySet:
    """Organisations where `user` may give at least one grant, LA first, then by name."""
    managers = manager_scope(user)
    condition = Q(pk__in=managers.admin_la_ids) | Q(pk__in=managers.head_school_ids)
    if managers.school_and_provider_la_ids:
        condition |= Q(
            local_authority_id__in=managers.school_and_provider_la_ids,
            kind__in=(OrganisationKind.SCHOOL, OrganisationKind.PROVIDER),
        )
    return Organisation.objects.filter(condition).order_by(
        F("local_authority_id").asc(nulls_first=True), "kind", "name"
    )


def grantable_keys(user, organisation: Organisation) -> list[str]:
    return [key for key, _ in grant_choices() if may_grant(user, organisation=organisation, grant=Grant.from_key(key))]


class UserStatus:
    ACTIVE = "active"
    INVITED = "invited"
    DEACTIVATED = "deactivated"
    LOCKED = "locked"
    CHOICES = [(ACTIVE, "Active"), (INVITED, "Invited"), (DEACTIVATED, "Switched off"), (LOCKED, "Locked out")]


def users_list(
    user, *, search: str = "", organisation: Organisation | None = None, grant: str = "", status: str = ""
) -> QuerySet:
    """The users `user` manages, filtered, by name; with their roles and whether they have set
    up two-factor sign-in (a fixed number of queries per page)."""
    people = users_visible_to(user)
    if search:
        people = people.filter(Q(full_name__icontains=search.strip()) | Q(email__icontains=search.strip()))
    membership_filter = Q()
    if organisation is not None:
        membership_filter &= Q(organisation=organisation)
    if grant:
        chosen = Grant.from_key(grant)
        membership_filter &= Q(role=chosen.role) & (Q(is_head=True) if chosen.is_head else Q())
    if organisation is not None or grant:
        people = people.filter(pk__in=Membership.objects.filter(membership_filter, is_active=True).values("user_id"))
    people = _with_status(people, status, locked_out_filter)
    visible = manageable_memberships_q(user)
    return (
        people.annotate(has_authenticator=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(visible)
                .select_related("organisation")
                .order_by("-is_active", "role"),
                to_attr="managed_memberships",
            )
        )
        .order_by("full_name", "email")
    )


def _with_status(people: QuerySet, status: str, locked_out_filter) -> QuerySet:
    if status == UserStatus.ACTIVE:
        return people.filter(is_active=True).exclude(password__startswith="!")
    if status == UserStatus.INVITED:
        return people.filter(is_active=True, password__startswith="!")
    if status == UserStatus.DEACTIVATED:
        return people.filter(is_active=False)
    if status == UserStatus.LOCKED:
        return people.filter(locked_out_filter())
    return people


def users_home_panels(*, user, scope) -> list[dict]:
    """A school's head reaches the users pages from the home page (the header's "Users" link is
    for LA roles; a head is a school user with a flag)."""
    managers = manager_scope(user)
    if not managers.head_school_ids or managers.school_and_provider_la_ids:
        return []
    links = [
        {"label": "Your school's users", "url": reverse("core:users")},
        {"label": "Invite a colleague", "url": reverse("core:user-invite")},
    ]
    return [{"title": "Colleagues", "links": links}]
