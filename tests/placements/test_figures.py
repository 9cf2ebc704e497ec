"""The maintained figures (docs/adr/0005-maintained-figures.md): each figure the summary holds
equals the same figure counted directly, changes mark it stale, and the refresh recounts it."""

import datetime as dt
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.core.models import Role
from apcommission.core.scoping import local_authority_scope, scope_for
from placements.models import (
    LocalAuthorityFigures,
    OrganisationFigures,
    Outcome,
    Placement,
    PlacementReview,
    PlacementStatus,
    PupilsInApCount,
)
from placements.selectors import (
    Day6Figures,
    dashboard,
    day6_duties_met,
    day6_period,
    key_stage_snapshot,
    pupils_in_ap_by_key_stage,
    pupils_in_ap_on,
    snapshot_default_dates,
)
from placements.selectors.dashboard import dashboard_tiles
from placements.selectors.home import PANEL_WAITING, panel_waiting
from placements.services import placement_end
from placements.services.figures import REFRESH_EVERY, figures_refresh
from placements.services.review_schedule import review_schedule_refresh
from providers.models import ProviderType, RegistrationCount
from providers.selectors import providers_that_must_register, registration_warnings
from tests.factories import MembershipFactory, UserFactory
from tests.placements.factories import PlacementFactory, missing_pupil_alert, route_for
from tests.providers.factories import SiteCapacityFactory, SiteFactory

TODAY = timezone.localdate()
S = PlacementStatus


def _dob(nc_year: int) -> dt.date:
    start = TODAY.year if TODAY.month >= 9 else TODAY.year - 1
    return dt.date(start - 5 - nc_year, 12, 1)


def _site(la, name):
    site = SiteFactory(
        provider__organisation__local_authority=la,
        provider__organisation__name=name,
        provider__provider_type=ProviderType.NON_SCHOOL_AP,
    )
    for key_stage in ("ks2", "ks3", "ks4"):
        SiteCapacityFactory(site=site, key_stage=key_stage, places=50)
    return site


@pytest.fixture
def county(la, school_a, school_b):
    """Two providers' worth of placements in every state the figures count."""
    north, south = _site(la, "North Learning"), _site(la, "South Learning")
    rows = [
        # (site, school, NC year, status, start, end, sessions, route, extra)
        (north, school_a, 8, S.ACTIVE, -40, 60, 10, "short_term", {}),
        (north, school_a, 10, S.ACTIVE, -200, 10, 10, "health", {"pupil__looked_after": True}),
        (north, school_b, 10, S.ACTIVE, -5, 90, 4, "short_term", {}),
        (south, school_b, 5, S.ACTIVE, -90, 20, 10, "permanent_exclusion", {}),
        (south, school_a, 9, S.BOOKED, 3, 100, 8, "short_term", {}),
        (south, school_a, 9, S.BOOKED, -10, 15, 8, "short_term", {}),
        (north, school_b, 7, S.WAITING_LIST, 10, 100, 6, "short_term", {}),
        (north, school_b, 7, S.WAITING_LIST, 12, 100, 6, "health", {}),
        (south, school_a, 11, S.ENDED, -400, -300, 6, "short_term", {}),
        (south, school_a, 11, S.ENDED, -60, 30, 6, "short_term", {"ended_on": TODAY - dt.timedelta(days=3)}),
        (north, school_a, 8, S.REQUESTED, 20, 80, 6, "health", {"requires_panel": True}),
    ]
    placements = []
    for site, school, year, status, start, end, sessions, route, extra in rows:
        placements.append(
            PlacementFactory(
                site=site,
                pupil__home_school=school,
                pupil__date_of_birth=_dob(year),
                route=route_for(la, route),
                status=status,
                start_date=TODAY + dt.timedelta(days=start),
                end_date=TODAY + dt.timedelta(days=end),
                sessions_per_week=sessions,
                attendance_pattern="full_time" if sessions >= 8 else "part_time",
                **extra,
            )
        )
    # The same pupil in AP twice today is one pupil in the key stage counts.
    PlacementFactory(
        site=south,
        pupil=placements[0].pupil,
        route=route_for(la, "part_time_vocational"),
        status=S.ACTIVE,
        start_date=TODAY - dt.timedelta(days=20),
        end_date=TODAY + dt.timedelta(days=20),
    )
    review_schedule_refresh()
    PlacementReview.objects.create(
        placement=placements[3],
        review_date=TODAY - dt.timedelta(days=2),
        attendees="A",
        progress="B",
        pupil_what_is_working="C",
        pupil_what_should_change="D",
        decision="continue",
        recorded_by=UserFactory(),
    )
    review_schedule_refresh()
    return placements


