import datetime as dt
import threading
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from placements import selectors
from placements.models import Placement, PlacementStatus, StatusChange
from placements.services import (
    PlacementDetails,
    panel_decide,
    placement_book,
    placement_create_by_officer,
    placement_end,
    placement_request,
    placement_start,
    placement_withdraw,
)
from tests.factories import MembershipFactory, UserFactory
from tests.placements.factories import TODAY, PlacementFactory, PupilFactory, route_for
from tests.providers.factories import PriceFactory, SiteCapacityFactory, SiteFactory


@pytest.fixture
def site(la):
    site = SiteFactory(provider__organisation__local_authority=la, provider__organisation__name="Oak Tree AP")
    SiteCapacityFactory(site=site, key_stage="ks3", places=3)
    PriceFactory(provider=site.provider, unit="day", amount=Decimal("95.00"), effective_from=dt.date(2026, 1, 1))
    return site


@pytest.fixture
def provider_user(site):
    user = UserFactory()
    MembershipFactory(user=user, organisation=site.provider.organisation, role="provider_user")
    return user


@pytest.fixture
def pupil(school_a):
    return PupilFactory(home_school=school_a, legal_first_name="Ava", legal_last_name="Ashdown")


def details(pupil, site, route_code="short_term", **overrides):
    values = dict(
        pupil=pupil,
        route=route_for(pupil.home_la, route_code),
        provider=site.provider,
        site=site,
        start_date=TODAY,
        end_date=TODAY + dt.timedelta(days=27),
        sessions_per_week=6,
        attendance_pattern="part_time",
        needs=["semh"],
        objectives="Settle and attend",
        lump_sum_funder_choice="school",
        submission_token=uuid.uuid4(),
    )
    values.update(overrides)
    return PlacementDetails(**values)


def test_a_school_commissioned_request_is_approved_and_snapshots_its_route(senco_school_a, pupil, site):
    placement = placement_request(user=senco_school_a, details=details(pupil, site))
    assert placement.status == PlacementStatus.APPROVED
    assert not placement.requires_panel
    assert placement.route_snapshot["code"] == "short_term"
    assert (placement.registration, placement.main_setting, placement.home_school_attendance_code) == (
        "dual",
        "home_school",
        "D",
    )
    route = placement.route
    route.home_school_attendance_code = "B"
    route.save()
    placement.refresh_from_db()
    assert placement.route_snapshot["home_school_attendance_code"] == "D"


def test_an_la_commissioned_request_goes_to_the_panel_and_is_approved(senco_school_a, la_officer, pupil, site):
    placement = placement_request(
        user=senco_school_a,
        details=details(
            pupil,
            site,
            "section_19_other",
            lump_sum_funder_choice="la",
            top_up_funder_choice="la",
            registration_choice="dual",
            main_setting_choice="home_school",
        ),
    )
    assert placement.requires_panel and placement.status == PlacementStatus.REQUESTED
    assert Placement.objects.awaiting_panel().count() == 1
    panel_decide(
        user=la_officer, placement=placement, decision="more_information", reasons="Which needs?", decision_date=TODAY
    )
    placement = panel_decide(
        user=la_officer, placement=placement, decision="approve", reasons="Meets criteria", decision_date=TODAY
    )
    assert placement.status == PlacementStatus.APPROVED
    assert placement.panel_decisions.count() == 2


