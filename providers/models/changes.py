"""Providers' own changes to prices and places wait here for an LA officer's decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apcommission.core.models import TimeStampedModel

from ..choices import ChangeKind, ChangeStatus
from ..querysets import ChangeRequestQuerySet


class ChangeRequest(TimeStampedModel):
    provider = models.ForeignKey("providers.Provider", on_delete=models.CASCADE, related_name="change_requests")
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    #: The proposed values, as the form cleaned them (dates and money as strings).
    payload = models.JSONField()
    summary = models.CharField(max_length=300)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_on", "-id"]

    def __str__(self) -> str:
        return self.summary
