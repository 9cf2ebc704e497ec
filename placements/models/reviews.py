"""Placement reviews: at least half-termly (DfE, *Arranging alternative provision*, 2025), with
the pupil's own views heard and recorded in their words (BCP scrutiny report, Nov 2024: "I want a
voice in decisions that include me")."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from apcommission.core.audit import register_child_record
from apcommission.core.models import TimeStampedModel

from ..querysets import PlacementRecordQuerySet
from .placements import Outcome, Placement


class ReviewDecision(models.TextChoices):
    CONTINUE = "continue", "Continue the placement"
    EXTEND = "extend", "Extend the placement"
    REINTEGRATE = "reintegrate", "Reintegrate to school"
    END = "end", "End the placement"
    CHANGE_PROVIDER = "change_provider", "Change provider (a new request)"


class PlacementReviewQuerySet(PlacementRecordQuerySet):
    """Visible to whoever may see the placement (placements.querysets.placement_scope_filter)."""


@register_child_record
class PlacementReview(TimeStampedModel):
    """One review meeting. The attendance figures are worked out from the daily register when the
    review is recorded and stored, so the review says what the people in the room saw."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="reviews")
    review_date = models.DateField("Date of the review")
    attendees = models.TextField("Who attended", help_text="Names and roles, one a line.")
    progress = models.TextField("Progress against the objectives")
    pupil_what_is_working = models.TextField("What the pupil says is working")
    pupil_what_should_change = models.TextField("What the pupil says should change")
    sessions_possible = models.PositiveIntegerField(default=0, help_text="Marked sessions, less 'not required'.")
    sessions_attended = models.PositiveIntegerField(default=0, help_text="Present or late.")
    attendance_percent = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    decision = models.CharField(max_length=16, choices=ReviewDecision.choices)
    new_end_date = models.DateField("New end date", null=True, blank=True, help_text="When the decision extends it.")
    outcome = models.CharField(
        max_length=16, choices=Outcome.choices, blank=True, help_text="When the decision ends the placement."
    )
    decision_notes = models.TextField("Reasons and next steps", blank=True)
    next_review_due = models.DateField(null=True, blank=True, help_text="Worked out from the review schedule.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submission_token = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, help_text="One per form: a double submit records one review."
    )

    history = HistoricalRecords()
    objects = PlacementReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-review_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sessions_attended__lte=models.F("sessions_possible")),
                name="review_attended_within_possible",
            ),
        ]
        indexes = [models.Index(fields=["placement", "-review_date"], name="review_placement_date_idx")]

    def __str__(self) -> str:
        return f"Review on {self.review_date:%d/%m/%Y}"
