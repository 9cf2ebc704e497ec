"""The improvement plan: priority areas, actions, and the counts by status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from apcommission.core.forms import apply_errors
from apcommission.core.permissions import role_required
from apcommission.core.scoping import access_or_404
from apcommission.core.services import create_once

from ..forms import ActionForm, PriorityAreaForm
from ..models import ImprovementAction, PriorityArea
from ..selectors.improvement import improvement_plan_rows
from ..services import improvement_action_save, priority_area_add
from ._common import AUTHORS, authoring_la


@role_required(*AUTHORS)
def improvement_plan(request):
    plan = improvement_plan_rows(user=request.user)
    return render(request, "reports/improvement.html", {"areas": plan.areas, "counts": plan.counts})


@role_required(*AUTHORS)
def area_new(request):
    form = PriorityAreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            area = create_once(
                form.token,
                request.user,
                priority_area_add,
                local_authority=authoring_la(request.user),
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Priority area added: {area.title}")
            return redirect("reports:improvement")
    return render(request, "reports/improvement_form.html", {"form": form, "heading": "Add a priority area"})


def _save_action(request, form, area, action=None):
    data = form.cleaned_data
    return improvement_action_save(
        area=area,
        description=data["description"],
        lead=data["lead"],
        due_date=data["due_date"],
        status=data["status"],
        progress_note=data["progress_note"],
        by=request.user,
        action=action,
        submission_token=None if action else data.get("submission_token"),
    )


def _action_page(request, form, area, action=None):
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_action(request, form, area, action)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Action {'changed' if action else 'added'} in {area.title}: {saved}")
            return redirect("reports:improvement")
    heading = "Change an action" if action else f"Add an action to {area.title}"
    return render(request, "reports/improvement_form.html", {"form": form, "heading": heading, "area": area})


@role_required(*AUTHORS)
def action_new(request, pk: int):
    area = access_or_404(PriorityArea.objects.all(), request.user, pk=pk)
    return _action_page(request, ActionForm(request.POST or None), area)


@role_required(*AUTHORS)
def action_edit(request, pk: int):
    action = access_or_404(ImprovementAction.objects.select_related("area"), request.user, pk=pk)
    initial = {k: getattr(action, k) for k in ("description", "lead", "due_date", "status", "progress_note")}
    return _action_page(request, ActionForm(request.POST or None, initial=initial), action.area, action)