def _la_placements(la):
    return Placement.objects.visible_in(local_authority_scope(la.pk))


def test_each_maintained_dashboard_figure_equals_the_same_figure_counted_directly(la, county):
    assert figures_refresh(force=True) == [la.pk]
    stored = LocalAuthorityFigures.objects.get(local_authority=la)
    direct = dashboard_tiles(placements=_la_placements(la), today=TODAY)
    assert stored.on == TODAY and stored.stale_since is None
    # The dashboard's day-6 figures for the year are stored with the tiles, as counted directly.
    start, end = day6_period(TODAY)
    day6 = stored.figures.pop("day6")
    assert Day6Figures.from_json(day6) == day6_duties_met(local_authority_id=la.pk, start=start, end=end, today=TODAY)
    # The home page's panel queue, stored beside them.
    assert stored.figures.pop(PANEL_WAITING) == _la_placements(la).awaiting_panel().count() == 1
    # JSON keeps (label, n) pairs as lists; nothing else changes on the way through.
    assert stored.figures == {k: [list(v) if isinstance(v, tuple) else v for v in x] if isinstance(x, list) else x
                              for k, x in direct.items()}  # fmt: skip
    assert direct["pupils_in_ap"] == 4  # five active placements, one pupil twice
    assert direct["waiting_total"] == 2 and direct["ending_soon_total"] == 4
    assert direct["reviews_overdue_total"] + direct["reviews_due_soon_total"] >= 1


def test_the_tiles_counted_in_grouped_queries_equal_the_placements_counted_one_by_one(la, county):
    """The totals (conditional counts in one query) and the top 10s with how many groups there are
    (a window count) against the same rules applied to each placement in Python."""
    tiles = dashboard_tiles(placements=_la_placements(la), today=TODAY)
    rows = list(_la_placements(la).select_related("route", "site", "provider__organisation"))
    in_ap = [p for p in rows if p.status == S.ACTIVE and p.start_date <= TODAY <= p.end_date]
    waiting = [p for p in rows if p.status == S.WAITING_LIST]
    soon = TODAY + dt.timedelta(days=14)
    assert tiles["waiting_total"] == len(waiting)
    assert tiles["ending_soon_total"] == sum(
        p.status in (S.ACTIVE, S.BOOKED) and TODAY <= p.end_date <= TODAY + dt.timedelta(weeks=4) for p in rows
    )
    active = [p for p in rows if p.status == S.ACTIVE and p.review_due_by is not None]
    assert tiles["reviews_overdue_total"] == sum(p.review_due_by < TODAY for p in active)
    assert tiles["reviews_due_soon_total"] == sum(TODAY <= p.review_due_by <= soon for p in active)
    assert dict(tiles["by_route"]) == dict(Counter(p.route.name for p in in_ap))
    by_provider = Counter(p.provider.organisation.name for p in in_ap)
    assert dict(tiles["by_provider"]) == dict(by_provider) and tiles["providers_total"] == len(by_provider)
    lists = Counter((p.provider.organisation.name, p.site.name, p.key_stage) for p in waiting)
    shown = {(w["provider__organisation__name"], w["site__name"], w["key_stage"]): w["n"] for w in tiles["waiting"]}
    assert shown == dict(lists) and tiles["waiting_lists_total"] == len(lists)


