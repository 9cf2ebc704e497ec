"""Recording placement reviews (DfE, *Arranging alternative provision*, 2025: a personalised plan
with objectives, reviewed at least half-termly, with the pupil's views)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apcommission.core.audit import audit_change
from apcommission.core.models import Role
from apcommission.core.scoping import scope_for

from ..models import Outcome, Placement, PlacementStatus
from ..models.reviews import PlacementReview, ReviewDecision
from ..selectors import attendance_by_placement, calendar_key, calendars_for, next_review_due
from .booking import placement_end, placement_extend
from .deadlines import deadlines_refresh
from .figures import figures_changed
from .review_schedule import review_schedule_refresh


@dataclass
class ReviewDetails:
    review_date: dt.date
    attendees: str
    progress: str
    pupil_what_is_working: str
    pupil_what_should_change: str
    decision: str
    decision_notes: str = ""
    submission_token: uuid.UUID | None = None
    new_end_date: dt.date | None = None
    outcome: str = ""


def can_review(*, user, placement: Placement) -> bool:
    """The LA officers and managers of the pupil's LA, the home school's users and the provider's
    users hold reviews; finance officers and administrators read them."""
    scope = scope_for(user)
    acting_las = scope.orgs_with_role(Role.LA_OFFICER) | scope.orgs_with_role(Role.LA_MANAGER)
    school = placement.pupil.home_school
    return (
        placement.pupil.home_la_id in acting_las
        or (school is not None and school.organisation_id in scope.orgs_with_role(Role.SCHOOL_USER))
        or placement.provider.organisation_id in scope.orgs_with_role(Role.PROVIDER_USER)
    )


def review_date_problem(*, placement: Placement, review_date: dt.date, today: dt.date) -> str:
    """Why a review date is refused ("" if it is not): a review records a meeting that happened,
    during the placement."""
    if review_date > today:
        return "The date of the review must be today or in the past"
    if review_date < placement.start_date:
        return f"The date of the review must be on or after the placement started ({placement.start_date:%-d %B %Y})"
    return ""


def _check_review(*, placement: Placement, details: ReviewDetails, today: dt.date) -> None:
    errors = {}
    if placement.status != PlacementStatus.ACTIVE:
        errors["__all__"] = "You can only record a review of an active placement"
    problem = review_date_problem(placement=placement, review_date=details.review_date, today=today)
    if problem:
        errors["review_date"] = problem
    if details.decision == ReviewDecision.EXTEND and details.new_end_date is None:
        errors["new_end_date"] = "Enter the new end date of the placement"
    elif details.decision == ReviewDecision.EXTEND and details.new_end_date <= placement.end_date:
        errors["new_end_date"] = f"The new end date must be after the current one, {placement.end_date:%-d %B %Y}"
    if details.decision == ReviewDecision.END and details.outcome not in Outcome.values:
        errors["outcome"] = "Select the outcome of the placement"
    if errors:
        raise ValidationError(errors)


def review_record(
    *, user, placement: Placement, details: ReviewDetails, today: dt.date | None = None
) -> PlacementReview:
    """Record a review of an active placement. The attendance to the review date is worked out
    from the register and stored; the next review's due date follows the schedule. A double
    submit (same submission token) returns the review already recorded."""
    if not can_review(user=user, placement=placement):
        raise PermissionDenied("You cannot record a review of this placement")
    if details.submission_token:
        existing = PlacementReview.objects.filter(submission_token=details.submission_token).first()
        if existing is not None and existing.placement_id == placement.pk:
            return existing
    _check_review(placement=placement, details=details, today=today or timezone.localdate())

    stats = attendance_by_placement([placement.pk], up_to=details.review_date).get(placement.pk)
    calendar = calendars_for({calendar_key(placement)})[calendar_key(placement)]
    review = PlacementReview(
        placement=placement,
        review_date=details.review_date,
        attendees=details.attendees.strip(),
        progress=details.progress.strip(),
        pupil_what_is_working=details.pupil_what_is_working.strip(),
        pupil_what_should_change=details.pupil_what_should_change.strip(),
        decision=details.decision,
        decision_notes=details.decision_notes.strip(),
        new_end_date=details.new_end_date if details.decision == ReviewDecision.EXTEND else None,
        outcome=_outcome_of(details),
        sessions_possible=stats.possible if stats else 0,
        sessions_attended=stats.attended if stats else 0,
        attendance_percent=stats.percent if stats else None,
        next_review_due=next_review_due(
            calendar=calendar, start_date=placement.start_date, last_review=details.review_date
        ),
        recorded_by=user,
    )
    if details.submission_token:
        review.submission_token = details.submission_token
    review.full_clean()
    try:
        with transaction.atomic():
            review.save()
            audit_change(user=user, obj=review)
            if not review_schedule_refresh(placements=Placement.objects.filter(pk=placement.pk)):
                # Due on the same day as before: the cycle the review met still closes.
                deadlines_refresh(pupil_ids=[placement.pupil_id])
            figures_changed(placement=placement)
            _act_on(review=review, user=user, placement=placement)
    except IntegrityError:
        # Two submits of the same form raced: the other one recorded it.
        existing = PlacementReview.objects.filter(submission_token=review.submission_token).first()
        if existing is None:
            raise
        return existing
    return review


def _outcome_of(details: ReviewDetails) -> str:
    if details.decision == ReviewDecision.REINTEGRATE:
        return Outcome.REINTEGRATED
    return details.outcome if details.decision == ReviewDecision.END else ""


def _act_on(*, review: PlacementReview, user, placement: Placement) -> None:
    """The review's decision changes the placement through the placement services, in the same
    transaction: extend to the new end date; end (with the outcome) or reintegrate (ended on the
    review date, outcome "reintegrated"). Continue and change provider leave it as it is: a
    change of provider is a new request, which the review page links to."""
    if review.decision == ReviewDecision.EXTEND:
        placement_extend(user=user, placement=placement, end_date=review.new_end_date)
    elif review.decision in (ReviewDecision.END, ReviewDecision.REINTEGRATE):
        placement_end(
            user=user,
            placement=placement,
            outcome=review.outcome,
            ended_on=review.review_date,
            detail=f"Decided at the review on {review.review_date:%-d %B %Y}",
        )
