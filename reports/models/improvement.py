"""The AP improvement plan, in the shape of BCP's oversight board (scrutiny report, November 2024):
priority areas, each with actions that have a lead, a due date and a status, and the counts by
status the board reads ("15 completed, 1 embedded, 20 on track, 7 not started, 3 at risk")."""

from __future__ import annotations

from django.db import models

from apcommission.core.models import Organisation, TimeStampedModel

from ..querysets import LAStaffQuerySet


class ActionStatus(models.TextChoices):
    COMPLETED = "completed", "Completed"
    EMBEDDED = "embedded", "Actioned and embedded"
    ON_TRACK = "on_track", "On track"
    NOT_STARTED = "not_started", "Not started"
    AT_RISK = "at_risk", "At risk"


class PriorityArea(TimeStampedModel):
    local_authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="improvement_areas", limit_choices_to={"kind": "la"}
    )
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    objects = LAStaffQuerySet.as_manager()

    class Meta:
        ordering = ["local_authority", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "title"], name="priority_area_title_unique_per_la")
        ]

    def __str__(self) -> str:
        return self.title


class ImprovementActionQuerySet(LAStaffQuerySet):
    def scope_filter(self, scope):
        return models.Q(area__local_authority_id__in=scope.la_ids) if scope.la_ids else None


class ImprovementAction(TimeStampedModel):
    area = models.ForeignKey(PriorityArea, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("Action")
    lead = models.CharField("Lead (service or person)", max_length=200)
    due_date = models.DateField("Due date")
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    progress_note = models.TextField("Latest progress (optional)", blank=True)
    submission_token = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    objects = ImprovementActionQuerySet.as_manager()

    class Meta:
        ordering = ["area", "due_date", "id"]
        indexes = [models.Index(fields=["area", "status"], name="improvement_area_status_idx")]

    def __str__(self) -> str:
        return self.description[:80]
