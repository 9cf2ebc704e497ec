"""Placement list and page, the provider's accept and start, ending and withdrawing, and the
school's answer to the panel's request for more information. Requests and direct placements are
question pages: views/journey.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from apcommission.core.audit import audit_view_request
from apcommission.core.compiled import access_compiled_or_404, compiled_together
from apcommission.core.models import Role
from apcommission.core.paging import keyset_page, list_shape
from apcommission.core.permissions import can, pupil_page_roles, require, role_required
from apcommission.core.scoping import access_or_404, scope_for

from .. import selectors
from ..forms import (
    ConfirmForm,
    EndPlacementForm,
    MoreInformationForm,
    PlacementFilterForm,
    WithdrawForm,
)
from ..models import PanelDecisionKind, Placement, PlacementStatus, Pupil, RequestUpdate
from ..permissions import sees_school_answers
from ..selectors.placement_page import placement_records_request
from ..selectors.rows import PLACEMENT_ROW_FIELDS, placement_list_body, placement_names
from ..services import (
    can_send_more_information,
    placement_book,
    placement_end,
    placement_send_more_information,
    placement_start,
    placement_withdraw,
)
from ._common import LA_ACTING, LA_STAFF, PAGE_SIZE, SEES_PUPILS
from .placement_summary import placement_page_body, placement_summaries

#: Accepting and booking the place is the provider's step (placements.permissions.may_accept).
ACCEPTING = (Role.PROVIDER_USER,)
STARTING = (Role.PROVIDER_USER, *LA_ACTING)
ENDING = (*LA_ACTING, Role.SCHOOL_USER, Role.PROVIDER_USER)
WITHDRAWING = (*LA_ACTING, Role.SCHOOL_USER)


@role_required(*LA_STAFF, Role.SCHOOL_USER, Role.PROVIDER_USER)
def placement_list(request):

    form = PlacementFilterForm(request.GET or None)
    today = timezone.localdate()
    data = form.cleaned_data if form.is_valid() else {}
    chosen = (
        (data["status"], data["route"], data["key_stage"], data["q"], today if data["key_stage"] else None)
        if data
        else ()
    )
    user = request.user

    def placements():
        """The list's queryset: built only when its first page is compiled, or for a later page."""
        rows = Placement.objects.visible_to(user).annotate(**placement_names())
        if data.get("status"):
            rows = rows.filter(status=data["status"])
        if data.get("route"):
            rows = rows.filter(route__code=data["route"])
        if data.get("key_stage"):
            # The key stage a pupil is in now (or was in, or will be in, at the nearest end of the
            # placement): worked out in the query only to filter by it.
            rows = rows.in_key_stage_on(today, data["key_stage"])
        if data.get("q"):
            rows = rows.filter(pupil__in=Pupil.objects.search(data["q"]))
        return rows

    # Keyset pages through the list's index: page 4,000 costs what page 1 does (core.paging).
    order = ["-start_date", "-id"]
    shape = list_shape("placements", user, chosen)
    page = keyset_page(
        placements,
        model=Placement,
        order=order,
        params=request.GET,
        per_page=PAGE_SIZE,
        columns=PLACEMENT_ROW_FIELDS,
        shape=shape,
        values_in_text=True,
        ids_first=_through_schools_only(user),
    )
    # The table's rows written in Python (selectors.rows.placement_list_body).
    context = {"form": form, "page": page, "body": placement_list_body(page, today=today)}
    return render(request, "placements/placement_list.html", context)


def _through_schools_only(user) -> bool:
    """True when the user sees placements only through their pupils' home schools (a school's
    staff): their list is found by its ids first (core.paging.keyset_page's ids_first), sorted from
    the pupils' and placements' indexes, and only the page's rows are read. Reading all of a
    school's 450 placements to keep 25 cost the database about 2.5 ms of CPU a page; the ids first,
    about 2.0. An LA's or a provider's list is read in order from a placements index, where finding
    the ids first would add a step (1.0 ms against 0.5)."""
    scope = scope_for(user)
    return bool(scope.school_ids) and not (scope.la_ids or scope.provider_ids)


def _actions(user, placement: Placement) -> dict:
    """The placement page's buttons: each page's own rule (placements.permissions), asked here once."""
    return {
        "accept": can(user, "placements:placement-accept", placement),
        "start": can(user, "placements:placement-start", placement),
        "end": can(user, "placements:placement-end", placement),
        "withdraw": can(user, "placements:placement-withdraw", placement),
        "panel": can(user, "placements:panel-decision", placement),
        "more_information": can(user, "placements:placement-more-information", placement),
        "see_answers": sees_school_answers(user, placement),
    }


