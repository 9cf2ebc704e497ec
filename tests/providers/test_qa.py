"""QA reviews and moderation: a review counts only after a second officer, not its author, signs it off."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from providers.choices import ApprovalStatus, QAOutcome, QAResult
from providers.models import QAChecklistItem, QAEvidence, QAItemResult, QAReview
from providers.services import (
    DEFAULT_CHECKLIST,
    ItemResult,
    qa_checklist_ensure_default,
    qa_checklist_item_save,
    qa_review_moderate,
    qa_review_record,
    qa_review_return,
)
from tests.providers.factories import PDF_BYTES, QAReviewFactory


def _record(provider, author, *, results=None, **kwargs):
    items = qa_checklist_ensure_default(la=provider.organisation.local_authority)
    today = timezone.localdate()
    values = {
        "reviewed_on": today,
        "outcome": QAOutcome.APPROVE,
        "next_review_date": today + dt.timedelta(days=365),
        "results": results if results is not None else [ItemResult(item=i, result=QAResult.MET) for i in items],
    } | kwargs
    return qa_review_record(provider=provider, author=author, **values)


def test_default_checklist_is_seeded_from_the_domain_brief(la):
    items = qa_checklist_ensure_default(la=la)
    titles = [i.title for i in items]
    assert len(items) == len(DEFAULT_CHECKLIST) == 12
    assert "Trained designated safeguarding lead" in titles
    assert "Single central record and enhanced DBS checks" in titles
    qa_checklist_ensure_default(la=la)
    assert QAChecklistItem.objects.filter(local_authority=la).count() == 12


def test_administrators_edit_the_checklist_and_past_reviews_keep_their_wording(la, administrator, provider, la_officer):
    review = _record(provider, la_officer)
    item = QAChecklistItem.objects.get(local_authority=la, code="trained-dsl")
    qa_checklist_item_save(la=la, author=administrator, item=item, title="DSL trained within two years")
    assert review.results.get(item=item).item_title == "Trained designated safeguarding lead"
    new = qa_checklist_item_save(la=la, author=administrator, title="Behaviour policy", group="safeguarding", order=5)
    assert new in qa_checklist_ensure_default(la=la)


def test_officers_cannot_edit_the_checklist(la, la_officer):
    with pytest.raises(PermissionDenied):
        qa_checklist_item_save(la=la, author=la_officer, title="Anything")


def test_a_review_records_every_item_with_evidence(provider, la_officer):
    upload = SimpleUploadedFile("scr.pdf", PDF_BYTES, content_type="application/pdf")
    review = _record(provider, la_officer, summary="All checks met", evidence=[upload])
    assert review.results.count() == 12
    assert QAEvidence.objects.get(review=review).original_name == "scr.pdf"
    assert not review.is_moderated


def test_double_submit_of_a_qa_review_creates_one(provider, la_officer):
    key = uuid.uuid4()
    first = _record(provider, la_officer, submission_key=key)
    second = _record(provider, la_officer, submission_key=key)
    assert first.pk == second.pk
    assert QAReview.objects.filter(provider=provider).count() == 1
    assert QAItemResult.objects.filter(review=first).count() == 12


def test_approve_outcome_with_a_check_not_met_is_refused(provider, la_officer):
    items = qa_checklist_ensure_default(la=provider.organisation.local_authority)
    results = [ItemResult(item=i, result=QAResult.NOT_MET if n == 0 else QAResult.MET) for n, i in enumerate(items)]
    with pytest.raises(ValidationError, match="cannot recommend approval"):
        _record(provider, la_officer, results=results)
    assert not QAReview.objects.exists()


def test_next_review_date_must_follow_the_review(provider, la_officer):
    with pytest.raises(ValidationError, match="must be after"):
        _record(provider, la_officer, next_review_date=timezone.localdate())


def test_wrongly_typed_evidence_saves_nothing(provider, la_officer):
    upload = SimpleUploadedFile("scr.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        _record(provider, la_officer, evidence=[upload])
    assert not QAReview.objects.exists()


def test_moderation_by_the_author_is_refused(provider, la_officer):
    review = QAReviewFactory(provider=provider, author=la_officer)
    with pytest.raises(ValidationError, match="You recorded this review, so you cannot moderate it"):
        qa_review_moderate(review=review, moderator=la_officer)
    review.refresh_from_db()
    assert not review.is_moderated


def test_the_database_refuses_a_review_moderated_by_its_author(provider, la_officer):
    review = QAReviewFactory(provider=provider, author=la_officer)
    review.moderated_by = la_officer
    with pytest.raises(IntegrityError), transaction.atomic():
        review.save()


def test_a_second_officer_moderates(provider, la_officer, la_officer_2):
    review = QAReviewFactory(provider=provider, author=la_officer)
    qa_review_moderate(review=review, moderator=la_officer_2, note="Evidence seen")
    review.refresh_from_db()
    assert review.moderated_by == la_officer_2
    assert review.moderation_note == "Evidence seen"
    with pytest.raises(ValidationError, match="was signed off by"):
        qa_review_moderate(review=review, moderator=la_officer_2)


def test_school_users_and_finance_cannot_moderate(provider, la_officer, senco_school_a, la_finance):
    review = QAReviewFactory(provider=provider, author=la_officer)
    for user in (senco_school_a, la_finance):
        with pytest.raises(PermissionDenied):
            qa_review_moderate(review=review, moderator=user)


def test_signing_off_an_approving_review_approves_the_provider_and_clears_old_conditions(
    provider, la_officer, la_officer_2
):
    provider.status, provider.conditions = ApprovalStatus.APPROVED_WITH_CONDITIONS, "Weekly attendance returns"
    provider.save()
    review = QAReviewFactory(provider=provider, author=la_officer, outcome=QAOutcome.APPROVE, conditions="")
    signed = qa_review_moderate(review=review, moderator=la_officer_2)
    provider.refresh_from_db()
    assert provider.status == ApprovalStatus.APPROVED
    assert provider.conditions == ""
    assert signed.provider_change == f"{provider.name} is now approved"
    change = provider.approval_changes.first()
    assert (change.from_status, change.to_status, change.author) == (
        ApprovalStatus.APPROVED_WITH_CONDITIONS,
        ApprovalStatus.APPROVED,
        la_officer_2,
    )


def test_signing_off_an_approval_with_conditions_records_the_reviews_conditions(provider, la_officer, la_officer_2):
    review = QAReviewFactory(
        provider=provider,
        author=la_officer,
        outcome=QAOutcome.APPROVE_WITH_CONDITIONS,
        conditions="Risk assessment for the workshop",
    )
    qa_review_moderate(review=review, moderator=la_officer_2)
    provider.refresh_from_db()
    assert (provider.status, provider.conditions) == (
        ApprovalStatus.APPROVED_WITH_CONDITIONS,
        "Risk assessment for the workshop",
    )


@pytest.mark.parametrize("status", [ApprovalStatus.SUSPENDED, ApprovalStatus.APPLIED])
def test_signing_off_leaves_suspended_and_applied_providers_to_the_officers_decision(
    provider, la_officer, la_officer_2, status
):
    provider.status = status
    provider.save()
    qa_review_moderate(review=QAReviewFactory(provider=provider, author=la_officer), moderator=la_officer_2)
    provider.refresh_from_db()
    assert provider.status == status


def test_a_moderator_returns_a_review_to_its_author_with_a_reason(provider, la_officer, la_officer_2):
    review = QAReviewFactory(provider=provider, author=la_officer)
    with pytest.raises(ValidationError, match="Enter why you are returning"):
        qa_review_return(review=review, moderator=la_officer_2, reason="  ")
    qa_review_return(review=review, moderator=la_officer_2, reason="No evidence for the DBS checks")
    review.refresh_from_db()
    assert review.is_returned and not review.is_moderated
    assert review.return_reason == "No evidence for the DBS checks"
    assert not QAReview.objects.awaiting_moderation().filter(pk=review.pk).exists()
    with pytest.raises(ValidationError, match="was returned to its author"):
        qa_review_moderate(review=review, moderator=la_officer_2)
    provider.refresh_from_db()
    assert provider.status == ApprovalStatus.UNDER_REVIEW


def test_the_author_cannot_return_their_own_review(provider, la_officer):
    review = QAReviewFactory(provider=provider, author=la_officer)
    with pytest.raises(ValidationError, match="You recorded this review"):
        qa_review_return(review=review, moderator=la_officer, reason="Changed my mind")


def test_returning_through_the_page_needs_a_reason_and_shows_it_to_the_author(
    client, provider, la_officer, la_officer_2
):
    review = QAReviewFactory(provider=provider, author=la_officer)
    url = reverse("providers:qa-review-moderate", args=[review.pk])
    client.force_login(la_officer_2)
    page = client.post(url, {"decision": "return", "note": ""}).content.decode()
    assert "Enter why you are returning the review to its author" in page
    response = client.post(url, {"decision": "return", "note": "Add the premises photos"}, follow=True)
    assert f"QA review returned to {la_officer}" in response.content.decode()
    client.force_login(la_officer)
    detail = client.get(reverse("providers:qa-review-detail", args=[review.pk])).content.decode()
    assert "Returned to its author" in detail and "Add the premises photos" in detail


def test_a_stored_script_in_a_checklist_item_is_shown_as_text_on_the_review_form(client, provider, la_officer):
    items = qa_checklist_ensure_default(la=provider.organisation.local_authority)
    QAChecklistItem.objects.filter(pk=items[0].pk).update(
        title="<script>alert('title')</script>", guidance="<script>alert('guidance')</script><b>bold</b>"
    )
    client.force_login(la_officer)
    page = client.get(reverse("providers:qa-review-add", args=[provider.pk])).content.decode()
    assert "<script>alert(" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page  # the legend and the notes label
    assert "&lt;script&gt;alert(&#x27;guidance&#x27;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page  # the hint


def test_the_approving_review_found_among_the_reviews_already_read_is_the_one_read_from_the_database(
    provider, la_officer, la_officer_2, django_assert_num_queries
):
    from providers.selectors import latest_qa_reviews
    from providers.services import approving_review

    today = timezone.localdate()
    approving = QAReviewFactory(
        provider=provider, author=la_officer, moderated_by=la_officer_2, reviewed_on=today - dt.timedelta(days=30)
    )
    for days in (20, 10):
        QAReviewFactory(provider=provider, author=la_officer, reviewed_on=today - dt.timedelta(days=days))
    every = list(latest_qa_reviews(provider))
    assert approving_review(provider) == approving
    with django_assert_num_queries(0):
        assert approving_review(provider, latest=every, latest_are_all=True) == approving
    # The newest two alone hold no moderated review: the older one is read.
    with django_assert_num_queries(1):
        assert approving_review(provider, latest=every[:2]) == approving
    # Told those are every review (none moderated and current among them): none, without reading.
    with django_assert_num_queries(0):
        assert approving_review(provider, latest=every[:2], latest_are_all=True) is None
