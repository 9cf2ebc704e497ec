"""The AP daily register and the missing-pupil alerts it raises.

A school that places a pupil in AP stays responsible for their safeguarding (KCSIE; DfE,
*Arranging alternative provision*, 2025), so a session with no mark, or an absence with no reason,
by the alert time (placements.conf) tells the home school and the LA officers the same day: a
deadline of kind "attendance" for that placement, day and session, and its reminders
(placements.services.attendance)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apcommission.core.audit import register_child_record
from apcommission.core.models import TimeStampedModel

from ..querysets import PlacementRecordQuerySet
from .placements import Placement


class Session(models.TextChoices):
    AM = "am", "Morning"
    PM = "pm", "Afternoon"


class Mark(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    AUTHORISED = "authorised", "Authorised absence"
    UNAUTHORISED = "unauthorised", "Unauthorised absence"
    NOT_REQUIRED = "not_required", "Not required"


#: Marks that count as attending, and marks that are absences (which need a reason by the alert time).
ATTENDED_MARKS = frozenset({Mark.PRESENT, Mark.LATE})
ABSENCE_MARKS = frozenset({Mark.AUTHORISED, Mark.UNAUTHORISED})


class AttendanceMarkQuerySet(PlacementRecordQuerySet):
    """Visible to whoever may see the placement (placements.querysets.placement_scope_filter)."""


@register_child_record
class AttendanceMark(TimeStampedModel):
    """One pupil's mark for one session at the AP. One per placement, date and session."""

    # Indexed by attendance_placement_mark_idx (a placement's attendance to date is counted from it).
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="attendance_marks", db_index=False)
    date = models.DateField()
    session = models.CharField(max_length=2, choices=Session.choices)
    mark = models.CharField(max_length=12, choices=Mark.choices)
    reason = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()
    objects = AttendanceMarkQuerySet.as_manager()

    class Meta:
        ordering = ["date", "session", "id"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "date", "session"], name="attendance_one_mark_per_session"),
        ]
        indexes = [
            models.Index(fields=["date", "session"], name="attendance_date_session_idx"),
            # A placement's marks with the mark itself: the register's attendance to date counts
            # each shown pupil's sessions possible and attended from the index alone.
            models.Index(fields=["placement", "mark"], name="attendance_placement_mark_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_mark_display()} ({self.get_session_display().lower()} {self.date:%d/%m/%Y})"

    @property
    def is_absence(self) -> bool:
        return self.mark in ABSENCE_MARKS


class AlertReason(models.TextChoices):
    """Why a session alerted (kept as the attendance deadline's detail)."""

    NO_MARK = "no_mark", "No attendance mark"
    ABSENT_NO_REASON = "absent_no_reason", "Absent with no reason given"
