"""What people tell the service about the service (the phase banner's feedback link), kept for the
administrators of their local authority (core.selectors.feedback_for: nobody else reads it).
Never about a child: the form says so."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from .base import TimeStampedModel


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", "Very satisfied"
    SATISFIED = "satisfied", "Satisfied"
    NEITHER = "neither", "Neither satisfied nor dissatisfied"
    DISSATISFIED = "dissatisfied", "Dissatisfied"
    VERY_DISSATISFIED = "very_dissatisfied", "Very dissatisfied"


class ServiceFeedback(TimeStampedModel):
    satisfaction = models.CharField(max_length=20, choices=Satisfaction.choices)
    improve = models.TextField("How could we improve this service?", blank=True)
    #: The page the feedback link was followed from (a path of this service).
    page = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    #: The LA whose administrators read it: the sender's LA (none when signed out).
    local_authority = models.ForeignKey(
        "core.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    #: One per form shown: sending the same form twice keeps one.
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-created_on", "-id"]

    def __str__(self) -> str:
        return f"Feedback of {self.created_on:%d/%m/%Y}: {self.get_satisfaction_display()}"
