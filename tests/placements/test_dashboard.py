"""The dashboard, the key stage snapshot and the pupil timeline."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.core.models import Role
from placements.models import (
    AttendanceMark,
    Deadline,
    PanelDecision,
    Placement,
    PlacementReview,
    PlacementStatus,
    StatusChange,
)
from placements.selectors import alerts_today, key_stage_snapshot, pupil_timeline, snapshot_default_dates
from placements.services import PupilPersonalDetails, pupil_update
from placements.services.attendance import attendance_cut_offs_follow_pupil
from placements.services.review_schedule import review_schedule_refresh
from tests.factories import LocalAuthorityFactory, MembershipFactory, UserFactory
from tests.placements.factories import PlacementFactory, missing_pupil_alert, route_for
from tests.providers.factories import SiteCapacityFactory, SiteFactory

TODAY = timezone.localdate()


def _dob_for_year(nc_year: int, on: dt.date = TODAY) -> dt.date:
    """A date of birth giving National Curriculum year `nc_year` on `on`."""
    start = on.year if on.month >= 9 else on.year - 1
    return dt.date(start - 5 - nc_year, 12, 1)


@pytest.fixture
def site(la):
    site = SiteFactory(provider__organisation__local_authority=la, provider__organisation__name="Riverside Learning")
    SiteCapacityFactory(site=site, key_stage="ks3", places=50)
    return site


@pytest.fixture
def provider_user(site):
    user = UserFactory(full_name="Priya Provider")
    MembershipFactory(user=user, organisation=site.provider.organisation, role=Role.PROVIDER_USER)
    return user


def _active(site, school, *, last_name="Pupil", nc_year=8, **kwargs):
    kwargs.setdefault("start_date", TODAY - dt.timedelta(days=30))
    kwargs.setdefault("end_date", TODAY + dt.timedelta(days=60))
    placement = PlacementFactory(
        site=site,
        pupil__home_school=school,
        pupil__legal_last_name=last_name,
        pupil__date_of_birth=_dob_for_year(nc_year),
        status=PlacementStatus.ACTIVE,
        **kwargs,
    )
    # Started without placement_start: work out its review due date as starting it would.
    review_schedule_refresh(placements=Placement.objects.filter(pk=placement.pk))
    placement.refresh_from_db()
    return placement


# -- the dashboard ------------------------------------------------------------------------------


def test_officer_dashboard_counts_pupils_in_ap_by_key_stage_route_and_provider(client, la_officer, site, school_a):
    _active(site, school_a, last_name="Ashby", nc_year=8)
    _active(site, school_a, last_name="Barker", nc_year=10)
    carter = _active(site, school_a, last_name="Carter", nc_year=10, end_date=TODAY + dt.timedelta(days=10))
    PlacementFactory(site=site, pupil__home_school=school_a, status=PlacementStatus.WAITING_LIST)
    PlacementFactory(site=site, pupil__home_school=school_a, status=PlacementStatus.ENDED)
    client.force_login(la_officer)
    response = client.get(reverse("placements:dashboard"))
    board = response.context["board"]
    assert board.pupils_in_ap == 3
    assert dict(board.by_key_stage) == {"Key stage 3": 1, "Key stage 4": 2}
    assert dict(board.by_provider) == {"Riverside Learning": 3}
    assert sum(n for _route, n in board.by_route) == 3
    assert board.waiting_total == 1
    assert [(row["pk"], row["pupil"]) for row in board.ending_soon] == [(carter.pk, carter.pupil.full_name)]
    body = response.content.decode()
    assert "Pupils in alternative provision now: 3" in body and "Carter" in body


def test_dashboard_lists_overdue_reviews_and_todays_alerts(client, la_officer, site, school_a):
    placement = _active(site, school_a, last_name="Overdue", start_date=TODAY - dt.timedelta(days=120))
    missing_pupil_alert(placement, day=TODAY, recipient=la_officer)
    client.force_login(la_officer)
    board = client.get(reverse("placements:dashboard")).context["board"]
    assert [row["pk"] for row in board.reviews_overdue] == [placement.pk]
    assert board.reviews_overdue[0]["due_by"] == placement.review_due_by
    assert [a["pupil"] for a in board.alerts_today] == [placement.pupil.full_name]


def test_todays_alerts_show_the_first_ten_by_session_and_name_with_how_many_there_are(
    la_officer, senco_school_a, site, school_a
):
    placements = [_active(site, school_a, last_name=f"Alerted{n:02}") for n in range(7)]
    for placement in placements:
        for session in ("am", "pm"):
            missing_pupil_alert(placement, day=TODAY, recipient=la_officer, session=session)
    missing_pupil_alert(placements[0], day=TODAY, recipient=senco_school_a)  # alerted twice: one row
    missing_pupil_alert(placements[1], day=TODAY - dt.timedelta(days=1), recipient=la_officer)  # yesterday's
    shown, total = alerts_today(user=la_officer, today=TODAY, limit=10)
    assert total == 14
    assert [(row["session"], row["pupil"]) for row in shown] == [
        *[("Morning", p.pupil.full_name) for p in placements],
        *[("Afternoon", p.pupil.full_name) for p in placements[:3]],
    ]
    assert shown[0]["url"] == reverse("placements:attendance-placement", args=[placements[0].pk])


def _alert_order(user) -> list[str]:
    return [row["pupil"] for row in alerts_today(user=user, today=TODAY, limit=10)[0]]


def test_todays_alerts_follow_a_pupils_corrected_last_name(
    la_officer, senco_school_a, provider_user, site, school_a, la
):
    """The cut-off keeps the pupil's last name to be listed by (from its index): a correction of the
    name moves the pupil in the list, for the LA's officers, the school and the provider alike."""
    placements = [_active(site, school_a, last_name=name) for name in ("Adams", "Brown", "Clark")]
    for placement in placements:
        missing_pupil_alert(placement, day=TODAY, recipient=la_officer)
    elsewhere = _active(SiteFactory(provider__organisation__local_authority=la), school_a, last_name="Aaron")
    missing_pupil_alert(elsewhere, day=TODAY, recipient=la_officer)
    assert [row["pupil"] for row in alerts_today(user=provider_user, today=TODAY)[0]] == [
        p.pupil.full_name for p in placements
    ]
    pupil = placements[0].pupil
    details = PupilPersonalDetails(
        legal_first_name=pupil.legal_first_name,
        legal_last_name="Young",
        date_of_birth=pupil.date_of_birth,
        sex=pupil.sex,
        sen_status=pupil.sen_status,
    )
    pupil_update(user=la_officer, pupil=pupil, details=details)
    expected = [p.pupil.full_name for p in placements[1:]] + [f"{pupil.legal_first_name} Young"]
    assert _alert_order(la_officer) == [elsewhere.pupil.full_name, *expected]
    assert _alert_order(senco_school_a) == [elsewhere.pupil.full_name, *expected]
    assert _alert_order(provider_user) == expected
    assert alerts_today(user=provider_user, today=TODAY)[1] == 3
    assert Deadline.objects.get(placement=placements[0], kind="attendance").pupil_sort_name == "Young"


