"""Keeping feedback about the service for the administrators of the sender's local authority."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..models import Organisation, OrganisationKind, Satisfaction, ServiceFeedback
from ..scoping import scope_for


def _own_page(page: str) -> str:
    """The page the link was followed from, only when it is a path of this service."""
    page = (page or "").strip()
    own = page.startswith("/") and not page.startswith("//") and "\\" not in page and len(page) <= 200
    return page if own else ""


def feedback_send(
    *, user, satisfaction: str, improve: str = "", page: str = "", submission_token: uuid.UUID | None = None
) -> ServiceFeedback:
    """Store one piece of feedback. Sending the same form twice (same submission_token) keeps one."""
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": "Select how you feel about the service"})
    if submission_token is not None:
        existing = ServiceFeedback.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    signed_in = user is not None and user.is_authenticated
    la_ids = sorted(scope_for(user).member_la_ids) if signed_in else []
    la = Organisation.objects.filter(pk__in=la_ids, kind=OrganisationKind.LOCAL_AUTHORITY).order_by("pk").first()
    feedback = ServiceFeedback(
        satisfaction=satisfaction,
        improve=(improve or "").strip(),
        page=_own_page(page),
        user=user if signed_in else None,
        local_authority=la,
    )
    if submission_token is not None:
        feedback.submission_token = submission_token
    feedback.full_clean()
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:
        # A concurrent submission of the same form won the race: that one is kept.
        return ServiceFeedback.objects.get(submission_token=submission_token)
    return feedback
