"""Concerns about providers and schools' termly feedback (Havering: "reporting of concerns",
"termly provision feedback")."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apcommission.core.models import Organisation, TimeStampedModel

from ..choices import ConcernStatus, FeedbackRating, Term
from ..querysets import ConcernQuerySet, FeedbackQuerySet


class Concern(TimeStampedModel):
    provider = models.ForeignKey("providers.Provider", on_delete=models.CASCADE, related_name="concerns")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reporting_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    summary = models.CharField(max_length=200)
    details = models.TextField()
    status = models.CharField(max_length=16, choices=ConcernStatus.choices, default=ConcernStatus.OPEN, db_index=True)
    outcome = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-created_on", "-id"]

    def __str__(self) -> str:
        return self.summary


class Feedback(TimeStampedModel):
    """A school's feedback on a provider it used, once a term."""

    provider = models.ForeignKey("providers.Provider", on_delete=models.CASCADE, related_name="feedback")
    school = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    academic_year = models.PositiveSmallIntegerField(help_text="The year the academic year starts, e.g. 2026.")
    term = models.CharField(max_length=8, choices=Term.choices)
    rating = models.PositiveSmallIntegerField("Overall", choices=FeedbackRating.choices)
    comments = models.TextField(blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year", "-created_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "school", "academic_year", "term"], name="feedback_one_per_school_term"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} on {self.provider}, {self.get_term_display()} {self.academic_year}"
