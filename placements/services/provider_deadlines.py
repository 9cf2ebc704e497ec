"""A provider's deadlines, on the clock beside the pupils' (docs/placements-clock.md). The data is
the provider register's (providers/, a layer below this app): its services call
providers.deadlines.provider_deadlines_changed in the transaction of each change, which
placements.apps points at provider_deadlines_refresh.

- **Provider QA review**: each QA review's next review date (returned reviews set none). The LA's
  officers hold it; the next review recorded meets it.
- **Compliance document expires**: each document with an expiry date. The provider's users hold
  it (their own documents), with the LA's officers told; a document of the same kind uploaded
  later that expires later (or never) meets it.

Both are first reminded of PLACEMENTS_REMIND_DAYS_BEFORE_RENEWAL days before (30). Counted on the
provider's LA's calendar (the due days themselves are calendar dates). A decommissioned provider
has none: its open ones become "no longer needed".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from providers.choices import ApprovalStatus
from providers.models import ComplianceDocument, Provider, QAReview

from .. import conf
from ..models import Deadline, DeadlineKind, DeadlineStatus, DutyHolder
from ..selectors import calendars_for
from .deadline_store import DeadlineSpec, deadlines_store


def _qa_specs(provider: Provider, reviews: list[QAReview], calendar, notice: dt.timedelta) -> list[DeadlineSpec]:
    specs = []
    for review, following in zip(reviews, [*reviews[1:], None], strict=False):
        met = (DeadlineStatus.MET, following.reviewed_on) if following else (DeadlineStatus.OPEN, None)
        specs.append(
            DeadlineSpec(
                key=f"qa:{review.pk}",
                kind=DeadlineKind.QA_REVIEW,
                holder=DutyHolder.LA,
                holder_organisation_id=provider.organisation.local_authority_id,
                local_authority_id=provider.organisation.local_authority_id,
                school_id=None,
                pupil_id=None,
                provider_id=provider.pk,
                qa_review_id=review.pk,
                starts_on=review.reviewed_on,
                due_on=review.next_review_date,
                remind_from=review.next_review_date - notice,
                calendar=calendar,
                detail=f"{provider.name}: last reviewed {review.reviewed_on:%-d %B %Y}",
                settled=met,
            )
        )
    return specs


def _renewal(document: ComplianceDocument, documents: list[ComplianceDocument]) -> ComplianceDocument | None:
    """The first document of the same kind uploaded after it that expires later, or never."""
    later = [
        d
        for d in documents
        if d.kind == document.kind
        and (d.created_on, d.pk) > (document.created_on, document.pk)
        and (d.expires_on is None or d.expires_on > document.expires_on)
    ]
    return min(later, key=lambda d: (d.created_on, d.pk), default=None)


def _document_specs(provider, documents: list[ComplianceDocument], calendar, notice) -> list[DeadlineSpec]:
    specs = []
    for document in documents:
        if document.expires_on is None:
            continue
        renewal = _renewal(document, documents)
        uploaded = timezone.localdate(document.created_on)
        specs.append(
            DeadlineSpec(
                key=f"document:{document.pk}",
                kind=DeadlineKind.DOCUMENT_EXPIRY,
                holder=DutyHolder.PROVIDER,
                holder_organisation_id=provider.organisation_id,
                officers_told=True,
                local_authority_id=provider.organisation.local_authority_id,
                school_id=None,
                pupil_id=None,
                provider_id=provider.pk,
                document_id=document.pk,
                starts_on=min(document.issued_on or uploaded, document.expires_on),
                due_on=document.expires_on,
                remind_from=document.expires_on - notice,
                calendar=calendar,
                detail=f"{provider.name}: {document.name_with_kind}",
                settled=(DeadlineStatus.MET, timezone.localdate(renewal.created_on))
                if renewal
                else (DeadlineStatus.OPEN, None),
            )
        )
    return specs


def provider_deadlines_refresh(*, provider_ids: Iterable[int], today: dt.date | None = None) -> list[Deadline]:
    """Work out again these providers' QA review and document deadlines and store them (in the
    caller's transaction). Four queries and the writes, however many providers."""
    today = today or timezone.localdate()
    provider_ids = set(provider_ids)
    if not provider_ids:
        return []
    providers = list(
        Provider.objects.filter(pk__in=provider_ids)
        .exclude(status=ApprovalStatus.DECOMMISSIONED)
        .select_related("organisation")
    )
    reviews = list(
        QAReview.objects.filter(provider__in=providers, returned_by__isnull=True).order_by("reviewed_on", "id")
    )
    documents = list(ComplianceDocument.objects.filter(provider__in=providers).order_by("created_on", "id"))
    calendars = calendars_for({(None, p.organisation.local_authority_id) for p in providers})
    notice = dt.timedelta(days=conf.remind_days_before_renewal())
    specs: list[DeadlineSpec] = []
    for provider in providers:
        calendar = calendars[(None, provider.organisation.local_authority_id)]
        specs += _qa_specs(provider, [r for r in reviews if r.provider_id == provider.pk], calendar, notice)
        specs += _document_specs(provider, [d for d in documents if d.provider_id == provider.pk], calendar, notice)
    with transaction.atomic():
        return deadlines_store(
            existing=Q(provider_id__in=provider_ids),
            specs=specs,
            today=today,
            # Met ones stay met (a provider decommissioned later did renew them).
            close_stale=lambda stale: (
                (stale.status, stale.met_on, stale.school_days_late) if stale.status == DeadlineStatus.MET else None
            ),
        )


def providers_with_deadlines() -> set[int]:
    """Providers with an open deadline, a QA review or a document that expires (two queries)."""
    open_ones = Deadline.objects.filter(status=DeadlineStatus.OPEN, provider__isnull=False)
    sources = Provider.objects.filter(Q(qa_reviews__isnull=False) | Q(documents__expires_on__isnull=False)).exclude(
        status=ApprovalStatus.DECOMMISSIONED
    )
    return set(open_ones.values_list("provider_id", flat=True)) | set(sources.values_list("pk", flat=True))
