"""Placement list and page, the provider's accept and start, ending and withdrawing, and the
school's answer to the panel's request for more information. Requests and direct placements are
question pages: views/journey.py."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from apcommission.core.audit import audit_view
from apcommission.core.models import Role
from apcommission.core.paging import keyset_page
from apcommission.core.permissions import pupil_page_roles, role_required
from apcommission.core.scoping import access_or_404, scope_for

from .. import selectors
from ..forms import (
    ConfirmForm,
    EndPlacementForm,
    MoreInformationForm,
    PlacementFilterForm,
    WithdrawForm,
)
from ..models import PanelDecisionKind, Placement, PlacementStatus, Pupil
from ..services import (
    ALLOWED_TRANSITIONS,
    can_send_more_information,
    placement_book,
    placement_end,
    placement_send_more_information,
    placement_start,
    placement_withdraw,
)
from ._common import LA_ACTING, LA_STAFF, PAGE_SIZE, SEES_PUPILS

ACCEPTING = (Role.PROVIDER_USER, *LA_ACTING)
ENDING = (*LA_ACTING, Role.SCHOOL_USER, Role.PROVIDER_USER)
WITHDRAWING = (*LA_ACTING, Role.SCHOOL_USER)


@role_required(*LA_STAFF, Role.SCHOOL_USER, Role.PROVIDER_USER)
def placement_list(request):

    form = PlacementFilterForm(request.GET or None)
    placements = Placement.objects.visible_to(request.user).for_list()
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            placements = placements.filter(status=data["status"])
        if data["route"]:
            placements = placements.filter(route__code=data["route"])
        if data["key_stage"]:
            placements = placements.filter(key_stage=data["key_stage"])
        if data["q"]:
            placements = placements.filter(pupil__in=Pupil.objects.search(data["q"]))
    # Keyset pages through the list's index: page 4,000 costs what page 1 does (core.paging).
    page = keyset_page(placements, order=["-start_date", "-id"], params=request.GET, per_page=PAGE_SIZE)
    return render(request, "placements/placement_list.html", {"form": form, "page": page})


def _actions(user, placement: Placement) -> dict:
    scope = scope_for(user)
    la = scope.has_role(*LA_ACTING) and placement.pupil.home_la_id in scope.la_ids
    school = placement.pupil.home_school_id is not None and placement.pupil.home_school.organisation_id in (
        scope.orgs_with_role(Role.SCHOOL_USER)
    )
    provider = placement.provider.organisation_id in scope.orgs_with_role(Role.PROVIDER_USER)
    allowed = ALLOWED_TRANSITIONS[placement.status]
    return {
        "accept": (la or provider) and PlacementStatus.BOOKED in allowed and placement.status != "waiting_list",
        "start": (la or provider) and PlacementStatus.ACTIVE in allowed,
        "end": (la or school or provider)
        and PlacementStatus.ENDED in allowed | {PlacementStatus.BROKEN_DOWN}
        and placement.takes_a_place,
        "withdraw": (la or school) and PlacementStatus.WITHDRAWN in allowed,
        "panel": la and placement.requires_panel and placement.status in ("requested", "more_information"),
        "more_information": placement.status == PlacementStatus.MORE_INFORMATION
        and can_send_more_information(user, placement),
        # The school's answers may say more about the child than a provider needs.
        "see_answers": placement.pupil.home_la_id in scope.la_ids or school,
    }


@pupil_page_roles(*SEES_PUPILS)
def placement_detail(request, pk: int):
    placement = access_or_404(
        Placement.objects.with_related().select_related("pupil__home_la", "requesting_school__organisation"),
        request.user,
        pk=pk,
    )
    audit_view(request, placement)
    panel_decisions = _panel_decisions(placement)
    context = {
        "placement": placement,
        "pupil": placement.pupil,
        "status_changes": placement.status_changes.select_related("by"),
        "panel_decisions": panel_decisions,
        "panel_question": _latest_question(panel_decisions),
        "waiting_position": selectors.waiting_list_position(placement),
        "actions": _actions(request.user, placement),
        "needs": [label for code, label in _need_labels() if code in placement.needs],
    }
    return render(request, "placements/placement_detail.html", context)


def _panel_decisions(placement: Placement) -> list:
    return list(placement.panel_decisions.select_related("decided_by").prefetch_related("answers__by"))


def _latest_question(panel_decisions: list):
    """The panel's latest request for more information (decisions are newest first)."""
    return next((d for d in panel_decisions if d.decision == PanelDecisionKind.MORE_INFORMATION), None)


def _need_labels():
    from apcommission.core.models import Need

    return Need.choices


def _action_view(request, pk: int, *, template: str, form_class, run, heading: str = "", **form_kwargs):
    placement = access_or_404(Placement.objects.with_related(), request.user, pk=pk)
    form = form_class(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            run(placement, form.cleaned_data)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            return redirect("placements:placement-detail", pk=placement.pk)
    context = {"placement": placement, "pupil": placement.pupil, "form": form, "heading": heading}
    return render(request, template, context)


@pupil_page_roles(*ACCEPTING)
def placement_accept(request, pk: int):

    def run(placement, data):
        booked = placement_book(user=request.user, placement=placement)
        if booked.status == PlacementStatus.WAITING_LIST:
            from django.contrib import messages

            position = selectors.waiting_list_position(booked)
            messages.info(
                request,
                f"The site is full on some of these dates: the pupil is number {position} on the "
                "waiting list and will be offered the next place that frees",
            )

    return _action_view(
        request,
        pk,
        template="placements/placement_confirm.html",
        heading="Accept the placement",
        form_class=ConfirmForm,
        run=run,
        submit="Accept and book the place",
    )


@pupil_page_roles(*ACCEPTING)
def placement_start_view(request, pk: int):

    return _action_view(
        request,
        pk,
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

    return _action_view(request, pk, template="placements/placement_end.html", form_class=EndPlacementForm, run=run)


@pupil_page_roles(*WITHDRAWING)
def placement_withdraw_view(request, pk: int):

    return _action_view(
        request,
        pk,
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
            from django.contrib import messages

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
