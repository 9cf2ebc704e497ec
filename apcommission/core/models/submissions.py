"""Create forms that resist a double submit: each rendered form carries a random submission token,
and the first POST with it claims the token here. A repeat (a double click, or back and submit
again) finds the claim and is shown what the first POST made, instead of making it again."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class FormSubmission(models.Model):
    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Form submission {self.token}"

    def made(self):
        """What the first POST made (None when it made nothing one can point at, or it is gone)."""
        if self.content_type is None or not self.object_id:
            return None
        return self.content_type.model_class()._default_manager.filter(pk=self.object_id).first()
