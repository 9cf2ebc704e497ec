"""Each LA's own copy of the routes into AP, and administrators' edits to it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apcommission.core.audit import audit_change, snapshot
from apcommission.core.models import Role
from apcommission.core.scoping import scope_for

from ..models import Route
from ..route_table import HEREFORDSHIRE_ROUTES

EDITABLE_FIELDS = (
    "name",
    "description",
    "commissioner",
    "lump_sum_funder",
    "top_up_funder",
    "registration_rule",
    "home_school_attendance_code",
    "attendance_code_note",
    "is_section_19",
    "requires_reintegration_plan",
    "is_active",
)


def routes_ensure_for_la(*, local_authority) -> None:
    """Give the LA its own copy of the template routes (Herefordshire's table) the first time."""
    if Route.objects.filter(local_authority=local_authority).exists():
        return
    template = list(Route.objects.filter(local_authority__isnull=True))
    if not template:  # a flushed test database: rebuild the template from the table
        for order, row in enumerate(HEREFORDSHIRE_ROUTES, start=1):
            Route.objects.get_or_create(local_authority=None, code=row["code"], defaults={**row, "order": order})
        template = list(Route.objects.filter(local_authority__isnull=True))
    try:
        with transaction.atomic():
            for route in template:
                route.pk = None
                route.id = None
                route._state.adding = True
                route.local_authority = local_authority
                route.save()
    except IntegrityError:  # another request copied them at the same moment
        pass


def route_update(*, user, route: Route, changes: dict) -> Route:
    """An LA administrator edits the LA's route. Placements keep their own snapshot of the old rules."""
    scope = scope_for(user)
    if route.local_authority_id not in scope.orgs_with_role(Role.ADMINISTRATOR):
        raise ValidationError("Only an administrator of this local authority can change its routes")
    with transaction.atomic():
        route = Route.objects.select_for_update().get(pk=route.pk)
        before = snapshot(route)
        for field in EDITABLE_FIELDS:
            if field in changes:
                setattr(route, field, changes[field])
        route.full_clean()
        route.save()
        audit_change(user=user, obj=route, before=before)
    return route
