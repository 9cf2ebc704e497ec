"""The panel queue and the decision form for LA-commissioned requests."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from apcommission.core.audit import audit_view
from apcommission.core.compiled import compiled_rows
from apcommission.core.paging import count_sql, list_shape
from apcommission.core.permissions import pupil_page_roles, require, role_required
from apcommission.core.scoping import access_or_404

from ..forms import PanelDecisionForm
from ..models import PanelDecisionKind, Placement
from ..selectors.rows import PANEL_ROW_FIELDS, panel_body, placement_names
from ..services import panel_decide
from ._common import LA_ACTING, PAGE_SIZE
from .placement_summary import panel_decisions_html

#: The service's names for what the panel settles, and the form fields that ask them.
PANEL_FIELDS = {"registration_choice": "registration_answer", "main_setting_choice": "registration_answer"}

#: The panel page's two lists: what is waiting for the panel, and what it has decided.
PANEL_TABS = (("waiting", "Waiting for a decision"), ("decided", "Decided"))


@role_required(*LA_ACTING)
def panel_queue(request):
    """Requests waiting for the panel, oldest first; or (?show=decided) those it has decided."""
    show = "decided" if request.GET.get("show") == "decided" else "waiting"
    user = request.user
    columns = (*PANEL_ROW_FIELDS, "decided_on", "panel_decision") if show == "decided" else PANEL_ROW_FIELDS
    link = "placements:placement-detail" if show == "decided" else "placements:panel-decision"

    def requests():
        placements = Placement.objects.visible_to(user).annotate(**placement_names())
        if show == "decided":
            return placements.decided_at_panel()
        return placements.awaiting_panel().order_by("created_on", "id")

    if request.GET.get("page") in (None, "", "1"):
        # The first page (most requests): one statement compiled once per process for each
        # user's scope and tab, the total counted in it (the queryset built only to compile it).
        shape = list_shape("panel queue", user, show)

        def build():
            listed = requests()
            return listed.values(*columns).annotate(total=count_sql(listed))[:PAGE_SIZE]

        found = compiled_rows(shape, build, values_in_text=True)
        paginator = Paginator(found, PAGE_SIZE)
        paginator.count = found[0]["total"] if found else 0
        page = paginator.page(1)
    else:
        listed = requests()
        paginator = Paginator(listed.values(*columns), PAGE_SIZE)
        paginator.count = listed.count()  # counted without joining the tables the rows' columns come from
        page = paginator.get_page(request.GET.get("page"))
    body = panel_body(page, url_name=link, decided=show == "decided")
    context = {"page": page, "body": body, "show": show, "tabs": PANEL_TABS}
    return render(request, "placements/panel_queue.html", context)


@pupil_page_roles(*LA_ACTING)
def panel_decision(request, pk: int):

    placement = access_or_404(Placement.objects.with_related(), request.user, pk=pk)
    require(request.user, "placements:panel-decision", placement, "Page not found", denied=Http404)
    audit_view(request, placement)
    form = PanelDecisionForm(
        request.POST or None,
        left_to_panel=placement.cells_left_to_panel,
        initial={"decision_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            decided = panel_decide(user=request.user, placement=placement, **form.decision_kwargs())
        except ValidationError as error:
            form.apply_errors(error, field_map=PANEL_FIELDS)
        else:
            kind = PanelDecisionKind(form.cleaned_data["decision"]).label.lower()
            messages.success(
                request,
                f"Panel decision recorded for {placement.pupil.full_name}: {kind}. "
                f"The request is now {decided.get_status_display().lower()}.",
            )
            return redirect("placements:panel-queue")
    decisions = list(placement.panel_decisions.select_related("decided_by").prefetch_related("answers__by"))
    shown = panel_decisions_html(decisions, show_answers=True) if decisions else ""
    context = {"placement": placement, "form": form, "panel_decisions": shown}
    return render(request, "placements/panel_decision.html", context)
