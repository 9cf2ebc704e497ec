"""QA: the LA's checklist, recording a review with per-item results and evidence, and its
moderation by a second officer (Herefordshire: QA "moderated and consistently applied")."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apcommission.core.audit import audit_change, snapshot
from apcommission.core.models import Organisation, Role
from apcommission.core.scoping import scope_for

from ..choices import ApprovalStatus, QAGroup, QAOutcome, QAResult
from ..deadlines import provider_deadlines_changed
from ..files import safe_original_name, validate_upload
from ..models import ApprovalChange, Provider, QAChecklistItem, QAEvidence, QAItemResult, QAReview
from ._common import locked, officer_la_ids, require_officer
from .figures import register_figures_changed

G = QAGroup
#: The default checklist, from the issue and the domain brief (section 6: the typical LA
#: checklist and DfE's voluntary national standards for non-school AP, Aug 2025).
DEFAULT_CHECKLIST: tuple[tuple[str, str, str], ...] = (
    ("safeguarding-confirmation", "Written confirmation of safeguarding checks on staff", G.SAFEGUARDING),
    ("scr-dbs", "Single central record and enhanced DBS checks", G.SAFEGUARDING),
    ("safeguarding-policy", "Safeguarding and child-protection policy", G.SAFEGUARDING),
    ("trained-dsl", "Trained designated safeguarding lead", G.SAFEGUARDING),
    ("health-safety", "Health and safety policy and risk assessments", G.HEALTH_SAFETY),
    ("insurance", "Insurance (employer's and public liability)", G.HEALTH_SAFETY),
    ("premises", "Premises suitable and safe", G.HEALTH_SAFETY),
    ("terms-signed", "Signed terms and conditions", G.CONTRACT),
    ("registration-test", "Registration test (must it register as an independent school?)", G.CONTRACT),
    ("data-protection", "Data protection", G.CONTRACT),
    ("attendance-reporting", "Attendance reporting arrangements", G.ADMISSIONS),
    ("curriculum-outcomes", "Curriculum, outcomes and half-termly progress reports", G.EDUCATION),
)


@transaction.atomic
def qa_checklist_ensure_default(*, la: Organisation) -> list[QAChecklistItem]:
    """Seed the LA's checklist from the default the first time it is needed; later edits are the LA's."""
    if not QAChecklistItem.objects.filter(local_authority=la).exists():
        QAChecklistItem.objects.bulk_create(
            [
                QAChecklistItem(local_authority=la, code=code, title=title, group=group, order=(n + 1) * 10)
                for n, (code, title, group) in enumerate(DEFAULT_CHECKLIST)
            ],
            ignore_conflicts=True,
        )
    return list(QAChecklistItem.objects.filter(local_authority=la).active())


def _require_administrator(user, la: Organisation) -> None:
    if la.pk not in scope_for(user).orgs_with_role(Role.ADMINISTRATOR):
        raise PermissionDenied("Only an administrator of the local authority edits the QA checklist")


@transaction.atomic
def qa_checklist_item_save(
    *, la: Organisation, author, item: QAChecklistItem | None = None, **fields
) -> QAChecklistItem:
    """LA administrators add, reword, reorder or retire checklist items."""
    _require_administrator(author, la)
    if item is not None and item.local_authority_id != la.pk:
        raise PermissionDenied("That item belongs to another local authority")
    before = snapshot(item) if item is not None else None
    if item is None:
        item = QAChecklistItem(local_authority=la, code=f"item-{uuid.uuid4().hex[:8]}")
    for key in ("title", "guidance", "group", "order", "is_active"):
        if key in fields:
            setattr(item, key, fields[key])
    item.full_clean()
    item.save()
    audit_change(user=author, obj=item, before=before)
    return item


@dataclass(frozen=True)
class ItemResult:
    item: QAChecklistItem
    result: str
    notes: str = ""


def _validate_review(
    *, reviewed_on: dt.date, next_review_date: dt.date, outcome: str, conditions: str, results: list[ItemResult]
) -> None:
    errors: dict[str, str] = {}
    if reviewed_on > timezone.localdate():
        errors["reviewed_on"] = "The date of the review must be today or in the past"
    if next_review_date <= reviewed_on:
        errors["next_review_date"] = "The next review date must be after the date of the review"
    if outcome not in QAOutcome.values:
        errors["outcome"] = "Select the outcome of the review"
    if outcome == QAOutcome.APPROVE_WITH_CONDITIONS and not conditions.strip():
        errors["conditions"] = "Enter the conditions of approval"
    if outcome == QAOutcome.APPROVE and any(r.result == QAResult.NOT_MET for r in results):
        errors["outcome"] = (
            "A review with a check not met cannot recommend approval without conditions: "
            "choose approve with conditions or does not meet the standard"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def qa_review_record(
    *,
    provider: Provider,
    author,
    reviewed_on: dt.date,
    outcome: str,
    next_review_date: dt.date,
    results: list[ItemResult],
    conditions: str = "",
    summary: str = "",
    evidence: list | tuple = (),
    submission_key: uuid.UUID | None = None,
) -> QAReview:
    """Record a QA review: every active checklist item's result, the overall outcome and the next
    review date. A second submission of the same form (same submission_key) returns the first."""
    require_officer(author, provider)
    provider = locked(provider)
    if submission_key is not None:
        existing = QAReview.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            if existing.provider_id != provider.pk:
                raise ValidationError("This form has already been used; start a new review")
            return existing
    _validate_review(
        reviewed_on=reviewed_on,
        next_review_date=next_review_date,
        outcome=outcome,
        conditions=conditions,
        results=results,
    )
    for upload in evidence:
        validate_upload(upload)
    review = QAReview(
        provider=provider,
        author=author,
        reviewed_on=reviewed_on,
        outcome=outcome,
        conditions=conditions.strip(),
        summary=summary.strip(),
        next_review_date=next_review_date,
    )
    if submission_key is not None:
        review.submission_key = submission_key
    review.full_clean()
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        # A concurrent submission of the same form won the race: that review is the one.
        return QAReview.objects.get(submission_key=submission_key)
    QAItemResult.objects.bulk_create(
        [
            QAItemResult(
                review=review,
                item=r.item,
                item_title=r.item.title,
                group=r.item.group,
                order=r.item.order,
                result=r.result,
                notes=r.notes.strip(),
            )
            for r in results
        ]
    )
    for upload in evidence:
        QAEvidence.objects.create(
            review=review,
            file=upload,
            original_name=safe_original_name(upload.name),
            size=upload.size,
            uploaded_by=author,
        )
    audit_change(user=author, obj=review)
    # The next review date is the LA's deadline; this review meets the one before.
    provider_deadlines_changed(provider_ids=[provider.pk])
    register_figures_changed(provider_id=provider.pk)
    return review


def moderation_refusal(review: QAReview, user) -> str:
    """Why `user` may not moderate `review` ("" when they may): the words shown to them."""
    if review.provider.organisation.local_authority_id not in officer_la_ids(user):
        return "Only an LA officer of the provider's local authority may moderate its QA reviews."
    if review.author_id == user.pk:
        return (
            "You recorded this review, so you cannot moderate it: a second officer must sign it off or "
            "return it to you, so that every review is checked by someone other than its author."
        )
    if review.is_moderated:
        return f"This review was signed off by {review.moderated_by} on {review.moderated_at:%-d %B %Y}."
    if review.is_returned:
        return f"This review was returned to its author by {review.returned_by} on {review.returned_at:%-d %B %Y}."
    return ""


def _locked_review(review: QAReview, moderator) -> QAReview:
    review = QAReview.objects.select_for_update(of=("self",)).select_related("provider__organisation").get(pk=review.pk)
    if review.provider.organisation.local_authority_id not in officer_la_ids(moderator):
        raise PermissionDenied("Only an LA officer of the provider's local authority may moderate")
    refusal = moderation_refusal(review, moderator)
    if refusal:
        raise ValidationError(refusal)
    return review


#: A signed-off review's outcome, as the provider's status (a "does not meet" review changes
#: nothing by itself: suspending a provider is the officer's decision, with its own reason).
STATUS_FROM_OUTCOME = {
    QAOutcome.APPROVE: ApprovalStatus.APPROVED,
    QAOutcome.APPROVE_WITH_CONDITIONS: ApprovalStatus.APPROVED_WITH_CONDITIONS,
}
#: Statuses a signed-off approving review moves on (not applied, suspended or decommissioned
#: providers: those changes are decisions of their own).
STATUSES_A_REVIEW_UPDATES = frozenset(
    {ApprovalStatus.UNDER_REVIEW, ApprovalStatus.APPROVED, ApprovalStatus.APPROVED_WITH_CONDITIONS}
)


def _apply_to_provider(review: QAReview, moderator) -> str:
    """The provider's status and conditions from a signed-off approving review: what changed, in
    words ("" when nothing did)."""
    to_status = STATUS_FROM_OUTCOME.get(review.outcome)
    provider = locked(review.provider)
    if to_status is None or provider.status not in STATUSES_A_REVIEW_UPDATES:
        return ""
    conditions = review.conditions.strip() if to_status == ApprovalStatus.APPROVED_WITH_CONDITIONS else ""
    if provider.status == to_status and provider.conditions == conditions:
        return ""
    before = snapshot(provider)
    reason = f"QA review of {review.reviewed_on:%-d %B %Y} signed off by {moderator}"
    ApprovalChange.objects.create(
        provider=provider, from_status=provider.status, to_status=to_status, reason=reason, author=moderator
    )
    provider.status, provider.conditions = to_status, conditions
    provider.full_clean()
    provider.save()
    audit_change(user=moderator, obj=provider, before=before)
    review.provider = provider
    label = ApprovalStatus(to_status).label.lower()
    return f"{provider.name} is now {label}" + (f": {conditions}" if conditions else "")


@transaction.atomic
def qa_review_moderate(*, review: QAReview, moderator, note: str = "") -> QAReview:
    """Sign off a QA review. Only a second LA officer, not its author, may (the issue's rule).
    Signing off an approving review sets the provider's status and conditions from it; the
    review's `provider_change` says what changed ("" when nothing did)."""
    review = _locked_review(review, moderator)
    before = snapshot(review)
    review.moderated_by = moderator
    review.moderated_at = timezone.now()
    review.moderation_note = note.strip()
    review.full_clean()
    review.save()
    audit_change(user=moderator, obj=review, before=before)
    review.provider_change = _apply_to_provider(review, moderator)
    register_figures_changed(provider_id=review.provider_id)
    return review


@transaction.atomic
def qa_review_return(*, review: QAReview, moderator, reason: str) -> QAReview:
    """Send a QA review back to its author with the reason, instead of signing it off. It then no
    longer waits for moderation; the author records the review again."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why you are returning the review to its author"})
    review = _locked_review(review, moderator)
    before = snapshot(review)
    review.returned_by = moderator
    review.returned_at = timezone.now()
    review.return_reason = reason.strip()
    review.full_clean()
    review.save()
    audit_change(user=moderator, obj=review, before=before)
    # A returned review sets no next review date: the one before it is the deadline again.
    provider_deadlines_changed(provider_ids=[review.provider_id])
    register_figures_changed(provider_id=review.provider_id)
    return review