def test_a_providers_own_dashboard_counts_only_the_tiles_it_shows(la, county):
    provider = county[0].provider
    user = UserFactory()
    MembershipFactory(user=user, organisation=provider.organisation, role=Role.PROVIDER_USER)
    board = dashboard(user=user, today=TODAY)
    assert board.as_of is None and board.pupils_in_ap == 3  # North's three pupils in AP today
    assert board.by_provider == [] and board.waiting == [] and board.waiting_lists_total == 0


def test_each_stored_key_stage_count_equals_the_rule_applied_to_every_placement(la, county):
    figures_refresh(force=True)
    rows = list(
        _la_placements(la)
        .filter(status__in=[S.ACTIVE, S.ENDED, S.BROKEN_DOWN])
        .values_list("pupil_id", "pupil__date_of_birth", "start_date", "end_date", "ended_on")
    )
    for day in set(snapshot_default_dates(TODAY)):
        by_rule: dict[str, int] = {}
        for key_stage in pupils_in_ap_on(rows, day).values():
            by_rule[key_stage] = by_rule.get(key_stage, 0) + 1
        stored = {
            row.key_stage: row.pupils
            for row in PupilsInApCount.objects.filter(local_authority=la, day=day)
            if row.pupils
        }
        assert stored == by_rule
        assert dict(+pupils_in_ap_by_key_stage(placements=_la_placements(la), day=day)) == by_rule


def test_each_stored_registration_count_equals_the_count_made_directly(la, county):
    providers = [p.provider for p in county[:4]]
    direct = registration_warnings(providers=providers, on=TODAY)
    assert not RegistrationCount.objects.exists()
    figures_refresh(force=True)
    stored = registration_warnings(providers=providers, on=TODAY)
    for provider in providers:
        assert stored[provider.pk].counts == direct[provider.pk].counts
        assert stored[provider.pk].must_register == direct[provider.pk].must_register
        assert stored[provider.pk].as_of is not None and direct[provider.pk].as_of is None
    assert stored[county[0].provider.pk].must_register  # a looked-after pupil full-time at North


def test_officers_home_names_providers_that_must_register_from_the_stored_counts(la, county, la_officer):
    figures_refresh(force=True)
    flagged, total = providers_that_must_register(user=la_officer)
    assert [p.name for p, _warning in flagged] == ["North Learning"] and total == 1
    RegistrationCount.objects.all().delete()  # not counted yet today: counted for the page instead
    assert [p.name for p, _w in providers_that_must_register(user=la_officer)[0]] == ["North Learning"]


def test_a_change_through_the_services_marks_the_figures_stale_and_the_refresh_recounts_them(la, county, la_officer):
    figures_refresh(force=True)
    assert figures_refresh() == []  # fresh: nothing to do
    placement_end(
        user=la_officer, placement=county[2], outcome=Outcome.REINTEGRATED, ended_on=TODAY - dt.timedelta(days=1)
    )
    assert LocalAuthorityFigures.objects.get(local_authority=la).stale_since is not None
    assert figures_refresh() == [la.pk]
    figures = LocalAuthorityFigures.objects.get(local_authority=la)
    assert figures.stale_since is None and figures.figures["pupils_in_ap"] == 3


def test_one_las_staff_read_the_panel_queue_from_the_stored_figures_and_others_count_it(
    client, la, county, la_officer, school_a, school_b
):
    assert panel_waiting(user=la_officer, scope=scope_for(la_officer)) == (1, None)  # none stored yet: counted
    figures_refresh(force=True)
    stored = LocalAuthorityFigures.objects.get(local_authority=la)
    assert panel_waiting(user=la_officer, scope=scope_for(la_officer)) == (1, stored.as_of)
    LocalAuthorityFigures.objects.filter(pk=stored.pk).update(figures={**stored.figures, PANEL_WAITING: 7})
    client.force_login(la_officer)
    page = client.get(reverse("core:home")).content.decode()
    assert f"7 to decide as of {timezone.localtime(stored.as_of):%H:%M}" in page
    # Someone acting for an LA and a school is counted for the page.
    both = UserFactory()
    MembershipFactory(user=both, organisation=la, role=Role.LA_OFFICER)
    MembershipFactory(user=both, organisation=school_a.organisation, role=Role.SCHOOL_USER)
    assert panel_waiting(user=both, scope=scope_for(both)) == (1, None)


