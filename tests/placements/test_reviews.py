"""Placement reviews: at least half-termly, with the pupil's own views and the attendance at the time."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apcommission.core.calendars import SchoolCalendar
from apcommission.core.models import AuditEvent, Role, TermDate
from placements.models import AttendanceMark, Placement, PlacementReview, PlacementStatus
from placements.selectors import next_review_due, reviews_due
from placements.services.review_schedule import review_schedule_refresh
from placements.services.reviews import ReviewDetails, review_record
from tests.factories import MembershipFactory, UserFactory
from tests.placements.factories import PlacementFactory
from tests.providers.factories import SiteCapacityFactory, SiteFactory

TODAY = timezone.localdate()
START = dt.date(2026, 9, 7)


@pytest.fixture
def site(la):
    site = SiteFactory(provider__organisation__local_authority=la)
    SiteCapacityFactory(site=site, key_stage="ks3", places=50)
    return site


@pytest.fixture
def terms(la):
    for kind, first, last in (
        ("autumn_1", dt.date(2026, 9, 3), dt.date(2026, 10, 23)),
        ("autumn_2", dt.date(2026, 11, 2), dt.date(2026, 12, 18)),
        ("spring_1", dt.date(2027, 1, 5), dt.date(2027, 2, 12)),
    ):
        TermDate.objects.create(local_authority=la, academic_year=2026, kind=kind, first_day=first, last_day=last)


def _active(site, school, start=START, **kwargs):
    placement = PlacementFactory(
        site=site,
        pupil__home_school=school,
        status=PlacementStatus.ACTIVE,
        start_date=start,
        end_date=start + dt.timedelta(days=200),
        objectives="Attend every morning; rebuild trust with adults",
        **kwargs,
    )
    # Started without placement_start: work out its review due date as starting it would.
    review_schedule_refresh(placements=Placement.objects.filter(pk=placement.pk))
    placement.refresh_from_db()
    return placement


def _details(day, **overrides):
    values = dict(
        review_date=day,
        attendees="Sally Senco (SENCO)\nKai (pupil)\nKai's mum",
        progress="Attending most mornings; working towards English functional skills",
        pupil_what_is_working="Staff listen to me and let me be myself",
        pupil_what_should_change="Get the right support earlier",
        decision="continue",
    )
    values.update(overrides)
    return ReviewDetails(**values)


def _calendar(la_terms):
    return SchoolCalendar(la_terms={2026: la_terms})


# -- the review schedule -----------------------------------------------------------------------


def test_a_review_stores_attendance_to_the_review_date_and_when_the_next_is_due(la_officer, site, school_a, terms):
    placement = _active(site, school_a)
    for day, session, mark in [
        (dt.date(2026, 9, 7), "am", "present"),
        (dt.date(2026, 9, 7), "pm", "late"),
        (dt.date(2026, 9, 8), "am", "unauthorised"),
        (dt.date(2026, 9, 8), "pm", "not_required"),
        (dt.date(2026, 10, 6), "am", "unauthorised"),  # after the review: not counted
    ]:
        AttendanceMark.objects.create(placement=placement, date=day, session=session, mark=mark)
    review = review_record(
        user=la_officer, placement=placement, details=_details(dt.date(2026, 10, 5)), today=dt.date(2026, 10, 6)
    )
    assert (review.sessions_attended, review.sessions_possible, review.attendance_percent) == (2, 3, Decimal("66.7"))
    assert review.next_review_due == dt.date(2026, 12, 18)  # end of the following half term
    assert review.history.count() == 1
    assert AuditEvent.objects.filter(action="create", object_id=str(review.pk), is_child_record=True).exists()


def test_the_first_review_is_due_by_the_end_of_the_half_term_after_settling_in(terms, la):
    halves = [t for t in TermDate.objects.filter(local_authority=la).order_by("first_day")]
    from apcommission.core.calendars import HalfTerm

    calendar = _calendar([HalfTerm(t.first_day, t.last_day, t.kind) for t in halves])
    assert next_review_due(calendar=calendar, start_date=START, last_review=None) == dt.date(2026, 10, 23)
    # Starting in the last fortnight of a half term: the first review falls in the next one.
    late = dt.date(2026, 10, 19)
    assert next_review_due(calendar=calendar, start_date=late, last_review=None) == dt.date(2026, 12, 18)
    # A review held in the holiday counts for the half term that follows it.
    assert next_review_due(calendar=calendar, start_date=START, last_review=dt.date(2026, 10, 27)) == dt.date(
        2026, 12, 18
    )


def test_without_term_dates_six_weeks_stands_in_for_a_half_term():
    calendar = SchoolCalendar()
    assert next_review_due(calendar=calendar, start_date=START, last_review=dt.date(2026, 10, 1)) == dt.date(
        2026, 11, 12
    )


def test_the_review_interval_can_be_set_in_days(settings):
    settings.PLACEMENTS_REVIEW_INTERVAL = 28
    due = next_review_due(calendar=SchoolCalendar(), start_date=START, last_review=dt.date(2026, 10, 1))
    assert due == dt.date(2026, 10, 29)


def test_reviews_due_lists_overdue_and_soon_due_placements_only(la_officer, site, school_a):
    overdue = _active(site, school_a, start=TODAY - dt.timedelta(days=120))
    fresh = _active(site, school_a, start=TODAY - dt.timedelta(days=120))
    PlacementReview.objects.create(
        placement=fresh,
        review_date=TODAY,
        attendees="A",
        progress="B",
        pupil_what_is_working="C",
        pupil_what_should_change="D",
        decision="continue",
        recorded_by=la_officer,
    )
    # Made without the services: work out the due dates as the figures refresh does each morning.
    review_schedule_refresh()
    due = reviews_due(user=la_officer, today=TODAY)
    assert [(d.placement, d.overdue) for d in due] == [(overdue, True)]


def test_reviews_due_are_scoped_to_what_the_user_may_see(senco_school_b, site, school_a):
    _active(site, school_a, start=TODAY - dt.timedelta(days=120))
    review_schedule_refresh()
    assert reviews_due(user=senco_school_b, today=TODAY) == []


# -- bad input ---------------------------------------------------------------------------------


def test_a_review_dated_in_the_future_is_refused(la_officer, site, school_a):
    placement = _active(site, school_a)
    with pytest.raises(ValidationError) as refused:
        review_record(
            user=la_officer, placement=placement, details=_details(dt.date(2026, 10, 7)), today=dt.date(2026, 10, 6)
        )
    assert refused.value.message_dict["review_date"] == ["The date of the review must be today or in the past"]


def test_a_review_of_a_placement_that_is_not_active_is_refused(la_officer, site, school_a):
    placement = _active(site, school_a)
    placement.status = PlacementStatus.ENDED
    placement.save()
    with pytest.raises(ValidationError):
        review_record(user=la_officer, placement=placement, details=_details(START), today=START)


def _form(day, token=None, **overrides):
    data = {
        "submission_token": str(token or uuid.uuid4()),
        "review_date_0": day.day,
        "review_date_1": day.month,
        "review_date_2": day.year,
        "attendees": "Sally Senco; the pupil",
        "progress": "Good progress",
        "pupil_what_is_working": "Being listened to",
        "pupil_what_should_change": "More help with apprenticeships",
        "decision": "continue",
    }
    data.update(overrides)
    return data


def test_the_form_refuses_a_review_before_the_placement_started_with_a_gov_uk_error(client, la_officer, site, school_a):
    placement = _active(site, school_a, start=TODAY - dt.timedelta(days=10))
    client.force_login(la_officer)
    response = client.post(
        reverse("placements:review-create", args=[placement.pk]), _form(TODAY - dt.timedelta(days=11))
    )
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body and "govuk-error-message" in body
    assert "The date of the review must be on or after the placement started" in body
    assert not PlacementReview.objects.exists()


def test_the_form_refuses_a_future_date_and_missing_pupil_views(client, la_officer, site, school_a):
    placement = _active(site, school_a, start=TODAY - dt.timedelta(days=10))
    client.force_login(la_officer)
    response = client.post(
        reverse("placements:review-create", args=[placement.pk]),
        _form(TODAY + dt.timedelta(days=1), pupil_what_is_working=""),
    )
    body = response.content.decode()
    assert "The date of the review must be today or in the past" in body
    assert "Enter what the pupil says is working" in body and "govuk-textarea--error" in body
    assert not PlacementReview.objects.exists()


def test_the_form_refuses_an_impossible_date(client, la_officer, site, school_a):
    placement = _active(site, school_a, start=TODAY - dt.timedelta(days=10))
    client.force_login(la_officer)
    response = client.post(
        reverse("placements:review-create", args=[placement.pk]),
        _form(TODAY, review_date_0="31", review_date_1="2"),
    )
    assert "Date of the review must be a real date" in response.content.decode()


def test_a_double_submitted_review_is_recorded_once(client, senco_school_a, site, school_a):
    placement = _active(site, school_a, start=TODAY - dt.timedelta(days=10))
    client.force_login(senco_school_a)
    token = uuid.uuid4()
    url = reverse("placements:review-create", args=[placement.pk])
    first = client.post(url, _form(TODAY, token))
    second = client.post(url, _form(TODAY, token))
    assert first.status_code == second.status_code == 302
    assert PlacementReview.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_provider_records_a_review_of_their_own_placement(client, site, school_a):
    placement = _active(site, school_a, start=TODAY - dt.timedelta(days=10))
    user = UserFactory()
    MembershipFactory(user=user, organisation=site.provider.organisation, role=Role.PROVIDER_USER)
    client.force_login(user)
    response = client.post(reverse("placements:review-create", args=[placement.pk]), _form(TODAY))
    review = PlacementReview.objects.get()
    assert response["Location"] == reverse("placements:review-detail", args=[review.pk])
    assert review.recorded_by == user


def test_another_schools_senco_cannot_open_or_record_a_review(client, senco_school_b, site, school_a):
    placement = _active(site, school_a, start=TODAY - dt.timedelta(days=10))
    client.force_login(senco_school_b)
    url = reverse("placements:review-create", args=[placement.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form(TODAY)).status_code == 404
    assert client.get(reverse("placements:review-list", args=[placement.pk])).status_code == 404
    assert not PlacementReview.objects.exists()


def test_finance_officer_reads_reviews_but_cannot_record_one(client, la_finance, la_officer, site, school_a):
    placement = _active(site, school_a, start=TODAY - dt.timedelta(days=10))
    review = review_record(user=la_officer, placement=placement, details=_details(TODAY))
    client.force_login(la_finance)
    assert client.get(reverse("placements:review-create", args=[placement.pk])).status_code == 404
    response = client.get(reverse("placements:review-detail", args=[review.pk]))
    assert "Get the right support earlier" in response.content.decode()
    assert AuditEvent.objects.filter(action="view", object_id=str(review.pk), user=la_finance).exists()


@pytest.mark.parametrize("placements", [2, 12])
def test_reviews_due_page_runs_a_constant_number_of_queries(
    client, la_officer, site, school_a, placements, django_assert_max_num_queries
):
    for _ in range(placements):
        _active(site, school_a, start=TODAY - dt.timedelta(days=120))
    client.force_login(la_officer)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("placements:reviews-due"))
    assert response.context["page"].paginator.count == placements
