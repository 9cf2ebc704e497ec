"""Reminders of statutory deadlines: due soon, due today, overdue, escalated; each (deadline,
recipient, stage) delivered once, by e-mail and in the notifications, whatever the sweeps do."""

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from apcommission.core.models import Role
from placements.models import Deadline, DeadlineStatus, Reminder, ReminderStage
from placements.services.exclusions import ExclusionDetails, exclusion_record
from placements.services.reminders import RETRY_AFTER, reminders_send_due
from tests.core.test_calendars import LA_2026, _enter_terms
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory
from tests.page_text import page_text
from tests.placements.factories import PupilFactory

D = dt.date
LONDON = ZoneInfo("Europe/London")


def at(day: dt.date, hour: int = 7, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def hopwood(la):
    school = SchoolFactory(organisation__name="Hopwood Community School", organisation__local_authority=la)
    _enter_terms(la, LA_2026)
    return school


def permanent_exclusion(user, school, first_day):
    exclusion, _ = exclusion_record(
        user=user,
        details=ExclusionDetails(
            pupil=PupilFactory(home_school=school), school=school, kind="permanent", first_day=first_day, reason="PD"
        ),
        today=first_day,
    )
    return Deadline.objects.get(exclusion=exclusion, kind="day6_permanent")


def sweep(now):
    with mock.patch("django.db.transaction.on_commit", side_effect=lambda f, **kw: f()):
        return reminders_send_due(now=now)


@pytest.mark.django_db
def test_the_officers_are_reminded_two_school_days_before_day_6_once(la_officer, la_officer_2, hopwood):
    deadline = permanent_exclusion(la_officer, hopwood, D(2026, 9, 9))  # due Wed 16 Sep
    assert deadline.remind_from == D(2026, 9, 14)
    assert sweep(at(D(2026, 9, 11))) == 0
    assert sweep(at(D(2026, 9, 14))) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([la_officer.email, la_officer_2.email])
    assert "Due soon" in mail.outbox[0].subject
    sweep(at(D(2026, 9, 14), 15))
    sweep(at(D(2026, 9, 15)))
    assert len(mail.outbox) == 2  # the same stage again: nothing more
    assert Reminder.objects.filter(stage=ReminderStage.DUE_SOON).count() == 2


@pytest.mark.django_db
def test_one_email_names_how_many_deadlines_and_how_many_are_overdue(la_officer, hopwood):
    permanent_exclusion(la_officer, hopwood, D(2026, 9, 1))  # day 6 Tue 8 Sep: overdue by the 16th
    permanent_exclusion(la_officer, hopwood, D(2026, 9, 9))  # day 6 Wed 16 Sep: due today
    sweep(at(D(2026, 9, 16)))
    (email,) = mail.outbox
    assert email.subject == "2 deadlines need your attention (1 overdue)"  # not only statutory ones
    assert "These deadlines need your attention:" in email.body


@pytest.mark.django_db
def test_due_today_then_overdue_then_escalated_to_managers(la_officer, la_manager, hopwood):
    deadline = permanent_exclusion(la_officer, hopwood, D(2026, 9, 9))
    assert deadline.escalate_on == D(2026, 9, 18)
    sweep(at(D(2026, 9, 16)))
    sweep(at(D(2026, 9, 17)))
    stages = set(Reminder.objects.filter(recipient=la_officer).values_list("stage", flat=True))
    assert stages == {ReminderStage.DUE_TODAY, ReminderStage.OVERDUE}
    assert not Reminder.objects.filter(recipient=la_manager).exists()
    sweep(at(D(2026, 9, 18)))
    escalation = Reminder.objects.get(recipient=la_manager)
    assert escalation.stage == ReminderStage.ESCALATED
    assert mail.outbox[-1].to == [la_manager.email]


@pytest.mark.django_db
def test_a_met_deadline_is_not_reminded(la_officer, hopwood):
    deadline = permanent_exclusion(la_officer, hopwood, D(2026, 9, 9))
    Deadline.objects.filter(pk=deadline.pk).update(status=DeadlineStatus.MET, met_on=D(2026, 9, 14))
    assert sweep(at(D(2026, 9, 17))) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_suspension_is_the_schools_users_to_be_reminded_of(la_officer, senco_school_a, school_a, la):
    _enter_terms(la, LA_2026)
    exclusion_record(
        user=la_officer,
        details=ExclusionDetails(
            pupil=PupilFactory(home_school=school_a),
            school=school_a,
            kind="suspension",
            first_day=D(2026, 9, 9),
            school_days=8,
            reason="PD",
        ),
        today=D(2026, 9, 9),
    )
    sweep(at(D(2026, 9, 16)))
    assert [m.to for m in mail.outbox] == [[senco_school_a.email]]


@pytest.mark.django_db
def test_the_unique_constraint_refuses_a_second_reminder_whatever_python_does(la_officer, hopwood):
    deadline = permanent_exclusion(la_officer, hopwood, D(2026, 9, 9))
    Reminder.objects.create(deadline=deadline, recipient=la_officer, stage="overdue", batch="0" * 32)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(deadline=deadline, recipient=la_officer, stage="overdue", batch="1" * 32)


@pytest.mark.django_db
def test_a_sweep_that_died_after_e_mailing_some_leaves_the_rest_to_the_next(la_officer, la_officer_2, hopwood):
    permanent_exclusion(la_officer, hopwood, D(2026, 9, 9))
    sent_to = []

    def send_then_die(*args, recipient_list, **kwargs):
        if sent_to:
            raise ConnectionError("the worker was killed")
        sent_to.append(recipient_list[0])
        return 1

    with mock.patch("placements.services.reminders.send_mail", side_effect=send_then_die):
        sweep(at(D(2026, 9, 16)))
    assert len(sent_to) == 1
    assert Reminder.objects.filter(emailed_at__isnull=True).count() == 1
    sweep(at(D(2026, 9, 16), 7, 1))  # too soon: the claim is fresh
    assert mail.outbox == []
    later = at(D(2026, 9, 16)) + RETRY_AFTER + dt.timedelta(minutes=1)
    sweep(later)
    assert [m.to for m in mail.outbox] == [[e for e in (la_officer.email, la_officer_2.email) if e != sent_to[0]]]
    assert not Reminder.objects.filter(emailed_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_sweep_at_half_past_midnight_in_summer_time_uses_the_london_date(la_officer, hopwood):
    deadline = permanent_exclusion(la_officer, hopwood, D(2027, 4, 27))  # due Wed 5 May 2027 (BST)
    assert deadline.due_on == D(2027, 5, 5)
    utc = dt.datetime(2027, 5, 4, 23, 30, tzinfo=dt.UTC)  # 00:30 on 5 May in London
    sweep(utc)
    assert Reminder.objects.filter(stage=ReminderStage.DUE_TODAY).exists()
    assert not Reminder.objects.filter(stage=ReminderStage.OVERDUE).exists()


@pytest.mark.django_db
def test_the_notifications_list_shows_reminders_and_marks_them_read(client, la_officer, hopwood):
    deadline = permanent_exclusion(la_officer, hopwood, D(2026, 9, 9))
    sweep(at(D(2026, 9, 16)))
    client.force_login(la_officer)
    page = client.get("/placements/notifications/")
    assert "1 unread" in page.content.decode()
    reminder = Reminder.objects.get(recipient=la_officer)
    response = client.get(f"/placements/notifications/{reminder.pk}/")
    assert response.status_code == 200 and deadline.pupil.full_name in page_text(response)
    assert f"/placements/pupils/{deadline.pupil_id}/place/" in response.content.decode()  # where it is done
    reminder.refresh_from_db()
    assert reminder.read_at is not None


@pytest.mark.django_db
def test_no_one_can_open_someone_elses_notification(client, la_officer, la_officer_2, hopwood):
    permanent_exclusion(la_officer, hopwood, D(2026, 9, 9))
    sweep(at(D(2026, 9, 16)))
    theirs = Reminder.objects.get(recipient=la_officer_2)
    client.force_login(la_officer)
    assert client.get(f"/placements/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def _officers_with_deadlines_due(day: dt.date, *, people: int, deadlines: int) -> list:
    """A new LA whose `people` officers each hold `deadlines` day-6 deadlines due on `day`."""
    la = LocalAuthorityFactory()
    school = SchoolFactory(organisation__local_authority=la)
    officers = [MembershipFactory(organisation=la, role=Role.LA_OFFICER).user for _ in range(people)]
    for n in range(deadlines):
        Deadline.objects.create(
            key=f"day6:sizes:{la.pk}:{n}",
            kind="day6_permanent",
            holder="la",
            holder_organisation=la,
            local_authority=la,
            school=school,
            pupil=PupilFactory(home_school=school),
            starts_on=day - dt.timedelta(days=7),
            due_on=day,
            remind_from=day - dt.timedelta(days=2),
        )
    return officers


@pytest.mark.django_db
def test_the_sweep_makes_the_same_queries_for_3_people_as_for_30():
    day = D(2026, 9, 16)
    _officers_with_deadlines_due(day, people=3, deadlines=3)
    with CaptureQueriesContext(connection) as small:
        assert sweep(at(day)) == 9
    assert len(mail.outbox) == 3
    _officers_with_deadlines_due(day, people=30, deadlines=30)
    with CaptureQueriesContext(connection) as large:
        assert sweep(at(day, 7, 1)) == 900
    assert len(mail.outbox) == 3 + 30
    assert not Reminder.objects.filter(emailed_at__isnull=True).exists()
    # One UPDATE closing suspensions, four INSERT … SELECT, the count, the reclaim, the read of the
    # first reminders, the counts per person, one UPDATE marking them e-mailed (+ the savepoint).
    assert len(small) == len(large), [q["sql"][:80] for q in large]