def test_figures_are_recounted_when_old_or_of_another_day(la, county):
    figures_refresh(force=True)
    now = timezone.now()
    assert figures_refresh(now=now + REFRESH_EVERY / 2) == []
    assert figures_refresh(now=now + REFRESH_EVERY + dt.timedelta(seconds=1)) == [la.pk]
    LocalAuthorityFigures.objects.update(on=TODAY - dt.timedelta(days=1))
    assert figures_refresh() == [la.pk]


def test_one_las_staff_read_the_stored_tiles_and_the_page_says_when_they_were_counted(client, la, county, la_officer):
    figures_refresh(force=True)
    LocalAuthorityFigures.objects.filter(local_authority=la).update(
        figures={**LocalAuthorityFigures.objects.get(local_authority=la).figures, "pupils_in_ap": 999}
    )
    board = dashboard(user=la_officer, today=TODAY)
    assert board.pupils_in_ap == 999 and board.as_of is not None  # from the summary, not counted again
    client.force_login(la_officer)
    page = client.get(reverse("placements:dashboard")).content.decode()
    assert "Pupils in alternative provision now: 999" in page
    assert f"Figures as of {timezone.localtime(board.as_of):%H:%M}" in page


def test_a_school_reads_its_own_stored_figures_not_the_las(la, county, senco_school_b):
    figures_refresh(force=True)
    board = dashboard(user=senco_school_b, today=TODAY)
    assert board.as_of is not None
    assert board.pupils_in_ap == 2  # school B's two pupils in AP today, not the LA's four


def _member(organisation, role):
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def test_each_schools_and_providers_stored_tiles_equal_their_own_counted_directly(la, county, school_a, school_b):
    """Every school's and provider's stored tiles against the same tiles counted over what one of
    its users may see (the scoping path), a school with no placements included."""
    from tests.factories import SchoolFactory

    empty_school = SchoolFactory(organisation__local_authority=la)
    figures_refresh(force=True)
    people = [
        (school_a.organisation, Role.SCHOOL_USER, "school", True),
        (school_b.organisation, Role.SCHOOL_USER, "school", True),
        (empty_school.organisation, Role.SCHOOL_USER, "school", True),
        (county[0].provider.organisation, Role.PROVIDER_USER, "provider", False),
        (county[3].provider.organisation, Role.PROVIDER_USER, "provider", False),
    ]
    for organisation, role, seen_as, by_provider in people:
        visible = Placement.objects.visible_to(_member(organisation, role))
        direct = dashboard_tiles(placements=visible, today=TODAY, by_provider=by_provider)
        stored = OrganisationFigures.objects.get(organisation=organisation, seen_as=seen_as)
        assert stored.on == TODAY
        assert stored.figures == {k: [list(v) if isinstance(v, tuple) else v for v in x] if isinstance(x, list) else x
                                  for k, x in direct.items()}  # fmt: skip
    assert OrganisationFigures.objects.get(organisation=empty_school.organisation).figures["pupils_in_ap"] == 0
    assert OrganisationFigures.objects.get(organisation=school_b.organisation).figures["pupils_in_ap"] == 2