def test_todays_alerts_go_with_a_pupil_to_another_la(la_officer, site, school_a):
    """An LA's alerts are read by the LA kept on each cut-off: it follows the pupil's home LA."""
    placement = _active(site, school_a, last_name="Mover")
    missing_pupil_alert(placement, day=TODAY, recipient=la_officer)
    assert alerts_today(user=la_officer, today=TODAY)[1] == 1
    other = LocalAuthorityFactory()
    other_officer = UserFactory()
    MembershipFactory(user=other_officer, organisation=other, role=Role.LA_OFFICER)
    pupil = placement.pupil
    pupil.home_la = other
    pupil.save()
    assert attendance_cut_offs_follow_pupil(pupil=pupil) == 1
    assert alerts_today(user=la_officer, today=TODAY) == ([], 0)
    assert _alert_order(other_officer) == [pupil.full_name]
    assert alerts_today(user=other_officer, today=TODAY)[1] == 1


def test_senco_dashboard_shows_only_their_own_pupils(client, senco_school_a, site, school_a, school_b):
    _active(site, school_a, last_name="Ownschool")
    _active(site, school_b, last_name="Otherschool", end_date=TODAY + dt.timedelta(days=5))
    client.force_login(senco_school_a)
    response = client.get(reverse("placements:dashboard"))
    assert response.context["board"].pupils_in_ap == 1
    assert "Otherschool" not in response.content.decode()


