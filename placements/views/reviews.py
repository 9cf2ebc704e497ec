"""Placement reviews: the list on a placement, recording one, reading one, and reviews due."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from apcommission.core.addresses import address_of
from apcommission.core.audit import audit_view, audit_view_request
from apcommission.core.compiled import access_compiled_or_404, compiled_together
from apcommission.core.models import Role
from apcommission.core.paging import keyset_page, list_shape
from apcommission.core.permissions import pupil_page_roles, role_required
from apcommission.core.scoping import access_or_404

from ..forms import ReviewForm
from ..models import Placement, PlacementStatus
from ..models.reviews import PlacementReview, ReviewDecision
from ..selectors import (
    attendance_by_placement,
    calendar_key,
    next_review_due,
    reviews_due_queryset,
)
from ..selectors.reviews import reviews_tab_request
from ..selectors.rows import REVIEW_DUE_ROW_FIELDS, provider_name, review_due_body
from ..services.reviews import ReviewDetails, can_review, review_record
from ._common import LA_ACTING, LA_STAFF, PAGE_SIZE, SEES_PUPILS, add_service_errors

REVIEWING = (*LA_ACTING, Role.SCHOOL_USER, Role.PROVIDER_USER)


def _placement(request, pk: int) -> Placement:
    return access_or_404(
        Placement.objects.with_related().select_related("pupil__home_school__organisation"), request.user, pk=pk
    )


def _placement_page(request, pk: int) -> Placement:
    """_placement, its statement compiled once a process for the user's scope."""
    return access_compiled_or_404(
        "placement reviews",
        lambda: Placement.objects.with_related().select_related("pupil__home_school__organisation"),
        request.user,
        pk,
    )


@pupil_page_roles(*SEES_PUPILS)
def review_list(request, pk: int):
    placement = _placement_page(request, pk)
    # Only a placement still running has a next review, counted on its school's calendar: its
    # term dates and closures are read with the reviews and the attendance, in one statement, sent
    # with the view's audit event.
    running = placement.status == PlacementStatus.ACTIVE
    (tab,), _viewed = compiled_together(
        reviews_tab_request(placement.pk, calendar_key(placement) if running else None),
        audit_view_request(request, placement),
    )
    reviews = _review_rows(tab.reviews)
    due_by = None
    if running:
        last = reviews[0]["review_date"] if reviews else None
        due_by = next_review_due(calendar=tab.calendar, start_date=placement.start_date, last_review=last)
    context = {
        "placement": placement,
        "pupil": placement.pupil,
        "reviews": reviews,
        "due_by": due_by,
        "overdue": due_by is not None and due_by < timezone.localdate(),
        "can_review": running and can_review(user=request.user, placement=placement),
        "attendance": tab.attendance,
    }
    return render(request, "placements/reviews/review_list.html", context)


#: The review's decision as the page names it, looked up once.
DECISION_LABELS = dict(ReviewDecision.choices)


def _review_rows(reviews: list[tuple]) -> list[dict]:
    """The placement's reviews, newest first, as the page's table shows them."""
    address = address_of("placements:review-detail")
    return [
        {
            "url": address(pk),
            "review_date": review_date,
            "decision": DECISION_LABELS.get(decision, decision),
            "attendance_percent": attendance_percent,
        }
        for pk, review_date, decision, attendance_percent in reviews
    ]


@pupil_page_roles(*REVIEWING)
def review_create(request, pk: int):

    placement = _placement(request, pk)
    if not can_review(user=request.user, placement=placement):
        raise Http404("Page not found")
    form = ReviewForm(request.POST or None, placement=placement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = review_record(
                user=request.user,
                placement=placement,
                details=ReviewDetails(
                    review_date=data["review_date"],
                    attendees=data["attendees"],
                    progress=data["progress"],
                    pupil_what_is_working=data["pupil_what_is_working"],
                    pupil_what_should_change=data["pupil_what_should_change"],
                    decision=data["decision"],
                    decision_notes=data["decision_notes"],
                    submission_token=data["submission_token"],
                    new_end_date=data.get("new_end_date"),
                    outcome=data.get("outcome") or "",
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Review of {placement.pupil.full_name}'s placement recorded")
            return redirect("placements:review-detail", pk=review.pk)
    return render(
        request,
        "placements/reviews/review_form.html",
        {
            "form": form,
            "placement": placement,
            "pupil": placement.pupil,
            "attendance": attendance_by_placement([placement.pk]).get(placement.pk),
        },
    )


@pupil_page_roles(*SEES_PUPILS)
def review_detail(request, pk: int):
    review = access_or_404(
        PlacementReview.objects.select_related(
            "placement__pupil", "placement__provider__organisation", "placement__site", "recorded_by"
        ),
        request.user,
        pk=pk,
    )
    audit_view(request, review)
    return render(
        request,
        "placements/reviews/review_detail.html",
        {"review": review, "placement": review.placement, "pupil": review.placement.pupil},
    )


@role_required(*LA_STAFF, Role.SCHOOL_USER, Role.PROVIDER_USER)
def reviews_due_list(request):
    today = timezone.localdate()
    user = request.user

    def due():
        """The list's queryset: built only when its first page is compiled, or for a later page."""
        placements = reviews_due_queryset(placements=Placement.objects.visible_to(user), today=today)
        return placements.with_last_review().annotate(**provider_name())

    order = ["review_due_by", "id"]
    shape = list_shape("reviews due", user, today)
    page = keyset_page(
        due,
        model=Placement,
        order=order,
        params=request.GET,
        per_page=PAGE_SIZE,
        columns=REVIEW_DUE_ROW_FIELDS,
        shape=shape,
        values_in_text=True,
    )
    body = review_due_body(page.object_list, today=today)
    return render(request, "placements/reviews/reviews_due.html", {"page": page, "body": body, "today": today})
