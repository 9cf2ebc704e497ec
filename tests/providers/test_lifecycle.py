"""The approval lifecycle: only a moderated, current QA review that recommends it allows approval."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apcommission.core.models import AuditEvent
from providers import selectors
from providers.choices import ApprovalStatus, QAOutcome
from providers.models import ApprovalChange, Provider
from providers.services import provider_change_status
from tests.providers.factories import ProviderFactory, QAReviewFactory

S = ApprovalStatus


def _approve(provider, author, to_status=S.APPROVED, **kwargs):
    return provider_change_status(provider=provider, to_status=to_status, reason="QA passed", author=author, **kwargs)


def test_cannot_approve_without_a_qa_review(provider, la_officer):
    with pytest.raises(ValidationError, match="moderated by a second officer"):
        _approve(provider, la_officer)
    provider.refresh_from_db()
    assert provider.status == S.UNDER_REVIEW
    assert not ApprovalChange.objects.filter(provider=provider).exists()


def test_cannot_approve_with_an_unmoderated_review(provider, la_officer):
    QAReviewFactory(provider=provider, author=la_officer)
    with pytest.raises(ValidationError):
        _approve(provider, la_officer)


def test_cannot_approve_with_a_review_past_its_next_review_date(provider, la_officer, la_officer_2):
    today = timezone.localdate()
    QAReviewFactory(
        provider=provider,
        author=la_officer,
        moderated_by=la_officer_2,
        reviewed_on=today - dt.timedelta(days=400),
        next_review_date=today - dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        _approve(provider, la_officer)


def test_cannot_approve_when_the_moderated_review_does_not_recommend_it(provider, la_officer, la_officer_2):
    QAReviewFactory(provider=provider, author=la_officer, moderated_by=la_officer_2, outcome=QAOutcome.NOT_APPROVED)
    with pytest.raises(ValidationError):
        _approve(provider, la_officer)


def test_approves_with_a_moderated_current_review_and_keeps_history(provider, moderated_review, la_officer):
    change = _approve(provider, la_officer)
    provider.refresh_from_db()
    assert provider.status == S.APPROVED
    assert (change.from_status, change.to_status, change.author, change.reason) == (
        S.UNDER_REVIEW,
        S.APPROVED,
        la_officer,
        "QA passed",
    )
    assert AuditEvent.objects.filter(object_id=str(provider.pk), action="change").exists()
    assert selectors.is_bookable(provider)


def test_review_with_conditions_allows_only_approval_with_conditions(provider, la_officer, la_officer_2):
    QAReviewFactory(
        provider=provider,
        author=la_officer,
        moderated_by=la_officer_2,
        outcome=QAOutcome.APPROVE_WITH_CONDITIONS,
        conditions="Send attendance daily by 10am",
    )
    with pytest.raises(ValidationError, match="approved with conditions"):
        _approve(provider, la_officer)
    _approve(provider, la_officer, to_status=S.APPROVED_WITH_CONDITIONS)
    provider.refresh_from_db()
    assert provider.status == S.APPROVED_WITH_CONDITIONS
    assert provider.conditions == "Send attendance daily by 10am"
    assert selectors.is_bookable(provider)


@pytest.mark.parametrize(
    "start, target",
    [
        (S.APPLIED, S.APPROVED),
        (S.DECOMMISSIONED, S.APPROVED),
        (S.DECOMMISSIONED, S.SUSPENDED),
        (S.APPLIED, S.SUSPENDED),
    ],
)
def test_transitions_outside_the_lifecycle_are_refused(la, la_officer, start, target):
    provider = ProviderFactory(organisation__local_authority=la, status=start)
    with pytest.raises(ValidationError, match="cannot become"):
        provider_change_status(provider=provider, to_status=target, reason="Because", author=la_officer)


def test_suspension_makes_the_provider_unbookable(approved_provider, la_officer):
    provider_change_status(provider=approved_provider, to_status=S.SUSPENDED, reason="Safeguarding", author=la_officer)
    assert not selectors.is_bookable(approved_provider)
    assert approved_provider not in selectors.bookable_providers()


def test_a_reason_is_required(approved_provider, la_officer):
    with pytest.raises(ValidationError, match="reason"):
        provider_change_status(provider=approved_provider, to_status=S.SUSPENDED, reason="  ", author=la_officer)


def test_school_users_and_other_las_officers_cannot_change_status(approved_provider, senco_school_a):
    with pytest.raises(PermissionDenied):
        provider_change_status(provider=approved_provider, to_status=S.SUSPENDED, reason="x", author=senco_school_a)
    other_la_provider = ProviderFactory()
    from tests.conftest import _member

    officer_elsewhere = _member("la_officer", approved_provider.organisation.local_authority)
    with pytest.raises(PermissionDenied):
        provider_change_status(provider=other_la_provider, to_status=S.SUSPENDED, reason="x", author=officer_elsewhere)


def test_bookable_on_a_past_date_uses_the_approval_history(approved_provider, la_officer):
    ApprovalChange.objects.create(
        provider=approved_provider,
        to_status=S.APPROVED,
        reason="Approved",
        author=la_officer,
        at=timezone.now() - dt.timedelta(days=30),
    )
    provider_change_status(provider=approved_provider, to_status=S.SUSPENDED, reason="Concern", author=la_officer)
    last_week = timezone.localdate() - dt.timedelta(days=7)
    assert selectors.is_bookable(approved_provider, on=last_week)
    assert not selectors.is_bookable(approved_provider)
    assert list(selectors.bookable_providers(on=last_week)) == [approved_provider]


def test_bookable_keeps_the_provider_objects_api(approved_provider, provider):
    assert list(Provider.objects.bookable()) == [approved_provider]