def test_a_school_and_a_provider_see_only_their_own_stored_figures(client, la, county, school_a, school_b):
    figures_refresh(force=True)
    OrganisationFigures.objects.filter(organisation=school_a.organisation).update(
        figures={**OrganisationFigures.objects.get(organisation=school_a.organisation).figures, "pupils_in_ap": 999}
    )
    assert dashboard(user=_member(school_b.organisation, Role.SCHOOL_USER), today=TODAY).pupils_in_ap == 2
    senco = _member(school_a.organisation, Role.SCHOOL_USER)
    client.force_login(senco)
    page = client.get(reverse("placements:dashboard")).content.decode()
    assert "Pupils in alternative provision now: 999" in page and "Figures as of " in page
    provider = _member(county[0].provider.organisation, Role.PROVIDER_USER)
    board = dashboard(user=provider, today=TODAY)
    assert board.as_of is not None and board.pupils_in_ap == 3 and board.by_provider == []


def test_someone_acting_for_two_organisations_is_counted_for_the_page(la, county, school_a, school_b):
    figures_refresh(force=True)
    user = _member(school_a.organisation, Role.SCHOOL_USER)
    MembershipFactory(user=user, organisation=school_b.organisation, role=Role.SCHOOL_USER)
    board = dashboard(user=user, today=TODAY)
    assert board.as_of is None and board.pupils_in_ap == 4


def test_school_and_provider_figures_of_another_day_are_not_shown(la, county, school_b):
    figures_refresh(force=True)
    OrganisationFigures.objects.update(on=TODAY - dt.timedelta(days=1), figures={"pupils_in_ap": 999})
    board = dashboard(user=_member(school_b.organisation, Role.SCHOOL_USER), today=TODAY)
    assert board.as_of is None and board.pupils_in_ap == 2
    assert figures_refresh() == []  # the LA's own are fresh, but none of the schools' are of today
    assert OrganisationFigures.objects.get(organisation=school_b.organisation).figures["pupils_in_ap"] == 2
    OrganisationFigures.objects.update(figures={"pupils_in_ap": 999})
    LocalAuthorityFigures.objects.update(stale_since=timezone.now())
    assert figures_refresh() == [la.pk]  # recounted with any LA's figures
    assert OrganisationFigures.objects.get(organisation=school_b.organisation).figures["pupils_in_ap"] == 2


def test_the_snapshot_reads_the_stored_counts_of_its_default_dates(la, county, la_officer):
    figures_refresh(force=True)
    first, second = snapshot_default_dates(TODAY)
    PupilsInApCount.objects.filter(local_authority=la, day=second, key_stage="ks3").update(pupils=77)
    snapshot = key_stage_snapshot(user=la_officer, first_date=first, second_date=second)
    assert next(r for r in snapshot.rows if r.key_stage == "ks3").second == 77
    other = TODAY - dt.timedelta(days=100)  # never stored: counted for the page
    assert key_stage_snapshot(user=la_officer, first_date=other, second_date=second).second_total >= 77


@pytest.mark.parametrize("extra", [0, 8])
def test_the_dashboard_from_stored_figures_runs_a_constant_number_of_queries(
    client, la, county, la_officer, extra, django_assert_max_num_queries
):
    site = county[0].site
    for n in range(extra):
        placement = PlacementFactory(
            site=site,
            pupil__legal_last_name=f"Extra{n}",
            status=S.ACTIVE,
            start_date=TODAY - dt.timedelta(days=200),
            end_date=TODAY + dt.timedelta(days=7),
        )
        missing_pupil_alert(placement, day=TODAY, recipient=la_officer)
    review_schedule_refresh()
    figures_refresh(force=True)
    client.force_login(la_officer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("placements:dashboard")).status_code == 200