def test_senco_cannot_request_for_another_schools_pupil(senco_school_b, pupil, site):
    with pytest.raises(ValidationError) as error:
        placement_request(user=senco_school_b, details=details(pupil, site))
    assert "your school's roll" in str(error.value)
    assert not Placement.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end_date": TODAY - dt.timedelta(days=1)}, "end_date", "must be the same as or after the start date"),
        ({"sessions_per_week": 11}, "sessions_per_week", "between 1 and 10"),
        ({"sessions_per_week": 0}, "sessions_per_week", "between 1 and 10"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(senco_school_a, pupil, site, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        placement_request(user=senco_school_a, details=details(pupil, site, **overrides))
    assert message in " ".join(error.value.message_dict[field])
    assert not Placement.objects.exists()


def test_an_unapproved_provider_cannot_be_booked(senco_school_a, pupil, site):
    site.provider.status = "suspended"
    site.provider.save()
    with pytest.raises(ValidationError) as error:
        placement_request(user=senco_school_a, details=details(pupil, site))
    assert "not approved" in error.value.message_dict["provider"][0]


def test_a_section_19_route_needs_a_pupil_of_compulsory_school_age(la_officer, school_a, site):
    sixth_former = PupilFactory(home_school=school_a, date_of_birth=dt.date(2009, 3, 1))
    with pytest.raises(ValidationError) as error:
        placement_create_by_officer(user=la_officer, details=details(sixth_former, site, "awaiting_place"))
    assert "compulsory school age" in error.value.message_dict["route"][0]


def test_a_double_submitted_request_creates_one_placement(senco_school_a, pupil, site):
    same = details(pupil, site)
    first = placement_request(user=senco_school_a, details=same)
    second = placement_request(user=senco_school_a, details=same)
    assert first.pk == second.pk
    assert Placement.objects.count() == 1


def test_booking_takes_a_place_and_snapshots_the_rate(provider_user, la_officer, pupil, site):
    placement = placement_create_by_officer(user=la_officer, details=details(pupil, site, "permanent_exclusion"))
    placement = placement_book(user=provider_user, placement=placement)
    assert placement.status == PlacementStatus.BOOKED
    assert (placement.rate_unit, placement.rate_amount) == ("day", Decimal("95.00"))
    assert placement.weekly_cost == Decimal("285.00")  # £95 a day × 6 sessions ÷ 2
    assert placement.committed_cost == Decimal("1140.00")  # 4 school weeks (20 school days)
    assert selectors.places_taken(site=site, key_stage="ks3", on=TODAY) == 1


def test_a_full_site_puts_the_booking_on_the_waiting_list_and_offers_the_freed_place(provider_user, site, school_a):
    booked = [PlacementFactory(site=site, pupil__home_school=school_a) for _ in range(3)]
    for placement in booked:
        placement_book(user=provider_user, placement=placement)
    late = placement_book(user=provider_user, placement=PlacementFactory(site=site, pupil__home_school=school_a))
    assert late.status == PlacementStatus.WAITING_LIST
    assert selectors.waiting_list_position(late) == 1
    officer = UserFactory()
    MembershipFactory(user=officer, organisation=school_a.organisation.local_authority, role="la_officer")
    placement_withdraw(user=officer, placement=booked[0], reason="Family moved")
    late.refresh_from_db()
    assert late.status == PlacementStatus.BOOKED and late.offered_at is not None


def test_sequential_bookings_that_never_overlap_share_a_place(provider_user, site, school_a):
    SiteCapacityFactory(site=site, key_stage="ks4", places=1)
    first = PlacementFactory(site=site, key_stage="ks4", end_date=TODAY + dt.timedelta(days=6))
    second = PlacementFactory(site=site, key_stage="ks4", start_date=TODAY + dt.timedelta(days=7))
    assert placement_book(user=provider_user, placement=first).status == PlacementStatus.BOOKED
    assert placement_book(user=provider_user, placement=second).status == PlacementStatus.BOOKED


def test_the_whole_life_of_a_placement(provider_user, la_officer, pupil, site):
    placement = placement_create_by_officer(user=la_officer, details=details(pupil, site, "permanent_exclusion"))
    placement = placement_book(user=provider_user, placement=placement)
    placement = placement_start(user=provider_user, placement=placement, today=TODAY)
    placement = placement_end(
        user=la_officer, placement=placement, outcome="reintegrated", ended_on=TODAY + dt.timedelta(days=20)
    )
    assert placement.status == PlacementStatus.ENDED and placement.outcome == "reintegrated"
    assert list(StatusChange.objects.filter(placement=placement).values_list("to_status", flat=True)) == [
        "requested",
        "approved",
        "booked",
        "active",
        "ended",
    ]


def test_an_ended_placement_cannot_be_started_again(provider_user, la_officer, pupil, site):
    placement = placement_create_by_officer(user=la_officer, details=details(pupil, site, "permanent_exclusion"))
    placement_withdraw(user=la_officer, placement=placement, reason="No longer needed")
    with pytest.raises(ValidationError):
        placement_book(user=provider_user, placement=placement)


def test_a_short_term_placement_needs_its_reintegration_plan_before_it_starts(
    senco_school_a, provider_user, pupil, site
):
    placement = placement_request(user=senco_school_a, details=details(pupil, site))
    placement = placement_book(user=provider_user, placement=placement)
    with pytest.raises(ValidationError) as error:
        placement_start(user=provider_user, placement=placement, today=TODAY)
    assert "reintegration plan" in str(error.value)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_bookings_for_three_places_book_exactly_three():
    """The capacity row lock is what stops overbooking. Mutation tried: `_lock_capacity` reading the
    row without `select_for_update()` books all 20 (assert 20 == 3), every run; before booking
    locked only its own rows (`of=("self",)`), the shared provider row serialised bookings and hid
    that mutation."""
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL")
    site = SiteFactory()
    SiteCapacityFactory(site=site, key_stage="ks3", places=3)
    user = UserFactory()
    MembershipFactory(user=user, organisation=site.provider.organisation, role="provider_user")
    placements = [PlacementFactory(site=site) for _ in range(20)]
    barrier = threading.Barrier(20)
    errors = []

    def book(placement):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            placement_book(user=user, placement=placement)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=book, args=(p,)) for p in placements]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    statuses = list(Placement.objects.values_list("status", flat=True))
    assert statuses.count(PlacementStatus.BOOKED) == 3
    assert statuses.count(PlacementStatus.WAITING_LIST) == 17


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_booking_does_not_wait_for_its_provider_or_pupil_row():
    """Booking locks the placement and the capacity row only, not the provider (or the pupil) it
    joins to, so bookings at other sites of one provider go ahead. Mutation tried:
    `select_for_update()` without `of=("self",)` in `placement_book` waits for the provider row
    held below and fails on the lock timeout."""
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL")
    from django.db import connections, transaction

    from providers.models import Provider

    site = SiteFactory()
    SiteCapacityFactory(site=site, key_stage="ks3", places=3)
    user = UserFactory()
    MembershipFactory(user=user, organisation=site.provider.organisation, role="provider_user")
    placement = PlacementFactory(site=site)
    held, release = threading.Event(), threading.Event()

    def hold_provider_and_pupil_rows():
        try:
            with transaction.atomic():
                Provider.objects.select_for_update().get(pk=site.provider_id)
                type(placement.pupil).objects.select_for_update().get(pk=placement.pupil_id)
                held.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_provider_and_pupil_rows)
    holder.start()
    try:
        assert held.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            booked = placement_book(user=user, placement=placement)
        assert booked.status == PlacementStatus.BOOKED
    finally:
        release.set()
        holder.join()


