"""Quality assurance: the LA's checklist, reviews with per-item results and evidence, moderation."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from apcommission.core.models import Organisation, TimeStampedModel

from ..choices import QAGroup, QAOutcome, QAResult
from ..files import private_upload_to
from ..querysets import QAChecklistItemQuerySet, QAEvidenceQuerySet, QAReviewQuerySet


class QAChecklistItem(TimeStampedModel):
    """One check on the LA's QA checklist. LA administrators edit the list; reviews copy each
    item's wording so that later edits do not rewrite past reviews."""

    local_authority = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="qa_checklist_items", limit_choices_to={"kind": "la"}
    )
    code = models.SlugField(max_length=40)
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    group = models.CharField(max_length=20, choices=QAGroup.choices, default=QAGroup.SAFEGUARDING)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField("In use", default=True)

    objects = QAChecklistItemQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "code"], name="qachecklistitem_unique_code"),
        ]

    def __str__(self) -> str:
        return self.title


class QAReview(TimeStampedModel):
    """A QA review of a provider. It counts (for approval) only once a second LA officer, not its
    author, has moderated it (Herefordshire: QA "moderated and consistently applied")."""

    provider = models.ForeignKey("providers.Provider", on_delete=models.CASCADE, related_name="qa_reviews")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField("Date of the review")
    outcome = models.CharField(max_length=20, choices=QAOutcome.choices)
    conditions = models.TextField(blank=True)
    summary = models.TextField("Summary of findings", blank=True)
    next_review_date = models.DateField()
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.TextField(blank=True)
    #: A moderator may send the review back to its author with a reason, instead of signing it
    #: off; a returned review no longer waits for moderation (its author records it again).
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    #: One per form shown: a second submission of the same form finds the first review.
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = QAReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(moderated_by__isnull=True) | ~Q(moderated_by=F("author")),
                name="qareview_moderator_is_not_author",
            ),
            models.CheckConstraint(
                condition=Q(next_review_date__gt=F("reviewed_on")), name="qareview_next_review_after_review"
            ),
            models.CheckConstraint(
                condition=Q(returned_by__isnull=True) | Q(moderated_by__isnull=True),
                name="qareview_signed_off_or_returned",
            ),
        ]
        indexes = [models.Index(fields=["provider", "moderated_at"], name="qareview_provider_idx")]

    def __str__(self) -> str:
        return f"QA review of {self.provider} on {self.reviewed_on:%d/%m/%Y}"

    @property
    def is_moderated(self) -> bool:
        return self.moderated_by_id is not None

    @property
    def is_returned(self) -> bool:
        return self.returned_by_id is not None

    @property
    def awaits_moderation(self) -> bool:
        return not (self.is_moderated or self.is_returned)

    def is_current_on(self, on) -> bool:
        return self.next_review_date >= on

    @property
    def is_overdue(self) -> bool:
        return self.next_review_date < timezone.localdate()


class QAItemResult(models.Model):
    review = models.ForeignKey(QAReview, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(QAChecklistItem, null=True, on_delete=models.SET_NULL, related_name="+")
    item_title = models.CharField(max_length=200)
    group = models.CharField(max_length=20, choices=QAGroup.choices)
    order = models.PositiveSmallIntegerField(default=0)
    result = models.CharField(max_length=8, choices=QAResult.choices)
    notes = models.TextField("Evidence notes", blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "item"], name="qaitemresult_unique_item")]

    def __str__(self) -> str:
        return f"{self.item_title}: {self.get_result_display()}"


class QAEvidence(models.Model):
    """A file in support of a QA review. Stored under MEDIA_ROOT; served only by a scoped view."""

    review = models.ForeignKey(QAReview, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=private_upload_to, max_length=300)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = QAEvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
