"""Invitations: how a person gets an account. An administrator (or an LA officer, or a school's
head, within their scope) invites an e-mail address to a role at an organisation; the link in
the e-mail lets that person choose a password, once, before it expires."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from .base import TimeStampedModel
from .organisations import Organisation, Role


def token_digest(token: str) -> str:
    """Only a digest of the link's token is stored: a copy of the database cannot accept an invitation."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(TimeStampedModel):
    """One invitation e-mail. Accepting it sets the invitee's password; a resend replaces it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_head = models.BooleanField("Head teacher", default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True, help_text="Replaced by a newer invitation.")
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-created_on"]
        indexes = [models.Index(fields=["user", "-created_on"], name="invitation_user_newest_idx")]

    def __str__(self) -> str:
        return f"Invitation for {self.user.email} to {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None and self.expires_at > timezone.now()
