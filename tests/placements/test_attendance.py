"""The daily AP register, attendance percentages, and same-day missing-pupil alerts."""

import datetime as dt
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apcommission.core.models import AuditEvent, Role, TermDate
from placements.models import AttendanceMark, Deadline, PlacementStatus, Reminder
from placements.selectors import AttendanceStats, attendance_by_placement
from placements.services.attendance import RegisterEntry, attendance_alerts_send_due, register_save
from placements.tasks import send_attendance_alerts
from tests.factories import MembershipFactory, UserFactory
from tests.page_text import page_text
from tests.placements.factories import PlacementFactory, missing_pupil_alert
from tests.providers.factories import SiteCapacityFactory, SiteFactory

MONDAY = dt.date(2026, 10, 5)
TODAY = timezone.localdate()


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


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


@pytest.fixture
def other_provider_user(la):
    other = SiteFactory(provider__organisation__local_authority=la)
    user = UserFactory()
    MembershipFactory(user=user, organisation=other.provider.organisation, role=Role.PROVIDER_USER)
    return user


def _active(site, school, *, start=None, end=None, last_name="Pupil", **kwargs):
    start = start or TODAY - dt.timedelta(days=14)
    return PlacementFactory(
        site=site,
        pupil__home_school=school,
        pupil__legal_last_name=last_name,
        status=PlacementStatus.ACTIVE,
        start_date=start,
        end_date=end or start + dt.timedelta(days=90),
        **kwargs,
    )


def _register_url(site, day=TODAY):
    return reverse("placements:attendance-register", args=[site.provider.pk, day.isoformat()])


def _all_present(placements, **overrides):
    data = {}
    for p in placements:
        data[f"mark_am_{p.pk}"] = "present"
        data[f"mark_pm_{p.pk}"] = "present"
    data.update(overrides)
    return data


# -- the register page -------------------------------------------------------------------------


def test_provider_marks_todays_register_for_all_their_pupils_in_one_post(client, provider_user, site, school_a):
    pupils = [_active(site, school_a, last_name=f"Reg{n}") for n in range(3)]
    client.force_login(provider_user)
    page = client.get(_register_url(site))
    assert page.status_code == 200
    assert all(p.pupil.full_name in page_text(page) for p in pupils)
    data = _all_present(pupils, **{f"mark_pm_{pupils[0].pk}": "authorised", f"reason_pm_{pupils[0].pk}": "Dentist"})
    response = client.post(_register_url(site), data)
    assert response.status_code == 302
    assert AttendanceMark.objects.filter(date=TODAY).count() == 6
    dentist = AttendanceMark.objects.get(placement=pupils[0], session="pm")
    assert (dentist.mark, dentist.reason, dentist.recorded_by) == ("authorised", "Dentist", provider_user)
    assert dentist.history.count() == 1


def test_a_double_submitted_register_changes_nothing_the_second_time(client, provider_user, site, school_a):
    placements = [_active(site, school_a, last_name=f"Twice{n}") for n in range(2)]
    client.force_login(provider_user)
    client.post(_register_url(site), _all_present(placements))
    events = AuditEvent.objects.count()
    client.post(_register_url(site), _all_present(placements))
    assert AttendanceMark.objects.count() == 4
    assert AuditEvent.objects.count() == events


def test_provider_cannot_open_or_mark_another_providers_register(client, other_provider_user, site, school_a):
    placement = _active(site, school_a)
    client.force_login(other_provider_user)
    assert client.get(_register_url(site)).status_code == 404
    assert client.post(_register_url(site), _all_present([placement])).status_code == 404
    assert not AttendanceMark.objects.exists()


