"""The audit log: who viewed, exported or changed which record, and when."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_OUT = "sign_out", "Signed out"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    LOCKED_OUT = "locked_out", "Locked out"
    UNLOCKED = "unlocked", "Unlocked"
    INVITED = "invited", "Invited"
    INVITATION_ACCEPTED = "invite_accepted", "Accepted invitation"
    DEACTIVATED = "deactivated", "Deactivated"
    REACTIVATED = "reactivated", "Reactivated"
    PASSWORD_CHANGED = "password_changed", "Changed password"
    PASSWORD_RESET = "password_reset", "Reset password"
    PASSWORD_RESET_SENT = "reset_requested", "Asked for a password reset"
    TWO_FACTOR_SET_UP = "2fa_set_up", "Set up two-factor sign-in"
    TWO_FACTOR_RESET = "2fa_reset", "Reset two-factor sign-in"
    RECOVERY_CODES = "recovery_codes", "Made new recovery codes"
    SIGNED_OUT_EVERYWHERE = "signed_out_all", "Signed out everywhere"
    TIMED_OUT = "timed_out", "Signed out for inactivity"


class AuditEvent(models.Model):
    """Who viewed or changed which record, when, and what changed. Append-only.

    Field-level history of each child-data model is kept by django-simple-history as well; this
    log adds the views and exports that history cannot see, and is what administrators search.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    local_authority = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "la"},
        help_text="The LA whose administrators may read this event (empty: none could be derived).",
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    user_email = models.CharField(max_length=254, blank=True, help_text="Kept if the user is later removed.")
    action = models.CharField(max_length=20, choices=AuditAction.choices, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True, help_text="Field: [before, after] for changes.")
    path = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    is_child_record = models.BooleanField(default=False, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="audit_target_idx"),
            models.Index(fields=["local_authority", "-at", "-id"], name="audit_la_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_email} {self.get_action_display().lower()} {self.object_repr} at {self.at:%d/%m/%Y %H:%M}"