@pupil_page_roles(*SEES_PUPILS)
def placement_detail(request, pk: int):
    placement = access_compiled_or_404(
        "placement page",
        # The price too: the page names its unit.
        lambda: Placement.objects.with_related().select_related(
            "pupil__home_la", "requesting_school__organisation", "price"
        ),
        request.user,
        pk,
    )
    # Its status changes and the panel's decisions with the school's answers, as plain rows, read
    # as the view is recorded in the audit log: one round trip for both.
    (records,), _viewed = compiled_together(
        placement_records_request(placement.pk), audit_view_request(request, placement)
    )
    panel_decisions = records.panel_decisions
    context = {
        "placement": placement,
        "pupil": placement.pupil,
        "status_changes": records.status_changes,
        "panel_decisions": panel_decisions,
        "panel_question": _latest_question(panel_decisions),
        "waiting_position": selectors.waiting_list_position(placement),
        "actions": _actions(request.user, placement),
        "summaries": placement_summaries(
            placement, needs=[label for code, label in _need_labels() if code in placement.needs]
        ),
    }
    context["page_body"] = placement_page_body(context)
    return render(request, "placements/placement_detail.html", context)


def _panel_decisions(placement: Placement) -> list:
    # The school's answers with who sent them, in one query.
    answers = Prefetch("answers", queryset=RequestUpdate.objects.select_related("by"))
    return list(placement.panel_decisions.select_related("decided_by").prefetch_related(answers))


def _latest_question(panel_decisions: list):
    """The panel's latest request for more information (decisions are newest first)."""
    return next((d for d in panel_decisions if d.decision == PanelDecisionKind.MORE_INFORMATION), None)


def _need_labels():
    from apcommission.core.models import Need

    return Need.choices


def _done(request, placement: Placement) -> None:
    """The success banner after a step: what the placement now is."""
    placement.refresh_from_db(fields=["status"])
    if placement.status == PlacementStatus.WAITING_LIST:
        return  # the waiting-list message says it
    where = f"{placement.provider.name} – {placement.site.name}"
    messages.success(
        request, f"{placement.pupil.full_name}'s placement at {where} is now {placement.get_status_display().lower()}"
    )


def _action_view(request, pk: int, *, action: str, template: str, form_class, run, heading: str = "", **form_kwargs):
    placement = access_or_404(Placement.objects.with_related(), request.user, pk=pk)
    require(request.user, action, placement, "Page not found", denied=Http404)
    form = form_class(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            run(placement, form.cleaned_data)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            _done(request, placement)
            return redirect("placements:placement-detail", pk=placement.pk)
    context = {"placement": placement, "pupil": placement.pupil, "form": form, "heading": heading}
    return render(request, template, context)


@pupil_page_roles(*ACCEPTING)
def placement_accept(request, pk: int):

    def run(placement, data):
        booked = placement_book(user=request.user, placement=placement)
        if booked.status == PlacementStatus.WAITING_LIST:
            position = selectors.waiting_list_position(booked)
            messages.info(
                request,
                f"The site is full on some of these dates: the pupil is number {position} on the "
                "waiting list and will be offered the next place that frees",
            )

    return _action_view(
        request,
        pk,
        action="placements:placement-accept",
        template="placements/placement_confirm.html",
        heading="Accept the placement",
        form_class=ConfirmForm,
        run=run,
        submit="Accept and book the place",
    )


@pupil_page_roles(*STARTING)
def placement_start_view(request, pk: int):

    return _action_view(
        request,
        pk,
        action="placements:placement-start",
        template="placements/placement_confirm.html",
        heading="Record that the pupil has started",
        form_class=ConfirmForm,
        run=lambda placement, data: placement_start(user=request.user, placement=placement),
        submit="Confirm the pupil has started",
    )


@pupil_page_roles(*ENDING)
def placement_end_view(request, pk: int):

    def run(placement, data):
        placement_end(
            user=request.user,
            placement=placement,
            outcome=data["outcome"],
            ended_on=data["ended_on"],
            detail=data["detail"],
            broken_down=data["broken_down"],
        )

    return _action_view(
        request,
        pk,
        action="placements:placement-end",
        template="placements/placement_end.html",
        form_class=EndPlacementForm,
        run=run,
    )


@pupil_page_roles(*WITHDRAWING)
def placement_withdraw_view(request, pk: int):

    return _action_view(
        request,
        pk,
        action="placements:placement-withdraw",
        template="placements/placement_withdraw.html",
        form_class=WithdrawForm,
        run=lambda placement, data: placement_withdraw(user=request.user, placement=placement, reason=data["reason"]),
    )


@pupil_page_roles(Role.SCHOOL_USER, *LA_ACTING)
def placement_more_information(request, pk: int):

    placement = access_or_404(
        Placement.objects.with_related().select_related("requesting_school__organisation"), request.user, pk=pk
    )
    if not can_send_more_information(request.user, placement):
        raise Http404("Page not found")
    form = MoreInformationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            placement_send_more_information(user=request.user, placement=placement, **form.cleaned_data)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Your information has been sent to the panel")
            return redirect("placements:placement-detail", pk=placement.pk)
    panel_decisions = _panel_decisions(placement)
    context = {
        "placement": placement,
        "pupil": placement.pupil,
        "form": form,
        "panel_question": _latest_question(panel_decisions),
        "waiting": placement.status == PlacementStatus.MORE_INFORMATION,
    }
    return render(request, "placements/placement_more_information.html", context)
