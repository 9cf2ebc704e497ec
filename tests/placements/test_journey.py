"""The school's request and the officer's direct placement as question pages: each page's
validation, the answers kept between pages, the check page's Change links, the double submit and
the confirmation's reference."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from apcommission.core.forms import date_input_data
from placements.models import Placement, PlacementStatus
from placements.references import is_reference
from tests.placements.factories import PupilFactory, route_for
from tests.providers.factories import PriceFactory, SiteCapacityFactory, SiteFactory, SiteNeedFactory

START = dt.date(2026, 10, 5)


@pytest.fixture
def site(la):
    site = SiteFactory(
        provider__organisation__local_authority=la, provider__organisation__name="Oakfield Learning", name="Oak Centre"
    )
    SiteCapacityFactory(site=site, key_stage="ks3", places=3)
    PriceFactory(provider=site.provider, unit="day", amount=Decimal("90.00"), effective_from=dt.date(2020, 1, 1))
    return site


@pytest.fixture
def pupil(school_a):
    # Year 8 on the start date: key stage 3, of compulsory school age.
    return PupilFactory(
        home_school=school_a, legal_first_name="Kai", legal_last_name="Fletcher", date_of_birth=dt.date(2013, 1, 15)
    )


def step_url(pupil, step, kind="request", change=False):
    name = "placements:placement-request-step" if kind == "request" else "placements:placement-create-step"
    url = reverse(name, args=[pupil.pk, step])
    return f"{url}?change=1" if change else url


def dates(start=START, end=None, sessions="6", pattern="part_time"):
    return {
        **date_input_data("start_date", start),
        **date_input_data("end_date", end or start + dt.timedelta(days=41)),
        "sessions_per_week": sessions,
        "attendance_pattern": pattern,
    }


def answer(client, pupil, step, data, kind="request", change=False):
    response = client.post(step_url(pupil, step, kind, change), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response["Location"]


def walk_to_check(client, pupil, site, route_code="short_term", kind="request", choices=None):
    client.post(
        reverse("placements:placement-request" if kind == "request" else "placements:placement-create", args=[pupil.pk])
    )
    route = route_for(pupil.home_la, route_code)
    answer(client, pupil, "route", {"route": route.pk}, kind)
    answer(client, pupil, "needs", {"needs": ["semh"]}, kind)
    answer(client, pupil, "dates", dates(), kind)
    location = answer(client, pupil, "provider", {"site": site.pk}, kind)
    for step, data in (choices or {}).items():
        assert location == step_url(pupil, step, kind), location
        location = answer(client, pupil, step, data, kind)
    assert location == step_url(pupil, "objectives", kind)
    return answer(client, pupil, "objectives", {"objectives": "Attend and settle"}, kind)


def errors(response) -> str:
    body = response.content.decode()
    summary = re.search(r'<div class="govuk-error-summary".*?</div>\s*</div>', body, re.S)
    return summary.group(0) if summary else ""


# The pages, one by one


def test_the_pupil_page_starts_the_request_and_goes_to_the_route_question(client, senco_school_a, pupil):
    client.force_login(senco_school_a)
    start = reverse("placements:placement-request", args=[pupil.pk])
    body = client.get(start).content.decode()
    assert "Kai Fletcher" in body and "Start now" in body
    response = client.post(start)
    assert response["Location"] == step_url(pupil, "route")
    assert "Continue" in client.get(start).content.decode()


def test_the_route_question_explains_each_route_and_requires_an_answer(client, senco_school_a, pupil):
    client.force_login(senco_school_a)
    body = client.get(step_url(pupil, "route")).content.decode()
    assert "the school commissions it" in body and "the LA commissions it, at its panel" in body
    response = client.post(step_url(pupil, "route"), {})
    assert response.status_code == 200
    assert '<a href="#id_route">Select the route into alternative provision</a>' in errors(response)
    assert "govuk-form-group--error" in response.content.decode()
    response = client.post(step_url(pupil, "route"), {"route": "999999"})
    assert "Select one of the routes listed" in errors(response)


def test_another_las_route_cannot_be_chosen(client, senco_school_a, pupil):
    from tests.factories import LocalAuthorityFactory

    other = route_for(LocalAuthorityFactory(la_code="998"), "short_term")
    client.force_login(senco_school_a)
    response = client.post(step_url(pupil, "route"), {"route": other.pk})
    assert response.status_code == 200 and "Select one of the routes listed" in errors(response)


def test_the_needs_question_needs_an_answer_and_none_is_an_answer(client, senco_school_a, pupil):
    client.force_login(senco_school_a)
    answer(client, pupil, "route", {"route": route_for(pupil.home_la, "short_term").pk})
    response = client.post(step_url(pupil, "needs"), {})
    assert "Select the needs the provision should meet, or select no particular needs" in errors(response)
    response = client.post(step_url(pupil, "needs"), {"needs": ["semh", "none"]})
    assert "not both" in errors(response)
    assert client.post(step_url(pupil, "needs"), {"needs": ["none"]}).status_code == 302


@pytest.mark.parametrize(
    ("data", "message", "anchor"),
    [
        (
            dates(end=START - dt.timedelta(days=1)),
            "The end date must be the same as or after the start date",
            "end_date_0",
        ),
        (dates(sessions="12"), "Sessions per week must be between 1 and 10", "sessions_per_week"),
        (dates(sessions="lots"), "Sessions per week must be a number", "sessions_per_week"),
        ({**dates(), "start_date_0": "31", "start_date_1": "2"}, "Start date must be a real date", "start_date_0"),
        ({**dates(), "attendance_pattern": ""}, "Select full time or part time", "attendance_pattern"),
    ],
)
def test_the_dates_page_refuses_bad_dates_next_to_the_field(client, senco_school_a, pupil, data, message, anchor):
    client.force_login(senco_school_a)
    answer(client, pupil, "route", {"route": route_for(pupil.home_la, "short_term").pk})
    answer(client, pupil, "needs", {"needs": ["none"]})
    response = client.post(step_url(pupil, "dates"), data)
    assert response.status_code == 200
    assert f'<a href="#id_{anchor}">{message}</a>' in errors(response)


def test_a_section_19_route_needs_a_pupil_of_compulsory_school_age_on_the_start_date(client, senco_school_a, school_a):
    four_year_old = PupilFactory(home_school=school_a, date_of_birth=dt.date(2022, 3, 1))
    client.force_login(senco_school_a)
    answer(client, four_year_old, "route", {"route": route_for(four_year_old.home_la, "section_19_other").pk})
    answer(client, four_year_old, "needs", {"needs": ["none"]})
    response = client.post(step_url(four_year_old, "dates"), dates())
    assert "is not of compulsory school age on the start date" in errors(response)


def test_providers_are_ranked_by_the_needs_just_chosen(client, senco_school_a, pupil, site, la):
    better = SiteFactory(
        provider__organisation__local_authority=la, provider__organisation__name="Willow Tree AP", name="Willow"
    )
    SiteCapacityFactory(site=better, key_stage="ks3", places=2)
    SiteNeedFactory(site=better, need="ebsa")
    client.force_login(senco_school_a)
    answer(client, pupil, "route", {"route": route_for(pupil.home_la, "short_term").pk})
    answer(client, pupil, "needs", {"needs": ["ebsa"]})
    answer(client, pupil, "dates", dates())
    body = client.get(step_url(pupil, "provider")).content.decode()
    assert body.index("Willow Tree AP – Willow") < body.index("Oakfield Learning – Oak Centre")
    assert "Serves the need you chose" in body and "Serves none of the needs you chose" in body
    assert "3 of 3 places free on 5 October" in body
    assert "£90.00 per day (about £270.00 a week)" in body
    response = client.post(step_url(pupil, "provider"), {})
    assert '<a href="#id_site">Select the provider and site</a>' in errors(response)


def test_a_site_without_places_for_the_key_stage_is_not_offered(client, senco_school_a, pupil, la):
    primary = SiteFactory(provider__organisation__local_authority=la, name="Primary Only")
    SiteCapacityFactory(site=primary, key_stage="ks2", places=4)
    client.force_login(senco_school_a)
    answer(client, pupil, "route", {"route": route_for(pupil.home_la, "short_term").pk})
    answer(client, pupil, "needs", {"needs": ["none"]})
    answer(client, pupil, "dates", dates())
    response = client.post(step_url(pupil, "provider"), {"site": primary.pk})
    assert "Select one of the providers listed" in errors(response)


def test_the_objectives_question_is_required(client, senco_school_a, pupil, site):
    client.force_login(senco_school_a)
    walk_to_check(client, pupil, site, choices={"lump-sum": {"lump_sum_funder_choice": "school"}})
    response = client.post(step_url(pupil, "objectives"), {"objectives": "  "})
    assert "Enter what the placement should achieve" in errors(response)


# The pages together


def test_a_page_cannot_be_skipped_to(client, senco_school_a, pupil):
    client.force_login(senco_school_a)
    assert client.get(step_url(pupil, "provider"))["Location"] == step_url(pupil, "route")
    assert client.get(step_url(pupil, "check"))["Location"] == step_url(pupil, "route")
    assert client.get(step_url(pupil, "no-such-page")).status_code == 404


def test_answers_survive_a_reload_and_show_on_their_page(client, senco_school_a, pupil):
    client.force_login(senco_school_a)
    route = route_for(pupil.home_la, "short_term")
    answer(client, pupil, "route", {"route": route.pk})
    answer(client, pupil, "needs", {"needs": ["semh", "ebsa"]})
    body = client.get(step_url(pupil, "needs")).content.decode()
    assert re.search(r'value="semh"[^>]*checked', body) and re.search(r'value="ebsa"[^>]*checked', body)
    assert re.search(rf'value="{route.pk}"[^>]*checked', client.get(step_url(pupil, "route")).content.decode())


def test_the_answers_are_the_users_own(client, senco_school_a, pupil, school_a):
    from tests.factories import MembershipFactory, UserFactory

    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=school_a.organisation, role="school_user")
    client.force_login(senco_school_a)
    answer(client, pupil, "route", {"route": route_for(pupil.home_la, "short_term").pk})
    client.force_login(colleague)
    assert client.get(step_url(pupil, "needs"))["Location"] == step_url(pupil, "route")


def test_a_school_commissioning_a_short_term_placement_is_asked_who_pays_the_lump_sum(
    client, senco_school_a, pupil, site
):
    client.force_login(senco_school_a)
    check = walk_to_check(client, pupil, site, choices={"lump-sum": {"lump_sum_funder_choice": "school"}})
    assert check == step_url(pupil, "check")
    body = client.get(check).content.decode()
    assert "Who will pay the lump sum?" in body and "Our school pays it" in body
    assert "Who will commission" not in body and "registered" not in body


def test_a_school_asking_for_a_section_19_placement_leaves_the_las_decisions_to_the_panel(
    client, senco_school_a, la_officer, pupil, site
):
    client.force_login(senco_school_a)
    check = walk_to_check(client, pupil, site, route_code="section_19_other")
    body = client.get(check).content.decode()
    assert "Decided by the local authority&#x27;s panel" in body
    assert "Who pays the lump sum, who pays the top-up, how the pupil is registered" in body
    client.post(check, {"submission_token": re.search(r'name="submission_token" value="([^"]+)"', body).group(1)})
    placement = Placement.objects.get()
    assert placement.requires_panel and placement.status == PlacementStatus.REQUESTED
    assert placement.cells_left_to_panel == ["lump_sum_funder", "top_up_funder", "registration"]
    # The panel settles them when it approves.
    client.force_login(la_officer)
    url = reverse("placements:panel-decision", args=[placement.pk])
    decision = {"decision": "approve", "reasons": "Meets the criteria", **date_input_data("decision_date", START)}
    refused = client.post(url, decision)
    assert "Select who pays the lump sum" in errors(refused)
    client.post(
        url,
        {
            **decision,
            "lump_sum_funder_choice": "la",
            "top_up_funder_choice": "school",
            "registration_answer": "dual_home_school",
        },
    )
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.APPROVED
    assert (placement.lump_sum_funder, placement.top_up_funder, placement.registration) == ("la", "school", "dual")
    assert placement.home_school_attendance_code == "K"


def test_an_officer_answers_every_choice_the_route_leaves_open(client, la_officer, pupil, site):
    client.force_login(la_officer)
    walk_to_check(
        client,
        pupil,
        site,
        route_code="section_19_other",
        kind="place",
        choices={
            "lump-sum": {"lump_sum_funder_choice": "la"},
            "top-up": {"top_up_funder_choice": "la"},
            "registration": {"registration_answer": "single"},
        },
    )
    body = client.get(step_url(pupil, "check", "place")).content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', body).group(1)
    response = client.post(step_url(pupil, "check", "place"), {"submission_token": token})
    placement = Placement.objects.get()
    assert response["Location"] == reverse("placements:placement-confirmation", args=[placement.pk])
    assert not placement.requires_panel and placement.status == PlacementStatus.APPROVED
    assert (placement.registration, placement.main_setting, placement.home_school_attendance_code) == ("single", "", "")


def test_health_asks_the_school_who_commissions_and_asking_the_la_goes_to_the_panel(
    client, senco_school_a, pupil, site
):
    client.force_login(senco_school_a)
    walk_to_check(client, pupil, site, route_code="health", choices={"commissioner": {"commissioner_choice": "la"}})
    body = client.get(step_url(pupil, "check")).content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', body).group(1)
    client.post(step_url(pupil, "check"), {"submission_token": token})
    placement = Placement.objects.get()
    assert placement.commissioner == "la" and placement.requires_panel


def test_change_from_the_check_page_returns_to_it(client, senco_school_a, pupil, site):
    client.force_login(senco_school_a)
    check = walk_to_check(client, pupil, site, choices={"lump-sum": {"lump_sum_funder_choice": "school"}})
    body = client.get(check).content.decode()
    assert f'href="{step_url(pupil, "needs", change=True)}"' in body
    assert answer(client, pupil, "needs", {"needs": ["vocational"]}, change=True) == check
    assert "Vocational courses" in client.get(check).content.decode()


def test_changing_the_route_from_the_check_page_asks_the_new_routes_questions_first(
    client, senco_school_a, pupil, site
):
    client.force_login(senco_school_a)
    walk_to_check(client, pupil, site, choices={"lump-sum": {"lump_sum_funder_choice": "school"}})
    health = route_for(pupil.home_la, "health")
    location = answer(client, pupil, "route", {"route": health.pk}, change=True)
    assert location == step_url(pupil, "commissioner", change=True)
    assert answer(client, pupil, "commissioner", {"commissioner_choice": "school"}, change=True) == step_url(
        pupil, "check"
    )


def test_a_double_submit_sends_one_request_and_both_reach_its_confirmation(client, senco_school_a, pupil, site):
    client.force_login(senco_school_a)
    check = walk_to_check(client, pupil, site, choices={"lump-sum": {"lump_sum_funder_choice": "school"}})
    token = re.search(r'name="submission_token" value="([^"]+)"', client.get(check).content.decode()).group(1)
    first = client.post(check, {"submission_token": token})
    second = client.post(check, {"submission_token": token})
    placement = Placement.objects.get()
    assert first["Location"] == second["Location"] == reverse("placements:placement-confirmation", args=[placement.pk])
    assert placement.status == PlacementStatus.APPROVED and not placement.requires_panel
    assert placement.objectives == "Attend and settle" and placement.needs == ["semh"]
    assert placement.lump_sum_funder == "school"
    # The draft is gone: the pupil's page starts afresh.
    assert "Start now" in client.get(reverse("placements:placement-request", args=[pupil.pk])).content.decode()


def test_the_confirmation_shows_the_reference_and_what_happens_next(client, senco_school_a, pupil, site):
    client.force_login(senco_school_a)
    check = walk_to_check(client, pupil, site, choices={"lump-sum": {"lump_sum_funder_choice": "school"}})
    token = re.search(r'name="submission_token" value="([^"]+)"', client.get(check).content.decode()).group(1)
    confirmation = client.post(check, {"submission_token": token}, follow=True).content.decode()
    placement = Placement.objects.get()
    assert is_reference(placement.reference)
    assert f"<strong>{placement.reference}</strong>" in confirmation
    assert "What happens next" in confirmation and "Oakfield Learning has been asked to accept" in confirmation
    detail = client.get(reverse("placements:placement-detail", args=[placement.pk])).content.decode()
    assert placement.reference in detail


def test_a_request_the_service_refuses_shows_its_reason_on_the_check_page(client, senco_school_a, pupil, site):
    client.force_login(senco_school_a)
    check = walk_to_check(client, pupil, site, choices={"lump-sum": {"lump_sum_funder_choice": "school"}})
    token = re.search(r'name="submission_token" value="([^"]+)"', client.get(check).content.decode()).group(1)
    site.provider.status = "suspended"
    site.provider.save()
    response = client.post(check, {"submission_token": token})
    # The provider is no longer offered: the user is sent back to choose another.
    assert response["Location"] == step_url(pupil, "provider")
    assert not Placement.objects.exists()


def test_the_check_page_uses_a_constant_number_of_queries(
    client, senco_school_a, pupil, site, la, django_assert_max_num_queries
):
    client.force_login(senco_school_a)
    check = walk_to_check(client, pupil, site, choices={"lump-sum": {"lump_sum_funder_choice": "school"}})
    with django_assert_max_num_queries(13) as few:
        client.get(check)
    for n in range(8):
        more = SiteFactory(provider__organisation__local_authority=la, name=f"Extra {n}")
        SiteCapacityFactory(site=more, key_stage="ks3", places=2)
        PriceFactory(provider=more.provider, unit="day", amount=Decimal("80.00"), effective_from=dt.date(2020, 1, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(check)


# Who may


def test_senco_cannot_start_a_request_for_another_schools_pupil(client, senco_school_b, pupil):
    client.force_login(senco_school_b)
    assert client.get(reverse("placements:placement-request", args=[pupil.pk])).status_code == 404
    assert client.get(step_url(pupil, "route")).status_code == 404


def test_a_senco_cannot_use_the_officers_pages(client, senco_school_a, pupil):
    client.force_login(senco_school_a)
    assert client.get(reverse("placements:placement-create", args=[pupil.pk])).status_code == 404
    assert client.get(step_url(pupil, "route", "place")).status_code == 404


def test_a_change_that_makes_the_provider_unsuitable_asks_for_it_again_then_returns(
    client, senco_school_a, pupil, site, la
):
    ks4 = SiteFactory(provider__organisation__local_authority=la, provider__organisation__name="Elm College")
    SiteCapacityFactory(site=ks4, key_stage="ks4", places=2)
    client.force_login(senco_school_a)
    check = walk_to_check(client, pupil, site, choices={"lump-sum": {"lump_sum_funder_choice": "school"}})
    # Two years on, Kai is in key stage 4: the key stage 3 site no longer has a place for him.
    location = answer(client, pupil, "dates", dates(start=dt.date(2028, 10, 2)), change=True)
    assert location == step_url(pupil, "provider", change=True)
    assert client.get(check)["Location"] == step_url(pupil, "provider")
    assert answer(client, pupil, "provider", {"site": ks4.pk}, change=True) == check


def test_objectives_are_limited_in_length_with_a_govuk_message(client, senco_school_a, pupil, site):
    client.force_login(senco_school_a)
    walk_to_check(client, pupil, site, choices={"lump-sum": {"lump_sum_funder_choice": "school"}})
    response = client.post(step_url(pupil, "objectives"), {"objectives": "x" * 4001})
    assert "What the placement should achieve must be 4,000 characters or fewer" in errors(response)


def test_the_reintegration_plan_is_asked_only_where_the_route_needs_one(la):
    from placements.forms import ObjectivesQuestionForm

    assert "reintegration_plan" in ObjectivesQuestionForm(route=route_for(la, "short_term")).fields
    assert "reintegration_plan" not in ObjectivesQuestionForm(route=route_for(la, "health")).fields


@pytest.mark.parametrize(
    ("by_school", "question"), [(True, "Who will pay the top-up?"), (False, "Who pays the top-up?")]
)
def test_a_choice_is_asked_in_the_words_of_whoever_makes_it(by_school, question):
    from placements.forms import CellQuestionForm

    form = CellQuestionForm({}, cell="top_up", by_school=by_school)
    assert form.fields["top_up_funder_choice"].label == question
    assert not form.is_valid() and form.errors["top_up_funder_choice"] == ["Select who pays the top-up"]
    assert CellQuestionForm({"top_up_funder_choice": "la"}, cell="top_up", by_school=by_school).is_valid()


def test_only_the_latest_requests_in_progress_are_kept(client, senco_school_a, school_a, monkeypatch):
    from placements.views import _questions

    monkeypatch.setattr(_questions, "DRAFTS_KEPT", 2)
    pupils = [PupilFactory(home_school=school_a) for _ in range(3)]
    client.force_login(senco_school_a)
    for each in pupils:
        answer(client, each, "route", {"route": route_for(each.home_la, "short_term").pk})
    assert client.get(step_url(pupils[0], "needs"))["Location"] == step_url(pupils[0], "route")
    assert client.get(step_url(pupils[2], "needs")).status_code == 200


def test_dates_overlapping_an_open_request_are_refused_on_the_dates_page(client, senco_school_a, pupil, site):
    from tests.placements.factories import PlacementFactory

    PlacementFactory(pupil=pupil, site=site, status=PlacementStatus.REQUESTED, start_date=START)
    client.force_login(senco_school_a)
    answer(client, pupil, "route", {"route": route_for(pupil.home_la, "short_term").pk})
    answer(client, pupil, "needs", {"needs": ["none"]})
    response = client.post(step_url(pupil, "dates"), dates())
    assert "Kai Fletcher already has an open request from 5 October 2026" in errors(response)
