"""Deadlines beside the statutory ones, on the same clock: placement reviews, returns to school
under a reintegration plan, provider QA reviews and expiring compliance documents. Each is made,
moved and closed by the service that changes its source, in the same transaction; reminded once
per (deadline, recipient, stage); listed only for those who hold it."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apcommission.core.models import Role
from placements.models import Deadline, DeadlineKind, PlacementStatus, Reminder
from placements.services.booking import placement_end, placement_extend
from placements.services.deadlines import deadlines_refresh_open
from placements.services.reminders import reminders_send_due
from placements.services.review_schedule import review_schedule_refresh
from providers.choices import ApprovalStatus, DocumentKind, QAOutcome, QAResult
from providers.services.documents import document_upload
from providers.services.lifecycle import provider_change_status
from providers.services.qa import (
    ItemResult,
    qa_checklist_ensure_default,
    qa_review_moderate,
    qa_review_record,
    qa_review_return,
)
from tests.factories import MembershipFactory, UserFactory
from tests.page_text import page_text
from tests.placements.factories import PlacementFactory, PupilFactory, record_review
from tests.providers.factories import PDF_BYTES, ComplianceDocumentFactory, ProviderFactory, SiteCapacityFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LONDON_7AM = dt.time(7, 0)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, LONDON_7AM))


def _member(role, organisation, **kwargs):
    user = UserFactory(**kwargs)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def placement(school_a):
    """An active, school-commissioned short-term placement (its route needs a reintegration plan)."""
    placement = PlacementFactory(
        pupil__home_school=school_a,
        status=PlacementStatus.ACTIVE,
        start_date=TODAY - dt.timedelta(days=20),
        end_date=TODAY + dt.timedelta(days=40),
        reintegration_plan="Back to Applegate full time after the assessment",
    )
    SiteCapacityFactory(site=placement.site, key_stage="ks3", places=1)
    review_schedule_refresh(placements=type(placement).objects.filter(pk=placement.pk))
    placement.refresh_from_db()
    return placement


@pytest.fixture
def provider(la):
    return ProviderFactory(organisation__name="Riverside Learning Centre", organisation__local_authority=la)


@pytest.fixture
def provider_user(provider):
    return _member(Role.PROVIDER_USER, provider.organisation, full_name="Pat Provider")


def _qa(provider, author, *, reviewed_on=TODAY, next_review_date=None):
    items = qa_checklist_ensure_default(la=provider.organisation.local_authority)
    return qa_review_record(
        provider=provider,
        author=author,
        reviewed_on=reviewed_on,
        outcome=QAOutcome.APPROVE,
        next_review_date=next_review_date or reviewed_on + dt.timedelta(days=365),
        results=[ItemResult(item=i, result=QAResult.MET) for i in items],
    )


def _upload(provider, author, *, expires_on, kind=DocumentKind.INSURANCE):
    return document_upload(
        provider=provider,
        author=author,
        kind=kind,
        upload=SimpleUploadedFile("insurance.pdf", PDF_BYTES, content_type="application/pdf"),
        expires_on=expires_on,
    )


def _of(kind, **filters):
    return Deadline.objects.filter(kind=kind, **filters).order_by("id")


# -- placement reviews ----------------------------------------------------------------------------


def test_an_active_placement_has_its_next_review_as_a_deadline_of_whoever_commissioned_it(placement, school_a):
    review = _of(DeadlineKind.PLACEMENT_REVIEW).get()
    assert (review.status, review.due_on, review.placement_id) == ("open", placement.review_due_by, placement.pk)
    assert (review.holder, review.holder_organisation_id) == ("school", school_a.organisation_id)


def test_an_la_commissioned_placement_is_the_las_to_review(school_a, la):
    placement = PlacementFactory(
        pupil__home_school=school_a, status=PlacementStatus.ACTIVE, commissioner="la", start_date=TODAY
    )
    review_schedule_refresh(placements=type(placement).objects.filter(pk=placement.pk))
    review = _of(DeadlineKind.PLACEMENT_REVIEW).get()
    assert (review.holder, review.holder_organisation_id, review.escalate_on is not None) == ("la", la.pk, True)


def test_a_review_meets_its_cycle_and_the_next_cycle_is_a_new_deadline(placement, senco_school_a):
    first = _of(DeadlineKind.PLACEMENT_REVIEW).get()
    record_review(senco_school_a, placement, day=TODAY)
    first.refresh_from_db()
    assert (first.status, first.met_on, first.school_days_late) == ("met", TODAY, 0)
    following = _of(DeadlineKind.PLACEMENT_REVIEW, status="open").get()
    placement.refresh_from_db()
    assert following.pk != first.pk and following.due_on == placement.review_due_by > first.due_on
    assert following.starts_on == TODAY


def test_a_placement_that_ends_no_longer_needs_its_review(placement, senco_school_a):
    placement_end(user=senco_school_a, placement=placement, outcome="new_mainstream", ended_on=TODAY)
    assert _of(DeadlineKind.PLACEMENT_REVIEW).get().status == "cancelled"


# -- returns to school under the reintegration plan -------------------------------------------------


def test_a_short_term_placement_has_its_return_to_school_as_the_schools_deadline_with_officers_told(
    placement, school_a
):
    back = _of(DeadlineKind.REINTEGRATION).get()
    assert (back.status, back.due_on, back.holder) == ("open", placement.end_date, "school")
    assert back.officers_told and back.holder_organisation_id == school_a.organisation_id


def test_extending_the_placement_moves_the_return_on_the_same_row(placement, la_officer):
    before = _of(DeadlineKind.REINTEGRATION).get()
    new_end = placement.end_date + dt.timedelta(days=30)
    placement_extend(user=la_officer, placement=placement, end_date=new_end, today=TODAY)
    after = _of(DeadlineKind.REINTEGRATION).get()
    assert (after.pk, after.due_on, after.status) == (before.pk, new_end, "open")


def test_a_review_that_reintegrates_meets_the_return(placement, senco_school_a):
    record_review(senco_school_a, placement, decision="reintegrate", day=TODAY)
    back = _of(DeadlineKind.REINTEGRATION).get()
    assert (back.status, back.met_on) == ("met", TODAY)


def test_a_placement_that_ends_otherwise_misses_the_return(placement, senco_school_a):
    placement_end(user=senco_school_a, placement=placement, outcome="new_mainstream", ended_on=TODAY)
    assert _of(DeadlineKind.REINTEGRATION).get().status == "missed"


def test_a_placement_whose_route_has_no_reintegration_plan_has_no_return(school_a):
    placement = PlacementFactory(pupil__home_school=school_a, status=PlacementStatus.ACTIVE, start_date=TODAY)
    placement.route_snapshot = {**placement.route_snapshot, "requires_reintegration_plan": False}
    placement.save()
    review_schedule_refresh(placements=type(placement).objects.filter(pk=placement.pk))
    assert not _of(DeadlineKind.REINTEGRATION).exists()
    assert _of(DeadlineKind.PLACEMENT_REVIEW).exists()


# -- provider QA reviews ------------------------------------------------------------------------


def test_a_qa_review_makes_its_next_review_the_las_deadline_and_the_next_one_meets_it(
    provider, la, la_officer, la_officer_2
):
    first = _qa(provider, la_officer, reviewed_on=TODAY - dt.timedelta(days=300))
    deadline = _of(DeadlineKind.QA_REVIEW).get()
    assert (deadline.status, deadline.due_on, deadline.holder, deadline.holder_organisation_id) == (
        "open",
        first.next_review_date,
        "la",
        la.pk,
    )
    assert deadline.remind_from == first.next_review_date - dt.timedelta(days=30)
    assert deadline.pupil_id is None and deadline.provider_id == provider.pk

    second = _qa(provider, la_officer)
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_on) == ("met", TODAY)
    assert _of(DeadlineKind.QA_REVIEW, status="open").get().qa_review_id == second.pk

    qa_review_return(review=second, moderator=la_officer_2, reason="Evidence missing")
    assert _of(DeadlineKind.QA_REVIEW, qa_review=second).get().status == "cancelled"
    deadline.refresh_from_db()
    assert deadline.status == "open"  # the returned review met nothing: the earlier one is due again


def test_moderating_a_review_leaves_its_deadline_as_it_is(provider, la_officer, la_officer_2):
    review = _qa(provider, la_officer)
    before = _of(DeadlineKind.QA_REVIEW).get()
    qa_review_moderate(review=review, moderator=la_officer_2)
    after = _of(DeadlineKind.QA_REVIEW).get()
    assert (after.pk, after.status, after.due_on) == (before.pk, "open", before.due_on)


def test_a_decommissioned_providers_open_deadlines_are_no_longer_needed(provider, la_officer, provider_user):
    _qa(provider, la_officer)
    _upload(provider, provider_user, expires_on=TODAY + dt.timedelta(days=20))
    provider_change_status(
        provider=provider, to_status=ApprovalStatus.DECOMMISSIONED, reason="Closed", author=la_officer
    )
    assert set(Deadline.objects.filter(provider=provider).values_list("status", flat=True)) == {"cancelled"}


# -- compliance documents -----------------------------------------------------------------------


def test_a_document_that_expires_is_the_providers_deadline_with_officers_told(provider, provider_user):
    document = _upload(provider, provider_user, expires_on=TODAY + dt.timedelta(days=45))
    deadline = _of(DeadlineKind.DOCUMENT_EXPIRY).get()
    assert (deadline.document_id, deadline.due_on, deadline.holder) == (document.pk, document.expires_on, "provider")
    assert deadline.holder_organisation_id == provider.organisation_id and deadline.officers_told
    assert deadline.remind_from == document.expires_on - dt.timedelta(days=30)


def test_a_document_that_never_expires_has_no_deadline(provider, provider_user):
    _upload(provider, provider_user, expires_on=None)
    assert not _of(DeadlineKind.DOCUMENT_EXPIRY).exists()


def test_a_renewed_document_meets_the_old_ones_deadline_and_is_due_itself(provider, provider_user):
    _upload(provider, provider_user, expires_on=TODAY + dt.timedelta(days=10))
    renewed = _upload(provider, provider_user, expires_on=TODAY + dt.timedelta(days=375))
    old, new = _of(DeadlineKind.DOCUMENT_EXPIRY)
    assert (old.status, old.met_on) == ("met", TODAY)
    assert (new.status, new.document_id) == ("open", renewed.pk)


def test_a_document_of_another_kind_does_not_renew_it(provider, provider_user):
    _upload(provider, provider_user, expires_on=TODAY + dt.timedelta(days=10))
    _upload(provider, provider_user, expires_on=TODAY + dt.timedelta(days=375), kind=DocumentKind.DBS_CONFIRMATION)
    assert list(_of(DeadlineKind.DOCUMENT_EXPIRY).values_list("status", flat=True)) == ["open", "open"]


def test_the_nightly_refresh_makes_deadlines_for_documents_and_placements_that_predate_the_clock(provider, placement):
    ComplianceDocumentFactory(provider=provider, expires_on=TODAY + dt.timedelta(days=5))
    Deadline.objects.all().delete()
    deadlines_refresh_open(today=TODAY)
    kinds = set(Deadline.objects.values_list("kind", flat=True))
    assert kinds == {"document_expiry", "placement_review", "reintegration"}


# -- the database holds each deadline to the subject of its kind ---------------------------------


def test_a_provider_deadline_naming_a_pupil_is_refused_by_the_database(provider, provider_user):
    _upload(provider, provider_user, expires_on=TODAY + dt.timedelta(days=10))
    with pytest.raises(IntegrityError), transaction.atomic():
        Deadline.objects.filter(kind="document_expiry").update(pupil=PupilFactory())


def test_a_placement_review_with_no_placement_is_refused_by_the_database(placement):
    with pytest.raises(IntegrityError), transaction.atomic():
        Deadline.objects.filter(kind="placement_review").update(placement=None)


# -- reminders, exactly once --------------------------------------------------------------------


def test_each_new_kind_is_reminded_once_to_those_who_hold_it(
    placement, provider, provider_user, la_officer, senco_school_a, django_capture_on_commit_callbacks
):
    _qa(provider, la_officer, reviewed_on=TODAY - dt.timedelta(days=300), next_review_date=TODAY)
    _upload(provider, provider_user, expires_on=TODAY)
    Deadline.objects.filter(kind__in=["placement_review", "reintegration"]).update(due_on=TODAY, remind_from=TODAY)
    stranger = _member(Role.PROVIDER_USER, ProviderFactory().organisation)

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            reminders_send_due(now=at(TODAY))

    got = {
        (r.deadline.kind, r.recipient_id) for r in Reminder.objects.filter(stage="due_today").select_related("deadline")
    }
    assert got == {
        ("placement_review", senco_school_a.pk),
        ("reintegration", senco_school_a.pk),
        ("reintegration", la_officer.pk),
        ("qa_review", la_officer.pk),
        ("document_expiry", provider_user.pk),
        ("document_expiry", la_officer.pk),
    }
    assert Reminder.objects.count() == 6  # the second sweep added none
    assert not Reminder.objects.filter(recipient=stranger).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in (senco_school_a, la_officer, provider_user))
    provider_mail = next(m for m in mail.outbox if m.to == [provider_user.email])
    assert "Riverside Learning Centre: Public liability insurance" in provider_mail.body or "insurance" in (
        provider_mail.body.lower()
    )


def test_the_sweep_runs_the_same_queries_at_two_sizes(la, la_officer, django_capture_on_commit_callbacks):
    def sweep_queries(n: int, day: dt.date) -> int:
        for _ in range(n):
            provider = ProviderFactory(organisation__local_authority=la)
            ComplianceDocumentFactory(provider=provider, expires_on=day)
            _member(Role.PROVIDER_USER, provider.organisation)
        deadlines_refresh_open(today=day)
        with CaptureQueriesContext(connection) as queries:
            reminders_send_due(now=at(day))
        return len(queries)

    # No e-mails in either count (callbacks not run): the insert step alone must not grow.
    small = sweep_queries(2, TODAY)
    Reminder.objects.all().delete()
    Deadline.objects.all().delete()
    large = sweep_queries(12, TODAY)
    assert Deadline.objects.filter(kind="document_expiry").count() == 14
    assert small == large


# -- who sees which task ------------------------------------------------------------------------


def test_a_provider_sees_its_own_documents_and_qa_review_on_its_task_list_and_no_other_providers(
    client, provider, provider_user, la, la_officer
):
    _upload(provider, provider_user, expires_on=TODAY + dt.timedelta(days=2))
    _qa(provider, la_officer, reviewed_on=TODAY - dt.timedelta(days=300), next_review_date=TODAY)
    other = ProviderFactory(organisation__name="Hilltop Farm School", organisation__local_authority=la)
    ComplianceDocumentFactory(provider=other, title="Hilltop secret insurance", expires_on=TODAY)
    deadlines_refresh_open(today=TODAY)
    client.force_login(provider_user)
    text = page_text(client.get(reverse("placements:deadline-task-list")))
    assert "Riverside Learning Centre" in text and "Compliance document expires" in text
    assert "Provider QA review" in text and "Hilltop" not in text
    page = client.get(reverse("placements:deadline-task-list")).content.decode()
    assert reverse("providers:document-add", args=[provider.pk]) in page
    home = page_text(client.get(reverse("core:home")))
    assert "Compliance document expires" in home and "Hilltop" not in home


def test_a_provider_never_sees_a_pupils_deadlines(client, placement, la):
    user = _member(Role.PROVIDER_USER, placement.provider.organisation)
    Deadline.objects.update(due_on=TODAY, remind_from=TODAY)
    client.force_login(user)
    text = page_text(client.get(reverse("placements:deadline-task-list")))
    assert placement.pupil.full_name not in text and "Placement review" not in text


def test_a_school_sees_its_own_pupils_reviews_and_not_another_schools(
    client, placement, senco_school_a, senco_school_b, school_b
):
    other = PlacementFactory(
        pupil__home_school=school_b,
        pupil__legal_first_name="Zebedee",
        status=PlacementStatus.ACTIVE,
        start_date=TODAY - dt.timedelta(days=20),
    )
    review_schedule_refresh(placements=type(other).objects.filter(pk=other.pk))
    Deadline.objects.update(due_on=TODAY + dt.timedelta(days=1), remind_from=TODAY)
    client.force_login(senco_school_a)
    page = client.get(reverse("placements:deadline-task-list")).content.decode()
    assert placement.pupil.legal_first_name in page and "Zebedee" not in page
    assert reverse("placements:review-create", args=[placement.pk]) in page
    assert reverse("placements:placement-detail", args=[placement.pk]) in page


def test_officers_see_qa_reviews_due_linking_to_where_they_record_one(client, provider, la_officer):
    _qa(provider, la_officer, reviewed_on=TODAY - dt.timedelta(days=300), next_review_date=TODAY)
    client.force_login(la_officer)
    page = client.get(reverse("placements:deadline-task-list")).content.decode()
    assert "Provider QA review" in page and reverse("providers:qa-review-add", args=[provider.pk]) in page


def test_the_notification_of_a_document_names_the_provider_and_links_to_the_upload(
    client, provider, provider_user, django_capture_on_commit_callbacks
):
    _upload(provider, provider_user, expires_on=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send_due(now=at(TODAY))
    reminder = Reminder.objects.get(recipient=provider_user)
    client.force_login(provider_user)
    listing = page_text(client.get(reverse("placements:notification-list")))
    assert "compliance document expires" in listing.lower()
    detail = client.get(reverse("placements:notification-detail", args=[reminder.pk]))
    assert "Riverside Learning Centre" in page_text(detail)
    assert reverse("providers:document-add", args=[provider.pk]) in detail.content.decode()
