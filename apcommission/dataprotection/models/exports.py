"""A subject access export: everything the service holds about one pupil, as a ZIP file."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apcommission.core.models import Organisation, TimeStampedModel
from placements.models import Pupil

from ..querysets import PupilRecordQuerySet


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"
    REMOVED = "removed", "File removed after its retention period"


class SubjectAccessExport(TimeStampedModel):
    """One export for one pupil. The ZIP is removed when its short retention period ends (the
    request itself is kept, as the record that the LA answered it)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="subject_access_exports")
    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done, while being prepared.")
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="subject-access/", blank=True, max_length=200)
    size_bytes = models.PositiveIntegerField(default=0)
    checksum = models.CharField("SHA-256", max_length=64, blank=True)
    records = models.PositiveIntegerField(default=0, help_text="Rows exported, history and audit trail included.")
    finished_at = models.DateTimeField(null=True, blank=True)
    submission_token = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    objects = PupilRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="export_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"Subject access export {self.pk} ({self.created_on:%d/%m/%Y})"

    @property
    def is_ready(self) -> bool:
        return self.status == ExportStatus.READY and bool(self.file)

    @property
    def in_progress(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)
