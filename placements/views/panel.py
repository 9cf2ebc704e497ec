"""The panel queue and the decision form for LA-commissioned requests."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from apcommission.core.audit import audit_view
from apcommission.core.permissions import require, role_required
from apcommission.core.scoping import access_or_404

from ..forms import PanelDecisionForm
from ..models import Placement
from ..services import panel_decide
from ._common import LA_ACTING, PAGE_SIZE


@role_required(*LA_ACTING)
def panel_queue(request):
    requests = Placement.objects.visible_to(request.user).awaiting_panel().for_list().order_by("created_on", "id")
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "placements/panel_queue.html", {"page": page})


@role_required(*LA_ACTING)
def panel_decision(request, pk: int):

    placement = access_or_404(Placement.objects.with_related(), request.user, pk=pk)
    require(request.user, "placements:panel-decision", placement, "This request is not waiting for the panel")
    audit_view(request, placement)
    form = PanelDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            panel_decide(user=request.user, placement=placement, **form.cleaned_data)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            return redirect("placements:panel-queue")
    context = {
        "placement": placement,
        "form": form,
        "panel_decisions": placement.panel_decisions.select_related("decided_by").prefetch_related("answers__by"),
    }
    return render(request, "placements/panel_decision.html", context)