def test_provider_dashboard_shows_only_placements_at_their_provider(client, provider_user, site, school_a, la):
    _active(site, school_a, last_name="Hereby")
    elsewhere = SiteFactory(provider__organisation__local_authority=la)
    _active(elsewhere, school_a, last_name="Elsewhere", end_date=TODAY + dt.timedelta(days=5))
    client.force_login(provider_user)
    response = client.get(reverse("placements:dashboard"))
    assert response.context["board"].pupils_in_ap == 1
    assert "Elsewhere" not in response.content.decode()


def test_forum_member_cannot_open_the_dashboard(client, forum_member):
    client.force_login(forum_member)
    assert client.get(reverse("placements:dashboard")).status_code == 403


@pytest.mark.parametrize("pupils", [2, 12])
def test_dashboard_runs_a_constant_number_of_queries(
    client, la_officer, site, school_a, pupils, django_assert_max_num_queries
):
    for n in range(pupils):
        placement = _active(site, school_a, last_name=f"Many{n}", end_date=TODAY + dt.timedelta(days=7))
        missing_pupil_alert(placement, day=TODAY, recipient=la_officer)
    client.force_login(la_officer)
    with django_assert_max_num_queries(14):  # counted for the page: no maintained figures yet
        assert client.get(reverse("placements:dashboard")).status_code == 200


# -- the key stage snapshot --------------------------------------------------------------------


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_snapshot_counts_pupils_by_key_stage_on_each_date_with_shares_and_change(la_officer, site, school_a):
    first, second = dt.date(2026, 5, 29), dt.date(2026, 11, 13)
    both = dict(start_date=dt.date(2026, 1, 5), end_date=dt.date(2027, 3, 1))
    # KS3 in May (Year 9), KS4 by November (Year 10): counted by key stage on each date.
    PlacementFactory(
        site=site, status="active", pupil__home_school=school_a, pupil__date_of_birth=dt.date(2011, 12, 1), **both
    )
    PlacementFactory(
        site=site,
        status="ended",
        pupil__home_school=school_a,
        pupil__date_of_birth=dt.date(2010, 12, 1),
        start_date=dt.date(2026, 1, 5),
        end_date=dt.date(2027, 3, 1),
        ended_on=dt.date(2026, 7, 1),
    )
    PlacementFactory(
        site=site,
        status="active",
        pupil__home_school=school_a,
        pupil__date_of_birth=dt.date(2011, 12, 1),
        start_date=dt.date(2026, 9, 7),
        end_date=dt.date(2027, 3, 1),
    )
    PlacementFactory(site=site, status="withdrawn", pupil__home_school=school_a, **both)
    snapshot = key_stage_snapshot(user=la_officer, first_date=first, second_date=second)
    rows = {row.key_stage: row for row in snapshot.rows}
    assert (snapshot.first_total, snapshot.second_total) == (2, 2)
    assert (rows["ks3"].first, rows["ks4"].first) == (1, 1)
    assert (rows["ks3"].second, rows["ks4"].second) == (0, 2)
    assert rows["ks4"].first_percent == 50 and rows["ks4"].second_percent == 100
    assert rows["ks4"].change == 1 and rows["ks4"].change_percent == 100
    assert rows["ks3"].change_percent == -100 and rows["ks1"].change_percent is None


