"""Legal holds (a pupil's records are kept past their retention date while one is in place) and
the record of what the retention task anonymised, so it is done once."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from apcommission.core.models import TimeStampedModel
from placements.models import Pupil

from ..querysets import PupilRecordQuerySet


class LegalHold(TimeStampedModel):
    """Keep everything about this pupil, whatever the retention schedule says (a claim, a complaint,
    an inquiry, a safeguarding review). At most one hold in place per pupil."""

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.TextField("Why the records must be kept")
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submission_token = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    objects = PupilRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil"],
                condition=models.Q(released_at__isnull=True),
                name="legal_hold_one_in_place_per_pupil",
                violation_error_message="This pupil's records are already on hold",
            ),
        ]

    def __str__(self) -> str:
        return f"Legal hold from {self.created_on:%d/%m/%Y}"

    @property
    def in_place(self) -> bool:
        return self.released_at is None


class RetainedRecord(models.Model):
    """One record the retention task anonymised, and when (deleted records leave only the audit)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    rule = models.CharField(max_length=40)
    anonymised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="retained_record_once"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} anonymised ({self.rule})"
