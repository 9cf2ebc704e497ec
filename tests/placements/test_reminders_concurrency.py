"""Exactly once under concurrency, on PostgreSQL: two sweeps at the same moment send each reminder
once; and the worker path, for real: a Celery worker consumes the sweep from Redis and e-mails."""

import datetime as dt
import threading
import time
import uuid

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from apcommission.core.models import Role
from placements.models import Deadline, Reminder
from placements.services.reminders import reminders_send_due
from placements.tasks import send_deadline_reminders
from tests.core.test_celery_worker import _wait_for, worker  # noqa: F401 - the worker fixture
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.placements.factories import PupilFactory


def _due_today(*, officers: int, pupils: int = 3):
    la = LocalAuthorityFactory()
    school = SchoolFactory(organisation__local_authority=la)
    users = []
    for _ in range(officers):
        user = UserFactory()
        MembershipFactory(user=user, organisation=la, role=Role.LA_OFFICER)
        users.append(user)
    today = timezone.localdate()
    for _ in range(pupils):
        pupil = PupilFactory(home_school=school)
        Deadline.objects.create(
            key=f"day6:test:{uuid.uuid4().hex[:10]}",
            kind="day6_permanent",
            holder="la",
            holder_organisation=la,
            local_authority=la,
            school=school,
            pupil=pupil,
            starts_on=today - dt.timedelta(days=7),
            due_on=today,
            remind_from=today,
        )
    return users


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_moment_send_each_reminder_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two connections at once")
    users = _due_today(officers=3)
    barrier = threading.Barrier(2)
    created = []
    errors = []

    def sweep():
        try:
            barrier.wait()
            created.append(reminders_send_due(now=timezone.now()))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sum(created) == 9  # 3 deadlines x 3 officers, inserted once between the two sweeps
    assert Reminder.objects.count() == 9
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)  # one e-mail each
    assert not Reminder.objects.filter(emailed_at__isnull=True).exists()


@pytest.mark.celery_worker
def test_a_real_worker_on_redis_runs_the_sweep_and_e_mails_once(worker):  # noqa: F811
    queue, process, log = worker
    (officer,) = _due_today(officers=1, pupils=1)
    reminders = Reminder.objects.filter(recipient=officer)
    send_deadline_reminders.apply_async(queue=queue)
    _wait_for(lambda: reminders.filter(emailed_at__isnull=False).exists(), process, log, "reminder e-mailed")
    send_deadline_reminders.apply_async(queue=queue)  # again: nothing more to send
    time.sleep(3)  # long enough for the worker to take the second sweep from the queue
    assert reminders.count() == 1
    assert reminders.get().stage == "due_today"