def test_snapshot_refuses_dates_in_the_wrong_order(client, la_officer):
    client.force_login(la_officer)
    response = client.get(
        reverse("placements:key-stage-snapshot"),
        {**_date("first_date", dt.date(2024, 11, 13)), **_date("second_date", dt.date(2024, 5, 30))},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "The second date must be after the first date" in body
    assert "govuk-error-message" in body and response.context["snapshot"] is None


def test_snapshot_refuses_an_impossible_date(client, la_officer):
    client.force_login(la_officer)
    response = client.get(
        reverse("placements:key-stage-snapshot"),
        {"first_date_0": "31", "first_date_1": "2", "first_date_2": "2024", **_date("second_date", TODAY)},
    )
    assert "First date must be a real date" in response.content.decode()


def test_snapshot_csv_downloads_the_table_and_is_audited(client, la_officer, site, school_a):
    from apcommission.core.models import AuditEvent

    _active(site, school_a, nc_year=8)
    client.force_login(la_officer)
    response = client.get(
        reverse("placements:key-stage-snapshot-csv"),
        {**_date("first_date", TODAY - dt.timedelta(days=60)), **_date("second_date", TODAY)},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Key stage" and rows[-1][0] == "Total"
    ks3 = next(r for r in rows if r[0] == "Key stage 3")
    assert ks3[1:6] == ["0", "", "1", "100.0%", "+1"]
    assert AuditEvent.objects.filter(action="export", object_repr__startswith="Key stage snapshot").exists()


def test_snapshot_csv_with_dates_in_the_wrong_order_is_refused(client, la_officer):
    client.force_login(la_officer)
    response = client.get(
        reverse("placements:key-stage-snapshot-csv"),
        {**_date("first_date", TODAY), **_date("second_date", TODAY - dt.timedelta(days=1))},
    )
    assert response.status_code == 400 and "The second date must be after the first date" in response.content.decode()


def test_forum_member_sees_the_snapshot_but_a_senco_does_not(client, forum_member, senco_school_a):
    client.force_login(forum_member)
    assert client.get(reverse("placements:key-stage-snapshot")).status_code == 200
    client.force_login(senco_school_a)
    assert client.get(reverse("placements:key-stage-snapshot")).status_code == 403


# -- the pupil timeline ------------------------------------------------------------------------


def test_pupil_timeline_puts_requests_decisions_reviews_and_attendance_in_date_order(la_officer, site, school_a):
    placement = _active(site, school_a, start_date=TODAY - dt.timedelta(days=40))
    StatusChange.objects.create(
        placement=placement, from_status="", to_status="requested", at=timezone.now() - dt.timedelta(days=50)
    )
    StatusChange.objects.create(
        placement=placement, from_status="booked", to_status="active", at=timezone.now() - dt.timedelta(days=40)
    )
    PlacementReview.objects.create(
        placement=placement,
        review_date=TODAY - dt.timedelta(days=5),
        attendees="A",
        progress="B",
        pupil_what_is_working="C",
        pupil_what_should_change="D",
        decision="continue",
        recorded_by=la_officer,
    )
    AttendanceMark.objects.create(placement=placement, date=TODAY, session="am", mark="present")
    events = pupil_timeline(pupil=placement.pupil, user=la_officer)
    titles = [e.title for e in events]
    assert titles[0].startswith("Placement requested") and titles[1].startswith("Active")
    assert titles[2] == "Review: continue the placement"
    assert titles[3].startswith("Attendance at Riverside Learning: 100.0%")
    assert [e.on for e in events] == sorted(e.on for e in events)


def test_timeline_page_is_for_those_who_may_see_the_pupil(client, senco_school_a, senco_school_b, site, school_a):
    placement = _active(site, school_a)
    url = reverse("placements:pupil-timeline", args=[placement.pupil.pk])
    client.force_login(senco_school_b)
    assert client.get(url).status_code == 404
    client.force_login(senco_school_a)
    assert client.get(url).status_code == 200


def test_pupil_page_shows_the_timeline(client, la_officer, site, school_a):
    placement = _active(site, school_a)
    AttendanceMark.objects.create(placement=placement, date=TODAY, session="am", mark="present")
    client.force_login(la_officer)
    body = client.get(reverse("placements:pupil-detail", args=[placement.pupil.pk])).content.decode()
    assert '<h2 class="govuk-heading-m">Timeline</h2>' in body and "Attendance at Riverside Learning" in body


def test_pupil_page_shows_the_most_recent_events_and_links_to_the_whole_timeline(client, la_officer, site, school_a):
    from placements.views.pupils import TIMELINE_SHOWN

    placement = _active(site, school_a)
    notes = [f"Step {n:02d}" for n in range(TIMELINE_SHOWN + 3)]
    for days_ago, note in zip(range(len(notes), 0, -1), notes, strict=True):
        StatusChange.objects.create(
            placement=placement, from_status="booked", to_status="active", note=note,
            at=timezone.now() - dt.timedelta(days=days_ago),
        )  # fmt: skip
    client.force_login(la_officer)
    body = client.get(reverse("placements:pupil-detail", args=[placement.pupil.pk])).content.decode()
    shown = [note for note in notes if note in body]
    assert shown == notes[-TIMELINE_SHOWN:]  # the most recent, oldest of them first
    timeline = reverse("placements:pupil-timeline", args=[placement.pupil.pk])
    assert f"These are the {TIMELINE_SHOWN} most recent of {len(notes)} events." in body and timeline in body
    whole = client.get(timeline).content.decode()
    assert all(note in whole for note in notes)


def test_route_names_on_dashboard_come_from_the_route(client, la_officer, site, school_a, la):
    route = route_for(la, "short_term")
    _active(site, school_a, route=route)
    client.force_login(la_officer)
    assert dict(client.get(reverse("placements:dashboard")).context["board"].by_route) == {route.name: 1}


# -- demo data ---------------------------------------------------------------------------------


def test_demo_adds_four_weeks_of_marks_and_reviews_once(la, la_officer, site, school_a):
    from placements.demo import records

    placements = [_active(site, school_a, start_date=TODAY - dt.timedelta(days=90)) for _ in range(3)]
    placements.append(_active(site, school_a, start_date=TODAY - dt.timedelta(days=2)))
    out = io.StringIO()
    records.seed(la=la, schools=[school_a], stdout=out)
    marks, reviews = AttendanceMark.objects.count(), PlacementReview.objects.count()
    assert marks > 0 and reviews > 0
    assert not AttendanceMark.objects.filter(date__gte=TODAY).exists()
    assert not AttendanceMark.objects.filter(date__lt=TODAY - dt.timedelta(days=28)).exists()
    records.seed(la=la, schools=[school_a], stdout=out)
    assert (AttendanceMark.objects.count(), PlacementReview.objects.count()) == (marks, reviews)
    assert "0 marks and 0 reviews added" in out.getvalue().splitlines()[-1]


def test_the_timeline_is_in_true_order_with_times_and_the_panel_before_the_start(client, la_officer, site, school_a):
    """A panel approves on the morning the placement starts: the decision comes before "Active"."""
    placement = _active(site, school_a, start_date=TODAY - dt.timedelta(days=3))
    day = timezone.now() - dt.timedelta(days=3)
    morning, noon = day.replace(hour=9, minute=5), day.replace(hour=12, minute=30)
    StatusChange.objects.create(placement=placement, from_status="", to_status="requested", at=morning)
    PanelDecision.objects.create(
        placement=placement,
        decision="approve",
        reasons="Fits",
        decision_date=timezone.localtime(morning).date(),
        decided_by=la_officer,
        recorded_at=morning + dt.timedelta(minutes=30),
    )
    StatusChange.objects.create(placement=placement, from_status="approved", to_status="active", at=noon)
    titles = [e.title for e in pupil_timeline(pupil=placement.pupil, user=la_officer)]
    assert titles.index("Panel decision: approve") < next(i for i, t in enumerate(titles) if t.startswith("Active"))
    client.force_login(la_officer)
    body = client.get(reverse("placements:pupil-timeline", args=[placement.pupil.pk])).content.decode()
    assert f"{timezone.localtime(noon):%-d %B %Y} at {timezone.localtime(noon):%-I:%M}" in body
    assert body.count('class="govuk-back-link"') == 1


def test_the_back_link_returns_to_the_page_the_user_came_from(client, la_officer, site, school_a):
    placement = _active(site, school_a)
    client.force_login(la_officer)
    url = reverse("placements:placement-detail", args=[placement.pk])
    came_from = reverse("placements:placement-list") + "?status=active"
    body = client.get(url, HTTP_REFERER=f"http://testserver{came_from}").content.decode()
    assert f'href="{came_from.replace("?", "?")}" class="govuk-back-link"' in body.replace("&amp;", "&")
    # Not back to a form the user has just sent, nor off the service: the placement's pupil instead.
    pupil = reverse("placements:pupil-detail", args=[placement.pupil.pk])
    for referer in (
        f"http://testserver{reverse('placements:placement-end', args=[placement.pk])}",
        "https://evil.test/",
    ):
        body = client.get(url, HTTP_REFERER=referer).content.decode()
        assert f'href="{pupil}" class="govuk-back-link"' in body


def test_the_snapshot_opens_with_todays_default_dates_in_its_form_every_time(client, la_officer):
    first, second = snapshot_default_dates(TODAY)
    client.force_login(la_officer)
    pages = [client.get(reverse("placements:key-stage-snapshot")).content.decode() for _ in range(2)]
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", pages[0]) == token.sub("", pages[1])
    for name, day in (("first_date", first), ("second_date", second)):
        assert f'name="{name}_0" value="{day.day}"' in pages[0] and f'name="{name}_2" value="{day.year}"' in pages[0]
    chosen = {**_date("first_date", second), **_date("second_date", first)}  # the wrong way round
    body = client.get(reverse("placements:key-stage-snapshot"), chosen).content.decode()
    assert "The second date must be after the first date" in body and f'value="{second.year}"' in body
