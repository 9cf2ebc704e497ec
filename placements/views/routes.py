"""Each LA's routes into AP: the table for LA staff, the edit form for administrators."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from apcommission.core.models import Organisation, Role
from apcommission.core.permissions import role_required
from apcommission.core.scoping import access_or_404, scope_for

from ..forms import RouteForm
from ..models import Route
from ..services import route_update, routes_ensure_for_la
from ._common import LA_STAFF


class _LaRoutes:
    """Routes of the user's own LAs, in the shape access_or_404 expects."""

    model = Route

    def __init__(self, la_ids):
        self.la_ids = la_ids

    def visible_to(self, user):
        return Route.objects.filter(local_authority_id__in=self.la_ids)


@role_required(*LA_STAFF)
def route_list(request):
    scope = scope_for(request.user)
    for la in Organisation.objects.filter(pk__in=scope.la_ids):
        routes_ensure_for_la(local_authority=la)
    routes = Route.objects.filter(local_authority_id__in=scope.la_ids).select_related("local_authority")
    can_edit = scope.has_role(Role.ADMINISTRATOR)
    return render(request, "placements/route_list.html", {"routes": routes, "can_edit": can_edit})


@role_required(Role.ADMINISTRATOR)
def route_edit(request, pk: int):

    scope = scope_for(request.user)
    route = access_or_404(_LaRoutes(scope.orgs_with_role(Role.ADMINISTRATOR)), request.user, pk=pk)
    form = RouteForm(request.POST or None, instance=Route.objects.get(pk=route.pk))
    if request.method == "POST" and form.is_valid():
        try:
            route_update(user=request.user, route=route, changes=form.cleaned_data)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"Route saved: {route.name}")
            return redirect("placements:route-list")
    return render(request, "placements/route_form.html", {"route": route, "form": form})