@pytest.mark.parametrize(
    "status", [PlacementStatus.REQUESTED, PlacementStatus.APPROVED, PlacementStatus.BOOKED, PlacementStatus.ACTIVE]
)
def test_a_request_overlapping_the_pupils_open_request_or_placement_is_refused(senco_school_a, pupil, site, status):
    PlacementFactory(pupil=pupil, site=site, status=status, start_date=TODAY + dt.timedelta(days=10))
    with pytest.raises(ValidationError) as refused:
        placement_request(user=senco_school_a, details=details(pupil, site))
    assert "already has an open" in refused.value.message_dict["start_date"][0]
    assert Placement.objects.filter(pupil=pupil).count() == 1


@pytest.mark.parametrize("status", [PlacementStatus.ENDED, PlacementStatus.WITHDRAWN, PlacementStatus.DECLINED])
def test_a_closed_placement_or_request_does_not_block_a_new_one(senco_school_a, pupil, site, status):
    PlacementFactory(pupil=pupil, site=site, status=status, start_date=TODAY + dt.timedelta(days=10))
    placement_request(user=senco_school_a, details=details(pupil, site))
    assert Placement.objects.filter(pupil=pupil).count() == 2


def test_requests_on_dates_that_do_not_overlap_are_both_taken(senco_school_a, la_officer, pupil, site):
    placement_request(user=senco_school_a, details=details(pupil, site))
    later = details(pupil, site, start_date=TODAY + dt.timedelta(days=28), end_date=TODAY + dt.timedelta(days=40))
    placement_create_by_officer(user=la_officer, details=later)
    assert Placement.objects.filter(pupil=pupil).count() == 2


def test_the_overlap_is_shown_next_to_the_start_date_on_the_request_page(client, senco_school_a, pupil, site):
    from django.urls import reverse

    from apcommission.core.forms import date_input_data

    PlacementFactory(pupil=pupil, site=site, status=PlacementStatus.REQUESTED, start_date=TODAY)
    client.force_login(senco_school_a)
    data = {
        "route": route_for(pupil.home_la, "short_term").pk,
        "site": site.pk,
        **date_input_data("start_date", TODAY + dt.timedelta(days=3)),
        **date_input_data("end_date", TODAY + dt.timedelta(days=20)),
        "sessions_per_week": "6",
        "attendance_pattern": "part_time",
        "lump_sum_funder_choice": "school",
        "submission_token": str(uuid.uuid4()),
    }
    page = client.post(reverse("placements:placement-request", args=[pupil.pk]), data).content.decode()
    assert "govuk-error-summary" in page and 'href="#id_start_date_0"' in page
    assert "Ava Ashdown already has an open request from" in page
    assert Placement.objects.filter(pupil=pupil).count() == 1
