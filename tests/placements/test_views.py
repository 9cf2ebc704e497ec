import datetime as dt

import pytest
from django.urls import reverse

from apcommission.core.forms import date_input_data
from placements.models import PlacementStatus, Pupil
from tests.factories import MembershipFactory, UserFactory
from tests.placements.factories import PlacementFactory, PupilFactory
from tests.providers.factories import SiteCapacityFactory, SiteFactory


@pytest.fixture
def site(la):
    site = SiteFactory(provider__organisation__local_authority=la)
    SiteCapacityFactory(site=site, key_stage="ks3", places=3)
    return site


def test_senco_cannot_see_other_schools_pupils(client, senco_school_a, school_a, school_b):
    mine = PupilFactory(home_school=school_a, legal_last_name="Mineham")
    theirs = PupilFactory(home_school=school_b, legal_last_name="Theirsby")
    client.force_login(senco_school_a)
    body = client.get(reverse("placements:pupil-list")).content.decode()
    assert "Mineham" in body and "Theirsby" not in body
    assert client.get(reverse("placements:pupil-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("placements:pupil-detail", args=[mine.pk])).status_code == 200


def test_provider_sees_only_placements_sent_to_it(client, site, school_a):
    user = UserFactory()
    MembershipFactory(user=user, organisation=site.provider.organisation, role="provider_user")
    sent = PlacementFactory(site=site, pupil__home_school=school_a, pupil__legal_last_name="Sentford")
    at_panel = PlacementFactory(
        site=site, pupil__home_school=school_a, status=PlacementStatus.REQUESTED, pupil__legal_last_name="Panelby"
    )
    elsewhere = PlacementFactory(pupil__home_school=school_a, pupil__legal_last_name="Otherplace")
    client.force_login(user)
    body = client.get(reverse("placements:placement-list")).content.decode()
    assert "Sentford" in body and "Panelby" not in body and "Otherplace" not in body
    assert client.get(reverse("placements:placement-detail", args=[at_panel.pk])).status_code == 404
    assert client.get(reverse("placements:placement-detail", args=[elsewhere.pk])).status_code == 404
    assert client.get(reverse("placements:pupil-detail", args=[sent.pupil.pk])).status_code == 200


def test_forum_member_sees_no_pupils(client, forum_member, school_a):
    pupil = PupilFactory(home_school=school_a)
    client.force_login(forum_member)
    assert client.get(reverse("placements:pupil-list")).status_code == 403
    assert client.get(reverse("placements:pupil-detail", args=[pupil.pk])).status_code == 404


def test_placement_page_explains_registration_and_attendance_code(client, la_officer, site, school_a):
    placement = PlacementFactory(site=site, pupil__home_school=school_a)
    client.force_login(la_officer)
    body = client.get(reverse("placements:placement-detail", args=[placement.pk])).content.decode()
    assert "Dual registration; the home school is the main setting" in body
    assert "D: dual registered, and required to attend the other school this session." in body


def test_adding_a_pupil_says_so_on_the_pupils_page(client, senco_school_a, school_a):
    client.force_login(senco_school_a)
    data = {
        "upn": "H801200001001",
        "legal_first_name": "Newly",
        "legal_last_name": "Added",
        **date_input_data("date_of_birth", dt.date(2013, 3, 1)),
        "sex": "F",
        "sen_status": "none",
        "home_school": school_a.pk,
    }
    page = client.post(reverse("placements:pupil-create"), data, follow=True).content.decode()
    assert "govuk-notification-banner--success" in page and "Newly Added has been added" in page


def test_a_duplicate_upn_is_refused_with_a_link_to_the_existing_record(client, senco_school_a, school_a):
    existing = PupilFactory(home_school=school_a)
    client.force_login(senco_school_a)
    data = {
        "upn": existing.upn,
        "legal_first_name": "Dup",
        "legal_last_name": "Licate",
        **date_input_data("date_of_birth", dt.date(2013, 3, 1)),
        "sex": "M",
        "sen_status": "none",
        "home_school": school_a.pk,
    }
    response = client.post(reverse("placements:pupil-create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "A pupil with this UPN already exists" in body and "govuk-error-summary" in body
    assert reverse("placements:pupil-detail", args=[existing.pk]) in body
    assert Pupil.objects.count() == 1


def test_a_wrong_check_letter_shows_the_dfe_message(client, senco_school_a, school_a):
    client.force_login(senco_school_a)
    data = {
        "upn": "A801200001001",
        "legal_first_name": "Ann",
        "legal_last_name": "Other",
        **date_input_data("date_of_birth", dt.date(2013, 3, 1)),
        "sex": "F",
        "sen_status": "none",
        "home_school": school_a.pk,
    }
    body = client.post(reverse("placements:pupil-create"), data).content.decode()
    assert "The first letter of the UPN does not match the rest of it" in body
    assert not Pupil.objects.exists()


def test_senco_cannot_open_the_request_form_for_another_schools_pupil(client, senco_school_b, school_a):
    pupil = PupilFactory(home_school=school_a)
    client.force_login(senco_school_b)
    assert client.get(reverse("placements:placement-request", args=[pupil.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["placements:placement-list", "placements:pupil-list", "placements:panel-queue"])
def test_list_pages_use_a_constant_number_of_queries(
    client, la_officer, site, school_a, url_name, django_assert_max_num_queries
):
    client.force_login(la_officer)
    for _ in range(3):
        PlacementFactory(site=site, pupil__home_school=school_a, status=PlacementStatus.REQUESTED, requires_panel=True)
    with django_assert_max_num_queries(7):
        assert client.get(reverse(url_name)).status_code == 200
    for _ in range(20):
        PlacementFactory(site=site, pupil__home_school=school_a, status=PlacementStatus.REQUESTED, requires_panel=True)
    with django_assert_max_num_queries(7):
        assert client.get(reverse(url_name)).status_code == 200


def test_the_panel_approves_from_its_queue(client, la_officer, site, school_a):
    placement = PlacementFactory(site=site, pupil__home_school=school_a, status="requested", requires_panel=True)
    client.force_login(la_officer)
    response = client.post(
        reverse("placements:panel-decision", args=[placement.pk]),
        {
            "decision": "approve",
            "reasons": "Meets the criteria",
            **date_input_data("decision_date", dt.date(2026, 10, 1)),
        },
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.APPROVED


def test_an_administrator_changes_a_route(client, administrator, la):
    from tests.placements.factories import route_for

    route = route_for(la, "health")
    client.force_login(administrator)
    url = reverse("placements:route-edit", args=[route.pk])
    assert client.get(url).status_code == 200
    data = {
        "name": route.name,
        "commissioner": "la",
        "lump_sum_funder": "school",
        "top_up_funder": "school",
        "registration_rule": "dual_school_main",
        "home_school_attendance_code": "K",
        "is_section_19": "on",
        "is_active": "on",
    }
    assert client.post(url, data).status_code == 302
    route.refresh_from_db()
    assert route.commissioner == "la"
