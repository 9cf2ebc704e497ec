"""Who settles a route's "LA or school" cells (placements.route_choices), the services that apply
it to requests, direct placements and the panel, and the request's reference."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from placements.models import Placement, PlacementStatus
from placements.references import is_reference, new_reference
from placements.route_choices import COMMISSIONER, LUMP_SUM, REGISTRATION, TOP_UP, open_cells, open_choices
from placements.route_table import HEREFORDSHIRE_ROUTES
from placements.services import PlacementDetails, panel_decide, placement_create_by_officer, placement_request
from tests.placements.factories import TODAY, PlacementFactory, PupilFactory, route_for
from tests.providers.factories import SiteCapacityFactory, SiteFactory


class RouteRules:
    """A route as its rule values only (the rule module reads nothing else)."""

    def __init__(self, code):
        row = next(r for r in HEREFORDSHIRE_ROUTES if r["code"] == code)
        for name, value in row.items():
            setattr(self, name, value)


@pytest.mark.parametrize(
    ("code", "cells"),
    [
        ("permanent_exclusion", ()),
        ("health", (COMMISSIONER,)),
        ("awaiting_place", ()),
        ("short_term", (LUMP_SUM,)),
        ("suspension_off_site", ()),
        ("section_19_other", (LUMP_SUM, TOP_UP, REGISTRATION)),
        ("part_time_vocational", ()),
    ],
)
def test_the_open_cells_are_the_domain_tables_la_or_school_cells(code, cells):
    assert open_cells(RouteRules(code)) == cells


def test_an_officer_settles_every_open_cell():
    choices = open_choices(RouteRules("section_19_other"), by_school=False)
    assert choices.asked == (LUMP_SUM, TOP_UP, REGISTRATION) and choices.left_to_panel == ()


def test_once_the_la_commissions_a_schools_request_leaves_the_rest_to_the_panel():
    choices = open_choices(RouteRules("section_19_other"), by_school=True)
    assert choices.asked == () and choices.left_to_panel == (LUMP_SUM, TOP_UP, REGISTRATION)


def test_a_school_is_asked_who_commissions_where_the_route_leaves_it_open():
    assert open_choices(RouteRules("health"), by_school=True).asked == (COMMISSIONER,)
    assert open_choices(RouteRules("health"), by_school=True, commissioner_answer="la").asked == (COMMISSIONER,)


def test_a_school_commissioning_its_own_placement_settles_the_rest():
    choices = open_choices(RouteRules("short_term"), by_school=True)
    assert choices.asked == (LUMP_SUM,) and choices.left_to_panel == ()


def test_a_reference_is_readable_and_never_reused():
    references = {new_reference() for _ in range(500)}
    assert len(references) == 500
    assert all(is_reference(r) for r in references)
    assert not any(set(r) & set("ILOUS") for r in references)


# The services


@pytest.fixture
def site(la):
    site = SiteFactory(provider__organisation__local_authority=la)
    SiteCapacityFactory(site=site, key_stage="ks3", places=3)
    return site


@pytest.fixture
def pupil(school_a):
    return PupilFactory(home_school=school_a, date_of_birth=TODAY - dt.timedelta(days=365 * 13))


def details(pupil, site, code, **choices):
    return PlacementDetails(
        pupil=pupil,
        route=route_for(pupil.home_la, code),
        provider=site.provider,
        site=site,
        start_date=TODAY,
        end_date=TODAY + dt.timedelta(days=30),
        sessions_per_week=10,
        attendance_pattern="full_time",
        submission_token=uuid.uuid4(),
        **choices,
    )


def test_a_school_cannot_settle_what_is_the_las_to_decide(senco_school_a, pupil, site):
    placement = placement_request(
        user=senco_school_a,
        details=details(
            pupil,
            site,
            "section_19_other",
            lump_sum_funder_choice="la",
            top_up_funder_choice="la",
            registration_choice="single",
        ),
    )
    assert placement.requires_panel
    assert (placement.lump_sum_funder, placement.top_up_funder, placement.registration) == (
        "la_or_school",
        "la_or_school",
        "",
    )
    assert placement.registration_summary == "To be decided by the panel"
    assert placement.lump_sum_funder_summary == placement.top_up_funder_summary == "To be decided by the panel"


def test_a_school_that_asks_the_la_to_pay_sends_its_own_placement_to_the_panel(senco_school_a, pupil, site):
    placement = placement_request(
        user=senco_school_a, details=details(pupil, site, "short_term", lump_sum_funder_choice="la")
    )
    assert placement.requires_panel and placement.status == PlacementStatus.REQUESTED
    later = details(pupil, site, "short_term", lump_sum_funder_choice="school")
    later.start_date, later.end_date = TODAY + dt.timedelta(days=60), TODAY + dt.timedelta(days=90)
    paid_by_school = placement_request(user=senco_school_a, details=later)
    assert not paid_by_school.requires_panel and paid_by_school.status == PlacementStatus.APPROVED


def test_a_school_must_say_who_commissions_a_health_placement(senco_school_a, pupil, site):
    with pytest.raises(ValidationError) as error:
        placement_request(user=senco_school_a, details=details(pupil, site, "health"))
    assert "commissioner_choice" in error.value.message_dict


def test_an_officer_must_settle_every_open_cell(la_officer, pupil, site):
    with pytest.raises(ValidationError) as error:
        placement_create_by_officer(user=la_officer, details=details(pupil, site, "section_19_other"))
    assert set(error.value.message_dict) == {"lump_sum_funder_choice", "top_up_funder_choice", "registration_choice"}


def test_the_panel_cannot_approve_without_settling_what_was_left_to_it(senco_school_a, la_officer, pupil, site):
    placement = placement_request(user=senco_school_a, details=details(pupil, site, "section_19_other"))
    with pytest.raises(ValidationError) as error:
        panel_decide(
            user=la_officer,
            placement=placement,
            decision="approve",
            reasons="Meets the criteria",
            decision_date=TODAY,
            settled={"lump_sum_funder_choice": "la", "registration_choice": "dual"},
        )
    assert set(error.value.message_dict) == {"top_up_funder_choice", "main_setting_choice"}
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.REQUESTED
    # Declining settles nothing and needs nothing settled.
    declined = panel_decide(
        user=la_officer, placement=placement, decision="decline", reasons="Not the right route", decision_date=TODAY
    )
    assert declined.status == PlacementStatus.DECLINED and declined.cells_left_to_panel


def test_the_database_refuses_an_approved_placement_with_cells_still_open(site, school_a):
    with pytest.raises(IntegrityError):
        PlacementFactory(site=site, pupil__home_school=school_a, status="approved", lump_sum_funder="la_or_school")


def test_every_placement_has_its_own_reference(site, school_a):
    first, second = (PlacementFactory(site=site, pupil__home_school=school_a) for _ in range(2))
    assert is_reference(first.reference) and first.reference != second.reference
    assert Placement.objects.filter(reference=first.reference).count() == 1
