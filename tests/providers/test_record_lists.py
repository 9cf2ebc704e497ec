"""The provider page's lists read in one statement (providers.selectors.record.record_lists) give
what each list read through the ORM gives: the same rows, in each model's order, with the same
values (dates, amounts, flags and times converted as the ORM converts them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from apcommission.core.figures import short_date
from apcommission.core.models import KeyStage, Need
from apcommission.core.templatetags.money import money
from providers.choices import ApprovalStatus, PriceUnit
from providers.models import (
    ApprovalChange,
    ChangeRequest,
    ComplianceDocument,
    Concern,
    Contact,
    Feedback,
    Price,
    QAReview,
    Site,
)
from providers.selectors import record
from tests.providers.factories import (
    ChangeRequestFactory,
    ComplianceDocumentFactory,
    ConcernFactory,
    ContactFactory,
    FeedbackFactory,
    PriceFactory,
    QAReviewFactory,
    SiteCapacityFactory,
    SiteFactory,
    SiteNeedFactory,
)


def _fill(provider, officer, moderator):
    today = timezone.localdate()
    ContactFactory(provider=provider, name="Zoe Lead", is_designated_safeguarding_lead=True)
    ContactFactory(provider=provider, name="Adam Clerk", telephone="01432 000000")
    site = SiteFactory(provider=provider, name="Barn")
    SiteFactory(provider=provider, name="Annexe", postcode="")
    SiteFactory(provider=provider, name="Closed", is_active=False)
    SiteNeedFactory(site=site, need=Need.SEMH)
    SiteNeedFactory(site=site, need=Need.MEDICAL)
    SiteCapacityFactory(site=site, key_stage=KeyStage.KS3, places=4)
    SiteCapacityFactory(site=site, key_stage=KeyStage.KS4, places=6)
    PriceFactory(provider=provider, amount=Decimal("95.50"), effective_from=today - dt.timedelta(days=30))
    PriceFactory(
        provider=provider, site=site, unit=PriceUnit.HOUR, amount=Decimal("12.00"), effective_from=today,
        effective_to=today + dt.timedelta(days=30), description="Tutoring",
    )  # fmt: skip
    PriceFactory(provider=provider, amount=Decimal("80.00"), effective_from=today + dt.timedelta(days=1))
    for days in range(1, 13):
        QAReviewFactory(
            provider=provider, author=officer, reviewed_on=today - dt.timedelta(days=days),
            next_review_date=today + dt.timedelta(days=10 - days), moderated_by=moderator if days % 2 else None,
        )  # fmt: skip
    for step, status in enumerate((ApprovalStatus.UNDER_REVIEW, ApprovalStatus.APPROVED)):
        ApprovalChange.objects.create(
            provider=provider, from_status="" if not step else ApprovalStatus.UNDER_REVIEW, to_status=status,
            reason=f"Step {step}", author=officer, at=timezone.now() - dt.timedelta(days=5 - step),
        )  # fmt: skip
    ComplianceDocumentFactory(provider=provider, title="Old insurance", expires_on=today - dt.timedelta(days=1))
    ComplianceDocumentFactory(provider=provider, title="Lease", expires_on=None)
    for n in range(22):
        ConcernFactory(provider=provider, summary=f"Concern {n}")
    FeedbackFactory(provider=provider, academic_year=2025)
    FeedbackFactory(provider=provider, academic_year=2026, comments="")
    ChangeRequestFactory(provider=provider, summary="New day rate", requested_by=officer)


def test_the_lists_read_together_are_those_the_orm_reads(la_officer, la_officer_2, approved_provider):
    provider, today = approved_provider, timezone.localdate()
    _fill(provider, la_officer, la_officer_2)
    lists = (*record.LA_STAFF_LISTS, "change_requests")
    found = record.record_lists(user=la_officer, provider_id=provider.pk, on=today, lists=lists, reviews=10)

    sites = (
        Site.objects.filter(provider=provider, is_active=True)
        .order_by("name", "id", "needs__id", "capacities__key_stage")
        .values(
            "id", "name", "postcode", "postcode_district", "needs__need", "capacities__key_stage",
            "capacities__places",
        )
    )  # fmt: skip
    assert found["sites"] == list(sites)
    assert len(found["sites"]) == 5

    contacts = Contact.objects.filter(provider=provider)
    assert [(c["name"], c["is_designated_safeguarding_lead"], c["telephone"]) for c in found["contacts"]] == [
        (c.name, c.is_designated_safeguarding_lead, c.telephone) for c in contacts
    ]
    prices = Price.objects.filter(provider=provider).effective_on(today).order_by("unit", "amount")
    assert len(prices) == 2
    assert [
        (p["amount"], p["unit"], p["site"], p["description"], p["effective_from"], p["effective_to"])
        for p in found["prices"]
    ] == [
        (
            money(p.amount), p.get_unit_display(), p.site.name if p.site else None, p.description,
            short_date(p.effective_from), short_date(p.effective_to),
        )
        for p in prices
    ]  # fmt: skip

    reviews = QAReview.objects.filter(provider=provider).order_by("-reviewed_on", "-id")[:10]
    assert [
        (r["id"], r["reviewed_on"], r["moderated_by_id"], r["next_review_date"], r["is_overdue"])
        for r in found["reviews"]
    ] == [(r.pk, r.reviewed_on, r.moderated_by_id, r.next_review_date, r.next_review_date < today) for r in reviews]

    history = ApprovalChange.objects.filter(provider=provider)
    assert [(h["date"], h["reason"], h["author"]) for h in found["history"]] == [
        (short_date(timezone.localtime(h.at)), h.reason, h.author.full_name or h.author.email) for h in history
    ]

    documents = ComplianceDocument.objects.filter(provider=provider).order_by("expires_on")
    assert [(d["name"], d["expires_on"], d["expired"]) for d in found["documents"]] == [
        (d.name_with_kind, short_date(d.expires_on), d.is_expired_on(today)) for d in documents
    ]

    concerns = Concern.objects.filter(provider=provider)[: record.LIST_LIMIT]
    assert [c["summary"] for c in found["concerns"]] == [c.summary for c in concerns]
    assert len(found["concerns"]) == record.LIST_LIMIT

    feedback = Feedback.objects.filter(provider=provider)
    assert [(f["academic_year"], f["rating"], f["comments"]) for f in found["feedback"]] == [
        (f.academic_year, f.get_rating_display(), f.comments) for f in feedback
    ]
    changes = ChangeRequest.objects.filter(provider=provider)
    assert [(c["summary"], c["status"]) for c in found["change_requests"]] == [
        (c.summary, c.get_status_display()) for c in changes
    ]