@pytest.mark.parametrize("providers", [1, 12])
def test_the_officers_home_runs_a_constant_number_of_queries(
    client, la, school_a, la_officer, providers, django_assert_max_num_queries
):
    for n in range(providers):
        site = _site(la, f"Provider {n}")
        for _ in range(5):
            PlacementFactory(
                site=site, pupil__home_school=school_a, pupil__date_of_birth=_dob(9), status=S.ACTIVE,
                start_date=TODAY - dt.timedelta(days=5), sessions_per_week=10, attendance_pattern="full_time",
            )  # fmt: skip
    figures_refresh(force=True)
    client.force_login(la_officer)
    with django_assert_max_num_queries(13):  # 12 for the officer
        page = client.get(reverse("core:home")).content.decode()
    # One summary line with the count, linking to exactly those providers on the register.
    noun = "provider" if providers == 1 else "providers"
    assert f"{providers} {noun} must register as an independent school" in page
    assert "?registration=must_register" in page


@pytest.mark.parametrize(
    "role_fixture, limit",
    # Measured: 4 for a school and the Forum, 5 for finance, 13 for the administrator, 14 for a
    # manager (with the statutory task list); each limit is one more.
    [("senco_school_a", 5), ("la_finance", 6), ("forum_member", 5), ("administrator", 14), ("la_manager", 15)],
)
@pytest.mark.parametrize("placements", [1, 10])
def test_every_roles_home_page_runs_a_constant_number_of_queries(
    client, request, la, county, role_fixture, limit, placements, django_assert_max_num_queries
):
    for _ in range(placements):
        PlacementFactory(site=county[0].site, pupil__home_school=county[0].pupil.home_school, status=S.APPROVED)
    client.force_login(request.getfixturevalue(role_fixture))
    with django_assert_max_num_queries(limit):
        assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.parametrize("placements", [1, 10])
def test_the_providers_home_page_runs_a_constant_number_of_queries(
    client, la, county, placements, django_assert_max_num_queries
):
    user = UserFactory()
    MembershipFactory(user=user, organisation=county[0].provider.organisation, role=Role.PROVIDER_USER)
    for _ in range(placements):
        PlacementFactory(site=county[0].site, status=S.APPROVED)
    client.force_login(user)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.parametrize("role_key", ["senco_a", "senco_b", "provider_user_a", "provider_user_b", "la_officer"])
def test_the_dashboard_from_stored_figures_shows_each_role_only_its_own_records(db, client, role_key):
    """The leak matrix's world and dashboard case, with every summary counted: each school and
    provider reads its own row, and sees nothing of the others'."""
    from tests.leak_matrix import build_world
    from tests.test_leak_matrix import all_cases, matrix_problems

    world = build_world()
    figures_refresh(force=True)
    cases = [case for case in all_cases(world) if case.url == reverse("placements:dashboard")]
    assert cases
    problems = matrix_problems(world, cases, role_key, client)
    assert not problems, "\n".join(problems)
    assert "Figures as of " in client.get(reverse("placements:dashboard")).content.decode()


@pytest.mark.parametrize("seen_as", ["school", "provider"])
@pytest.mark.parametrize("extra", [0, 8])
def test_a_school_or_provider_dashboard_from_stored_figures_runs_a_constant_number_of_queries(
    client, la, county, school_a, seen_as, extra
):
    """Six queries at either size (the session, the user, the stored tiles and the three lists),
    against eight or ten when counted for the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    site = county[0].site
    for n in range(extra):
        PlacementFactory(
            site=site, pupil__home_school=school_a, pupil__legal_last_name=f"Extra{n}", status=S.ACTIVE,
            start_date=TODAY - dt.timedelta(days=200), end_date=TODAY + dt.timedelta(days=7),
        )  # fmt: skip
    review_schedule_refresh()
    if seen_as == "school":
        user = _member(school_a.organisation, Role.SCHOOL_USER)
    else:
        user = _member(site.provider.organisation, Role.PROVIDER_USER)
    client.force_login(user)
    counts = []
    for refresh in (False, True):
        if refresh:
            figures_refresh(force=True)
        client.get(reverse("placements:dashboard"))
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("placements:dashboard")).content.decode()
        counts.append(len(queries))
    assert "Figures as of " in page
    counted, stored = counts
    assert stored <= 6 and stored < counted
