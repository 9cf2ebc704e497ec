"""Commissioning plan scenarios: list, create, change, copy, choose, compare side by side."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from apcommission.core.forms import apply_errors
from apcommission.core.permissions import role_required
from apcommission.core.scoping import access_or_404
from apcommission.core.services import create_once

from ..forms import CopyPlanForm, PlanForm
from ..selectors import plan_table, plan_tables, plans_with_years
from ..services import figures_of, plan_choose, plan_copy, plan_create, plan_update
from ._common import AUTHORS, authoring_la

MAX_COMPARED = 4


@role_required(*AUTHORS)
def plan_list(request):
    return render(request, "reports/plan_list.html", {"tables": plan_tables(user=request.user)})


@role_required(*AUTHORS)
def plan_new(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_create(
                local_authority=authoring_la(request.user),
                figures=form.figures(),
                by=request.user,
                submission_token=form.cleaned_data["submission_token"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Scenario added: {plan.name}")
            return redirect("reports:plan-detail", pk=plan.pk)
    return render(request, "reports/plan_form.html", {"form": form, "heading": "Add a scenario"})


@role_required(*AUTHORS)
def plan_detail(request, pk: int):
    tables = plan_tables(user=request.user, pk=pk)  # none: missing, or not the user's (404 for both)
    if not tables:
        raise Http404("Page not found")
    plan = tables[0].plan
    return _detail(request, tables[0], CopyPlanForm(initial={"name": f"Copy of {plan.name}"}))


def _detail(request, table, copy_form, status=200):
    copy_form.helper.form_action = reverse("reports:plan-copy", args=[table.plan.pk])
    return render(request, "reports/plan_detail.html", {"table": table, "copy_form": copy_form}, status=status)


@role_required(*AUTHORS)
def plan_edit(request, pk: int):
    plan = access_or_404(plans_with_years(user=request.user), request.user, pk=pk)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_from(figures_of(plan)))
    if request.method == "POST" and form.is_valid():
        try:
            plan_update(plan=plan, figures=form.figures(), by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Scenario changed: {plan.name}")
            return redirect("reports:plan-detail", pk=plan.pk)
    return render(request, "reports/plan_form.html", {"form": form, "heading": f"Change {plan.name}", "plan": plan})


@role_required(*AUTHORS)
def plan_copy_view(request, pk: int):
    plan = access_or_404(plans_with_years(user=request.user), request.user, pk=pk)
    form = CopyPlanForm(request.POST or None, initial={"name": f"Copy of {plan.name}"})
    if not form.is_valid():
        return _detail(request, plan_table(plan), form)
    copy = create_once(form.token, request.user, plan_copy, plan=plan, name=form.cleaned_data["name"], by=request.user)
    messages.success(request, f"Scenario copied: change {copy.name} and compare it with {plan.name}")
    return redirect("reports:plan-edit", pk=copy.pk)


@role_required(*AUTHORS)
def plan_choose_view(request, pk: int):
    """GET: are you sure? POST: make it the chosen scenario."""
    plan = access_or_404(plans_with_years(user=request.user), request.user, pk=pk)
    if request.method != "POST":
        return render(
            request,
            "reports/confirm.html",
            {
                "heading": f"Make {plan.name} the chosen scenario?",
                "caption": "Commissioning plan",
                "body": "Forum packs generated from now on will show this scenario.",
                "button": "Make it the chosen scenario",
                "back": reverse("reports:plan-detail", args=[plan.pk]),
            },
        )
    plan_choose(plan=plan, by=request.user)
    messages.success(request, f"{plan.name} is now the chosen scenario: Forum packs will show it")
    return redirect("reports:plan-detail", pk=plan.pk)


def _compared_ids(request) -> list[int]:
    ids = []
    for value in request.GET.getlist("plan")[:MAX_COMPARED]:
        if value.isascii() and value.isdigit() and len(value) < 12:
            ids.append(int(value))
    return ids


@role_required(*AUTHORS)
def plan_compare(request):
    every = plan_tables(user=request.user)
    plans = [table.plan for table in every]
    chosen_ids = _compared_ids(request) or [plan.pk for plan in plans[:2]]
    tables = [table for table in every if table.plan.pk in chosen_ids]
    return render(request, "reports/plan_compare.html", {"plans": plans, "tables": tables, "chosen_ids": chosen_ids})