def test_marks_for_a_placement_not_on_this_register_are_refused_and_nothing_saved(
    client, provider_user, site, school_a, la
):
    mine = _active(site, school_a, last_name="Mine")
    elsewhere = _active(SiteFactory(provider__organisation__local_authority=la), school_a, last_name="Elsewhere")
    client.force_login(provider_user)
    response = client.post(_register_url(site), _all_present([mine, elsewhere]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "not on this register. Nothing was saved." in body
    assert not AttendanceMark.objects.exists()


def test_a_mark_not_in_the_list_is_a_gov_uk_error_and_nothing_is_saved(client, provider_user, site, school_a):
    placements = [_active(site, school_a, last_name="Ok"), _active(site, school_a, last_name="Bad")]
    client.force_login(provider_user)
    response = client.post(_register_url(site), _all_present(placements, **{f"mark_am_{placements[1].pk}": "K"}))
    body = response.content.decode()
    assert "govuk-error-summary" in body and "govuk-error-message" in body and "govuk-select--error" in body
    assert "Choose a morning mark for" in body
    assert not AttendanceMark.objects.exists()


def test_a_register_for_a_day_not_yet_come_is_not_found(client, provider_user, site, school_a):
    _active(site, school_a)
    client.force_login(provider_user)
    assert client.get(_register_url(site, TODAY + dt.timedelta(days=1))).status_code == 404
    assert (
        client.get(reverse("placements:attendance-register", args=[site.provider.pk, "not-a-date"])).status_code == 404
    )


@pytest.mark.parametrize(
    "day", ["0001-01-01", "1899-12-31", "9999-12-31", "2026-02-30", "2026-13-01", "２０２６-01-01"]
)
def test_a_register_for_a_day_outside_the_services_years_is_not_found(client, provider_user, site, school_a, day):
    _active(site, school_a)
    client.force_login(provider_user)
    assert client.get(reverse("placements:attendance-register", args=[site.provider.pk, day])).status_code == 404


def test_officer_corrects_a_mark_and_the_correction_is_audited_before_and_after(
    client, la_officer, provider_user, site, school_a
):
    placement = _active(site, school_a)
    client.force_login(provider_user)
    client.post(_register_url(site), _all_present([placement]))
    client.force_login(la_officer)
    client.post(
        _register_url(site),
        _all_present([placement], **{f"mark_am_{placement.pk}": "late", f"reason_am_{placement.pk}": "Bus late"}),
    )
    mark = AttendanceMark.objects.get(placement=placement, session="am")
    assert (mark.mark, mark.recorded_by) == ("late", la_officer)
    event = AuditEvent.objects.get(action="change", object_id=str(mark.pk))
    assert event.user == la_officer and event.changes["mark"] == ["present", "late"]
    assert event.changes["reason"] == ["", "Bus late"]
    assert mark.history.count() == 2


def test_senco_cannot_open_a_register(client, senco_school_a, site, school_a):
    _active(site, school_a)
    client.force_login(senco_school_a)
    assert client.get(_register_url(site)).status_code == 403


@pytest.mark.parametrize("pupils", [2, 15])
def test_register_runs_a_constant_number_of_queries(
    client, provider_user, site, school_a, pupils, django_assert_max_num_queries
):
    placements = [_active(site, school_a, last_name=f"Q{n}") for n in range(pupils)]
    client.force_login(provider_user)
    with django_assert_max_num_queries(10):
        assert client.get(_register_url(site)).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.post(_register_url(site), _all_present(placements)).status_code == 302
    assert AttendanceMark.objects.count() == 2 * pupils


def test_register_index_lists_todays_registers_the_user_may_mark(client, provider_user, site, school_a):
    _active(site, school_a)
    client.force_login(provider_user)
    response = client.get(reverse("placements:attendance-index"))
    assert response.context["registers"][0]["provider_id"] == site.provider.pk


# -- attendance percentages --------------------------------------------------------------------


def _marks(placement, marks):
    for n, mark in enumerate(marks):
        AttendanceMark.objects.create(
            placement=placement,
            date=MONDAY + dt.timedelta(days=n // 2),
            session="am" if n % 2 == 0 else "pm",
            mark=mark,
        )


def test_attendance_is_present_and_late_over_possible_sessions_excluding_not_required(site, school_a):
    placement = _active(site, school_a, start=MONDAY)
    _marks(placement, ["present"] * 8 + ["late", "unauthorised", "not_required", "not_required"])
    stats = attendance_by_placement([placement.pk])[placement.pk]
    assert (stats.attended, stats.possible, stats.percent) == (9, 10, 90)
    assert not stats.persistent_absence


def test_under_ninety_percent_is_flagged_as_persistent_absence(site, school_a):
    placement = _active(site, school_a, start=MONDAY)
    _marks(placement, ["present"] * 8 + ["authorised", "unauthorised"])
    stats = attendance_by_placement([placement.pk])[placement.pk]
    assert stats.percent == 80 and stats.persistent_absence
    assert AttendanceStats().percent is None and not AttendanceStats().persistent_absence


def test_placement_attendance_page_shows_percentage_and_flag(client, la_officer, site, school_a):
    placement = _active(site, school_a, start=MONDAY)
    _marks(placement, ["present", "unauthorised"])
    client.force_login(la_officer)
    body = client.get(reverse("placements:attendance-placement", args=[placement.pk])).content.decode()
    assert "50.0%" in body and "Persistent absence" in body


# -- missing-pupil alerts ----------------------------------------------------------------------


@pytest.fixture
def placement(site, school_a):
    return _active(site, school_a, start=MONDAY - dt.timedelta(days=7))


def test_two_sweeps_send_one_email(placement, senco_school_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert attendance_alerts_send_due(now=at(MONDAY, 10, 45)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert attendance_alerts_send_due(now=at(MONDAY, 11, 0)) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [senco_school_a.email]
    assert placement.pupil.legal_first_name in mail.outbox[0].body
    assert Reminder.objects.get(stage="missing").emailed_at is not None


def test_marks_entered_before_the_alert_time_raise_no_alert(
    placement, senco_school_a, django_capture_on_commit_callbacks
):
    AttendanceMark.objects.create(placement=placement, date=MONDAY, session="am", mark="present")
    with django_capture_on_commit_callbacks(execute=True):
        assert attendance_alerts_send_due(now=at(MONDAY, 10, 30)) == 0
    assert not mail.outbox


def test_nothing_is_due_before_the_alert_time(placement, senco_school_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert attendance_alerts_send_due(now=at(MONDAY, 10, 29)) == 0
    assert not mail.outbox


def test_a_pupil_with_no_mark_raises_an_alert_to_the_home_school_and_la_officers(
    placement, senco_school_a, la_officer, la_finance, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert attendance_alerts_send_due(now=at(MONDAY, 10, 30)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([senco_school_a.email, la_officer.email])
    assert set(Deadline.objects.filter(kind="attendance").values_list("detail", flat=True)) == {"No attendance mark"}
    # What today's alerts are listed and read by is kept on the cut-off.
    kept = Deadline.objects.filter(kind="attendance").values_list("pupil_sort_name", "register_provider_id").get()
    assert kept == (placement.pupil.legal_last_name, placement.provider_id)


def test_an_absence_with_no_reason_raises_an_alert_but_one_with_a_reason_does_not(
    site, school_a, senco_school_a, django_capture_on_commit_callbacks
):
    start = MONDAY - dt.timedelta(days=7)
    unexplained = _active(site, school_a, start=start, last_name="Unexplained")
    explained = _active(site, school_a, start=start, last_name="Explained")
    AttendanceMark.objects.create(placement=unexplained, date=MONDAY, session="am", mark="unauthorised")
    AttendanceMark.objects.create(placement=explained, date=MONDAY, session="am", mark="authorised", reason="Ill")
    with django_capture_on_commit_callbacks(execute=True):
        attendance_alerts_send_due(now=at(MONDAY, 10, 45))
    alert = Deadline.objects.get(kind="attendance")
    assert (alert.placement, alert.detail) == (unexplained, "Absent with no reason given")


def test_the_afternoon_session_is_alerted_after_the_afternoon_time(
    placement, senco_school_a, django_capture_on_commit_callbacks
):
    AttendanceMark.objects.create(placement=placement, date=MONDAY, session="am", mark="present")
    with django_capture_on_commit_callbacks(execute=True):
        assert attendance_alerts_send_due(now=at(MONDAY, 13, 45)) == 0
        assert attendance_alerts_send_due(now=at(MONDAY, 14, 15)) == 1
    assert Deadline.objects.get(kind="attendance").session == "pm"


@pytest.mark.parametrize(
    "day",
    [dt.date(2026, 10, 10), dt.date(2026, 10, 11), dt.date(2026, 8, 31)],
    ids=["saturday", "sunday", "bank-holiday"],
)
def test_no_alerts_on_weekends_or_bank_holidays(
    site, school_a, senco_school_a, day, django_capture_on_commit_callbacks
):
    _active(site, school_a, start=dt.date(2026, 8, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert attendance_alerts_send_due(now=at(day, 11)) == 0
    assert not mail.outbox


def test_no_alerts_in_the_home_schools_holidays(site, school_a, senco_school_a, la, django_capture_on_commit_callbacks):
    TermDate.objects.create(
        local_authority=la,
        academic_year=2026,
        kind="autumn_1",
        first_day=dt.date(2026, 9, 3),
        last_day=dt.date(2026, 10, 23),
    )
    TermDate.objects.create(
        local_authority=la,
        academic_year=2026,
        kind="autumn_2",
        first_day=dt.date(2026, 11, 2),
        last_day=dt.date(2026, 12, 18),
    )
    _active(site, school_a, start=dt.date(2026, 9, 7))
    half_term_monday = dt.date(2026, 10, 26)
    with django_capture_on_commit_callbacks(execute=True):
        assert attendance_alerts_send_due(now=at(half_term_monday, 11)) == 0
        assert attendance_alerts_send_due(now=at(dt.date(2026, 11, 2), 11)) == 1


def test_placements_not_active_that_day_raise_no_alert(
    site, school_a, senco_school_a, django_capture_on_commit_callbacks
):
    _active(site, school_a, start=MONDAY + dt.timedelta(days=1))
    PlacementFactory(site=site, pupil__home_school=school_a, status=PlacementStatus.BOOKED, start_date=MONDAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert attendance_alerts_send_due(now=at(MONDAY, 11)) == 0


def test_a_failed_send_is_retried_by_a_later_sweep_and_sent_once(
    placement, senco_school_a, django_capture_on_commit_callbacks
):
    failing = mock.patch("placements.services.attendance.send_mail", side_effect=OSError("mail server down"))
    with failing, django_capture_on_commit_callbacks(execute=True):
        attendance_alerts_send_due(now=at(MONDAY, 10, 30))
    assert Reminder.objects.get(stage="missing").emailed_at is None and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        attendance_alerts_send_due(now=at(MONDAY, 10, 45))
    with django_capture_on_commit_callbacks(execute=True):
        attendance_alerts_send_due(now=at(MONDAY, 11, 0))
    assert len(mail.outbox) == 1 and Reminder.objects.get(stage="missing").emailed_at is not None


def test_one_email_per_recipient_lists_all_their_missing_pupils(
    site, school_a, senco_school_a, django_capture_on_commit_callbacks
):
    start = MONDAY - dt.timedelta(days=7)
    for name in ("Ashby", "Barker", "Carter"):
        _active(site, school_a, start=start, last_name=name)
    with django_capture_on_commit_callbacks(execute=True):
        assert attendance_alerts_send_due(now=at(MONDAY, 11)) == 3
    assert len(mail.outbox) == 1 and "3 sessions missing" in mail.outbox[0].subject


@pytest.mark.parametrize("pupils", [2, 12])
def test_the_alert_sweep_runs_a_constant_number_of_queries(
    site,
    school_a,
    senco_school_a,
    la_officer,
    pupils,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    for n in range(pupils):
        _active(site, school_a, start=MONDAY - dt.timedelta(days=7), last_name=f"Sweep{n}")
    with django_assert_max_num_queries(13), django_capture_on_commit_callbacks(execute=True):
        attendance_alerts_send_due(now=at(MONDAY, 11))
    assert len(mail.outbox) == 2


def test_the_alert_time_is_configurable(placement, senco_school_a, settings, django_capture_on_commit_callbacks):
    settings.PLACEMENTS_ATTENDANCE_ALERT_AM = "09:45"
    with django_capture_on_commit_callbacks(execute=True):
        assert attendance_alerts_send_due(now=at(MONDAY, 9, 50)) == 1


def test_the_task_wraps_the_service(placement, senco_school_a, django_capture_on_commit_callbacks):
    clock = mock.patch("placements.tasks.timezone.now", return_value=at(MONDAY, 11))
    with clock, django_capture_on_commit_callbacks(execute=True):
        send_attendance_alerts()
    assert len(mail.outbox) == 1


def test_the_beat_schedule_runs_on_weekdays_from_half_past_ten_to_four_and_never_at_one():
    runs = set()
    alerts = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "placements.tasks.send_attendance_alerts"
    ]
    assert alerts
    for entry in alerts:
        cron = entry["schedule"]
        assert cron.day_of_week == {1, 2, 3, 4, 5}
        runs |= {(h, m) for h in cron.hour for m in cron.minute}
    assert min(runs) == (10, 30) and max(runs) == (16, 0)
    assert all(h != 1 for h, _m in runs)
    assert {(h, m) for h in range(11, 16) for m in (0, 15, 30, 45)} <= runs


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_send_each_alert_once():
    """Four sweeps at once raise and send each alert once. Mutation tried: `_send_batch` sending
    every unsent alert instead of its own batch's sends 20 (assert 20 == 5)."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Concurrent inserts need PostgreSQL")
    from tests.factories import LocalAuthorityFactory, SchoolFactory

    la = LocalAuthorityFactory()
    school = SchoolFactory(organisation__local_authority=la)
    site = SiteFactory(provider__organisation__local_authority=la)
    senco = UserFactory()
    MembershipFactory(user=senco, organisation=school.organisation, role=Role.SCHOOL_USER)
    for n in range(5):
        _active(site, school, start=MONDAY - dt.timedelta(days=7), last_name=f"Race{n}")
    barrier = threading.Barrier(4)
    errors = []

    def sweep():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            attendance_alerts_send_due(now=at(MONDAY, 11))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Reminder.objects.filter(stage="missing").count() == 5
    assert sum(len(m.body.split("\n- ")) - 1 for m in mail.outbox) == 5


def test_an_alert_gov_uk_notify_refuses_stays_unsent_and_goes_once_with_a_later_sweep(
    placement, senco_school_a, fake_notify, django_capture_on_commit_callbacks
):
    fake_notify.fail_with(500)
    with django_capture_on_commit_callbacks(execute=True):
        assert attendance_alerts_send_due(now=at(MONDAY, 10, 30)) == 1
    assert fake_notify.emails == [] and Reminder.objects.get(stage="missing").emailed_at is None

    fake_notify.fail_with(201)
    for later in (at(MONDAY, 10, 45), at(MONDAY, 11, 0)):
        with django_capture_on_commit_callbacks(execute=True):
            attendance_alerts_send_due(now=later)
    assert [n["email_address"] for n in fake_notify.emails] == [senco_school_a.email]
    assert Reminder.objects.get(stage="missing").emailed_at is not None


# -- the attendance cut-off on the clock -----------------------------------------------------------


def test_marking_the_register_after_the_alert_meets_the_cut_off(
    client, placement, provider_user, senco_school_a, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attendance_alerts_send_due(now=at(MONDAY, 10, 45))
    cut_off = Deadline.objects.get(kind="attendance")
    assert (cut_off.status, cut_off.holder, cut_off.officers_told) == ("open", "school", True)
    register_save(
        user=provider_user,
        provider=site.provider,
        day=MONDAY,
        entries=[RegisterEntry(placement.pk, "am", "present")],
        today=MONDAY,
    )
    cut_off.refresh_from_db()
    assert (cut_off.status, cut_off.met_on) == ("met", MONDAY)


def test_an_absence_still_without_a_reason_does_not_meet_the_cut_off(
    placement, provider_user, senco_school_a, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attendance_alerts_send_due(now=at(MONDAY, 10, 45))
    entries = [RegisterEntry(placement.pk, "am", "unauthorised")]
    register_save(user=provider_user, provider=site.provider, day=MONDAY, entries=entries, today=MONDAY)
    assert Deadline.objects.get(kind="attendance").status == "open"


def test_the_morning_sweep_closes_yesterdays_unmarked_sessions_and_never_reminds_of_them(
    placement, senco_school_a, la_officer, django_capture_on_commit_callbacks
):
    from placements.services.reminders import reminders_send_due

    with django_capture_on_commit_callbacks(execute=True):
        attendance_alerts_send_due(now=at(MONDAY, 10, 45))
        reminders_send_due(now=at(MONDAY, 16, 0))  # a daily sweep run late the same day
    assert set(Reminder.objects.values_list("stage", flat=True)) == {"missing"}
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send_due(now=at(MONDAY + dt.timedelta(days=1), 7, 0))
    assert Deadline.objects.get(kind="attendance").status == "missed"
    assert set(Reminder.objects.values_list("stage", flat=True)) == {"missing"}


def test_the_provider_sees_its_unmarked_register_as_a_task_linking_to_it(
    client, placement, provider_user, other_provider_user, senco_school_a, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    missing_pupil_alert(placement, day=today, recipient=senco_school_a)
    client.force_login(provider_user)
    page = client.get(reverse("placements:deadline-task-list")).content.decode()
    assert "Pupil not accounted for at the attendance cut-off" in page
    assert reverse("placements:attendance-register", args=[placement.provider.pk, today.isoformat()]) in page
    client.force_login(other_provider_user)
    assert placement.pupil.legal_last_name not in client.get(reverse("placements:deadline-task-list")).content.decode()
    client.force_login(senco_school_a)
    page = client.get(reverse("placements:deadline-task-list")).content.decode()
    assert reverse("placements:attendance-placement", args=[placement.pk]) in page
