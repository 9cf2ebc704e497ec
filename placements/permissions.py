"""Who may act on a placement: the object rules behind the placement page's buttons. Each is
registered under its page's URL name (apcommission.core.permissions), so the view refuses exactly
what the template does not offer (`{% can "placements:placement-accept" placement %}`)."""

from __future__ import annotations

from apcommission.core.models import Role
from apcommission.core.permissions import register_object_rule
from apcommission.core.scoping import scope_for

from .models import Placement, PlacementStatus
from .services import ALLOWED_TRANSITIONS, can_send_more_information

LA_ACTING = (Role.LA_OFFICER, Role.LA_MANAGER)


def _la(user, placement: Placement) -> bool:
    scope = scope_for(user)
    return any(placement.pupil.home_la_id in scope.orgs_with_role(role) for role in LA_ACTING)


def _school(user, placement: Placement) -> bool:
    home_school = placement.pupil.home_school
    return home_school is not None and home_school.organisation_id in scope_for(user).orgs_with_role(Role.SCHOOL_USER)


def _provider(user, placement: Placement) -> bool:
    return placement.provider.organisation_id in scope_for(user).orgs_with_role(Role.PROVIDER_USER)


def may_accept(user, placement: Placement) -> bool:
    """Accepting and booking the place is the provider's step, once the placement is approved."""
    return _provider(user, placement) and placement.status == PlacementStatus.APPROVED


def may_start(user, placement: Placement) -> bool:
    return (_la(user, placement) or _provider(user, placement)) and (
        PlacementStatus.ACTIVE in ALLOWED_TRANSITIONS[placement.status]
    )


def may_end(user, placement: Placement) -> bool:
    allowed = ALLOWED_TRANSITIONS[placement.status] | {PlacementStatus.BROKEN_DOWN}
    return (
        (_la(user, placement) or _school(user, placement) or _provider(user, placement))
        and PlacementStatus.ENDED in allowed
        and placement.takes_a_place
    )


def may_withdraw(user, placement: Placement) -> bool:
    return (_la(user, placement) or _school(user, placement)) and (
        PlacementStatus.WITHDRAWN in ALLOWED_TRANSITIONS[placement.status]
    )


def may_decide_at_panel(user, placement: Placement) -> bool:
    return _la(user, placement) and placement.requires_panel and placement.status in ("requested", "more_information")


def may_send_more_information(user, placement: Placement) -> bool:
    return placement.status == PlacementStatus.MORE_INFORMATION and can_send_more_information(user, placement)


def sees_school_answers(user, placement: Placement) -> bool:
    """The school's answers to the panel may say more about the child than a provider needs."""
    return placement.pupil.home_la_id in scope_for(user).la_ids or _school(user, placement)


def register() -> None:
    register_object_rule("placements:placement-accept", may_accept)
    register_object_rule("placements:placement-start", may_start)
    register_object_rule("placements:placement-end", may_end)
    register_object_rule("placements:placement-withdraw", may_withdraw)
    register_object_rule("placements:panel-decision", may_decide_at_panel)
    register_object_rule("placements:placement-more-information", may_send_more_information)
