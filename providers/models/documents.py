"""Compliance documents with expiry dates (they feed the reminders issue)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from apcommission.core.models import TimeStampedModel

from ..choices import DocumentKind
from ..files import private_upload_to
from ..querysets import ComplianceDocumentQuerySet


class ComplianceDocument(TimeStampedModel):
    provider = models.ForeignKey("providers.Provider", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=200, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True, db_index=True, help_text="Empty: does not expire.")
    file = models.FileField(upload_to=private_upload_to, max_length=300)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ComplianceDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["expires_on", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(issued_on__isnull=True) | Q(expires_on__gte=F("issued_on")),
                name="compliancedocument_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def name_with_kind(self) -> str:
        """Its title and, when the title does not already say it, its kind: never said twice."""
        return self.name_of(self.title, self.get_kind_display())

    @staticmethod
    def name_of(title: str, kind: str) -> str:
        """name_with_kind for a title and a kind's label (rows read as values)."""
        if not title or kind.lower() in title.lower():
            return title or kind
        return f"{title} ({kind})"

    def is_expired_on(self, on: dt.date) -> bool:
        return self.expires_on is not None and self.expires_on < on

    @property
    def is_expired(self) -> bool:
        return self.is_expired_on(timezone.localdate())
