"""Feedback about the service: each LA's administrators read their own LA's, nobody else any."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from ..models import Role, ServiceFeedback
from ..scoping import scope_for


def feedback_for(user) -> QuerySet[ServiceFeedback]:
    administered = scope_for(user).orgs_with_role(Role.ADMINISTRATOR)
    if not administered:
        return ServiceFeedback.objects.none()
    return ServiceFeedback.objects.filter(local_authority_id__in=administered).select_related("user")


def feedback_home_panels(*, user, scope) -> list[dict]:
    """Administrators: the feedback their LA's people sent, with how many."""
    if not scope.orgs_with_role(Role.ADMINISTRATOR):
        return []
    count = feedback_for(user).count()
    link = {"label": "Feedback on the service", "url": reverse("core:feedback-list"), "hint": f"{count} received"}
    return [{"title": "The service", "links": [link]}]
