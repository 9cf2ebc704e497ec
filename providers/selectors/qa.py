"""Quality assurance: compliance documents due and a provider's QA reviews."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from apcommission.core.scoping import Scope, scope_for

from .. import conf
from ..models import (
    ComplianceDocument,
    Provider,
    QAReview,
)


def documents_due(
    *, user=None, scope: Scope | None = None, on: dt.date | None = None, within_days: int | None = None
) -> QuerySet[ComplianceDocument]:
    """Documents expired, or expiring within the warning period (30 days), for the reminders issue:
    those the user may see, or a scope (an LA's maintained figures)."""
    on = on or timezone.localdate()
    within = conf.document_expiry_warning_days() if within_days is None else within_days
    return (
        ComplianceDocument.objects.visible_in(scope if scope is not None else scope_for(user))
        .filter(expires_on__lte=on + dt.timedelta(days=within))
        .select_related("provider__organisation")
        .order_by("expires_on", "pk")
    )


def latest_qa_reviews(provider: Provider) -> QuerySet[QAReview]:
    return provider.qa_reviews.select_related("author", "moderated_by").order_by("-reviewed_on", "-id")
