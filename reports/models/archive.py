"""The report archive: every Forum pack generated, with the parameters it was made from, the time
its data was read, and a SHA-256 checksum of the exact bytes, so the LA can show what it presented
on a given date. The PDF is kept in the database (a few hundred kilobytes), inside the same
backups and transactions as the figures it came from."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models

from apcommission.core.models import Organisation, TimeStampedModel

from ..querysets import ReportPackQuerySet


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class ReportPack(TimeStampedModel):
    """One Schools Forum budget pack as generated: never changed after it is ready, only published."""

    local_authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="report_packs", limit_choices_to={"kind": "la"}
    )
    title = models.CharField(max_length=200)
    meeting_date = models.DateField("Date of the Forum meeting")
    financial_year = models.PositiveSmallIntegerField(help_text="The year the pack reports on: 2026 is 2026-27.")
    parameters = models.JSONField(default=dict, help_text="Everything the pack was made from, as chosen.")
    status = models.CharField(max_length=8, choices=PackStatus.choices, default=PackStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done, while being prepared.")
    error = models.TextField(blank=True)
    data_as_of = models.DateTimeField(null=True, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    checksum = models.CharField("SHA-256", max_length=64, blank=True)
    size_bytes = models.PositiveIntegerField(default=0)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    submission_token = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    objects = ReportPackQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting_date", "-created_on", "-id"]
        indexes = [models.Index(fields=["local_authority", "-meeting_date"], name="pack_la_meeting_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | models.Q(status=PackStatus.READY),
                name="pack_published_only_when_ready",
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="pack_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_ready(self) -> bool:
        return self.status == PackStatus.READY

    def matches_checksum(self) -> bool:
        return bool(self.pdf) and hashlib.sha256(bytes(self.pdf)).hexdigest() == self.checksum
