"""The approval lifecycle: applied → under review → approved / approved with conditions →
suspended → decommissioned, each change with reason, author and date, kept as history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apcommission.core.audit import audit_change, snapshot

from ..choices import ApprovalStatus, QAOutcome
from ..deadlines import provider_deadlines_changed
from ..models import ApprovalChange, Provider, QAReview
from ._common import locked, require_officer
from .figures import register_figures_changed

S = ApprovalStatus

#: Which status may follow which (Havering de-commissions providers that fall short; a
#: decommissioned provider re-enters by applying again).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.APPLIED: frozenset({S.UNDER_REVIEW, S.DECOMMISSIONED}),
    S.UNDER_REVIEW: frozenset({S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.APPLIED, S.DECOMMISSIONED}),
    S.APPROVED: frozenset({S.APPROVED_WITH_CONDITIONS, S.UNDER_REVIEW, S.SUSPENDED, S.DECOMMISSIONED}),
    S.APPROVED_WITH_CONDITIONS: frozenset({S.APPROVED, S.UNDER_REVIEW, S.SUSPENDED, S.DECOMMISSIONED}),
    S.SUSPENDED: frozenset({S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.UNDER_REVIEW, S.DECOMMISSIONED}),
    S.DECOMMISSIONED: frozenset({S.APPLIED}),
}
APPROVALS = frozenset({S.APPROVED, S.APPROVED_WITH_CONDITIONS})


def allowed_next_statuses(provider: Provider) -> list[str]:
    return [s for s in S if s in ALLOWED_TRANSITIONS.get(provider.status, frozenset())]


def approving_review(
    provider: Provider,
    *,
    on: dt.date | None = None,
    latest: Sequence[QAReview] | None = None,
    latest_are_all: bool = False,
) -> QAReview | None:
    """The latest moderated QA review, not past its next review date, if its outcome approves.

    `latest`: the provider's latest reviews already read, newest first (reviewed on, then id), as
    the provider page lists them (`latest_are_all`: they are every review the provider has). The
    answer is the first of them that is moderated and current when there is one, and none when
    they are all; only otherwise is it read."""
    on = on or timezone.localdate()
    review = None
    if latest is not None:
        review = next((r for r in latest if r.moderated_by_id is not None and r.next_review_date >= on), None)
    if review is None and not (latest is not None and latest_are_all):
        review = (
            QAReview.objects.filter(provider=provider, moderated_by__isnull=False, next_review_date__gte=on)
            .order_by("-reviewed_on", "-id")
            .first()
        )
    if review is None or review.outcome == QAOutcome.NOT_APPROVED:
        return None
    return review


def _check_approval(provider: Provider, to_status: str, conditions: str) -> str:
    """Approval needs a moderated, current QA review whose outcome allows it (Herefordshire: QA
    moderated and consistently applied). Returns the conditions to record."""
    review = approving_review(provider)
    if review is None:
        raise ValidationError(
            {
                "to_status": "You cannot approve this provider until a QA review that recommends approval has been "
                "moderated by a second officer and is not past its next review date"
            }
        )
    if to_status == S.APPROVED and review.outcome == QAOutcome.APPROVE_WITH_CONDITIONS:
        raise ValidationError(
            {"to_status": "The moderated QA review approves with conditions: choose approved with conditions"}
        )
    if to_status == S.APPROVED_WITH_CONDITIONS:
        conditions = (conditions or review.conditions).strip()
        if not conditions:
            raise ValidationError({"conditions": "Enter the conditions of approval"})
        return conditions
    return ""


@transaction.atomic
def provider_change_status(
    *, provider: Provider, to_status: str, reason: str, author, conditions: str = ""
) -> ApprovalChange:
    """Move a provider along the approval lifecycle, keeping the change as history."""
    require_officer(author, provider)
    provider = locked(provider)
    before = snapshot(provider)
    if to_status not in S.values:
        raise ValidationError({"to_status": "Select the new status"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter the reason for the change"})
    if to_status not in ALLOWED_TRANSITIONS[provider.status]:
        raise ValidationError(
            {
                "to_status": f"A provider that is {S(provider.status).label.lower()} cannot become "
                f"{S(to_status).label.lower()}"
            }
        )
    if to_status in APPROVALS:
        provider.conditions = _check_approval(provider, to_status, conditions)
    elif to_status != S.SUSPENDED:
        provider.conditions = ""
    change = ApprovalChange(
        provider=provider, from_status=provider.status, to_status=to_status, reason=reason.strip(), author=author
    )
    change.full_clean()
    provider.status = to_status
    provider.full_clean()
    provider.save()
    change.save()
    audit_change(user=author, obj=provider, before=before)
    # A decommissioned provider's QA and documents are no longer anyone's task (nor again theirs).
    provider_deadlines_changed(provider_ids=[provider.pk])
    register_figures_changed(provider_id=provider.pk)
    return change
