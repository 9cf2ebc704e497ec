"""Reminders of statutory deadlines: the daily sweep, sent exactly once per (deadline, recipient,
stage) by e-mail and in each person's notifications (docs/placements-clock.md).

The sweep works out what is due from database state only, so it may run as often as wanted, twice
at once, or again after a worker died:

1. a suspension whose last day has passed with no provision: the school's duty was missed;
2. one ``INSERT … SELECT`` per stage puts a reminder row for every due deadline and every person
   who holds it (officers for the LA's duties, the school's users for the school's, the
   provider's users for the provider's, officers too where they are told, the LA's managers for
   an escalation); the unique constraint (deadline, recipient, stage) drops every row
   that exists already, whoever inserted it — enforced by the database, not by Python;
3. rows a dead sweep left unsent (claimed more than RETRY_AFTER ago) are claimed by this sweep;
4. after the inserts commit, each recipient gets one e-mail listing their new reminders (one
   connection to the mail backend for all); rows are marked e-mailed only once their person's
   e-mail was handed to the backend, by one UPDATE for up to MARK_EVERY people.

The queries do not grow with the number of deadlines, nor with the people e-mailed up to
MARK_EVERY: five writes, the count, one read of each person's first reminders and how many they
have, one read of those reminders with their pupils, and one update marking them e-mailed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import uuid
from collections import defaultdict

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import connection, models, transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from apcommission.core.models import Membership, Role, User

from ..models import Deadline, DeadlineKind, DeadlineStatus, DutyHolder, Reminder, ReminderStage
from .deadlines import deadlines_close_ended_suspensions

logger = logging.getLogger(__name__)

#: An unsent reminder claimed longer ago than this was left by a sweep that died: the next sweep
#: sends it.
RETRY_AFTER = dt.timedelta(minutes=10)
#: Reminders listed in one e-mail; the rest are counted and are in the notifications page.
LISTED_IN_EMAIL = 20
#: People whose reminders are marked e-mailed by one UPDATE, once all their e-mails were handed to
#: the mail backend. A worker killed mid-sweep may send these again (never fewer): the price of not
#: writing once per person.
MARK_EVERY = 500
REMINDER_EMAIL = "placements/exclusions/reminder_email.txt"

#: The missing-pupil alerts are deadlines too, alerted the same day by their own sweep
#: (placements.services.attendance), never by this one.
NOT_ALERTS = f"d.kind <> '{DeadlineKind.ATTENDANCE}'"
# (stage, who: "holder" or "managers", condition on d. with %s for today)
STAGES = (
    (ReminderStage.DUE_SOON, "holder", f"{NOT_ALERTS} AND d.remind_from <= %s AND d.due_on > %s", 2),
    (ReminderStage.DUE_TODAY, "holder", f"{NOT_ALERTS} AND d.due_on = %s", 1),
    (ReminderStage.OVERDUE, "holder", f"{NOT_ALERTS} AND d.due_on < %s", 1),
    (ReminderStage.ESCALATED, "managers", f"{NOT_ALERTS} AND d.holder = 'la' AND d.escalate_on <= %s", 1),
)


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def reminders_insert_stage(*, stage: str, who: str, condition: str, today_params: int, today, now, batch) -> None:
    """One INSERT … SELECT: a reminder for every open deadline at this stage and every person
    holding it; existing (deadline, recipient, stage) rows are skipped by the unique constraint."""
    if who == "holder":
        # The holder's people, and the LA's officers where they are told too (a school's
        # reintegration, a provider's documents).
        join = (
            "((m.organisation_id = d.holder_organisation_id AND m.role = "
            f"CASE WHEN d.holder = '{DutyHolder.LA}' THEN '{Role.LA_OFFICER}' "
            f"WHEN d.holder = '{DutyHolder.SCHOOL}' THEN '{Role.SCHOOL_USER}' ELSE '{Role.PROVIDER_USER}' END) "
            f"OR (d.officers_told AND m.organisation_id = d.local_authority_id AND m.role = '{Role.LA_OFFICER}'))"
        )
    else:
        join = f"m.organisation_id = d.local_authority_id AND m.role = '{Role.LA_MANAGER}'"
    sqlite = connection.vendor == "sqlite"
    verb = "INSERT OR IGNORE INTO" if sqlite else "INSERT INTO"
    tail = "" if sqlite else " ON CONFLICT DO NOTHING"
    # Only table names and constants are formatted in; every value is a parameter.
    sql = (
        f"{verb} {_table(Reminder)} (deadline_id, recipient_id, stage, created_at, claimed_at, batch) "  # noqa: S608
        f"SELECT d.id, m.user_id, %s, %s, %s, %s FROM {_table(Deadline)} d "
        f"INNER JOIN {_table(Membership)} m ON {join} AND m.is_active = %s "
        f"INNER JOIN {_table(User)} u ON u.id = m.user_id AND u.is_active = %s "
        f"WHERE d.status = '{DeadlineStatus.OPEN}' AND {condition}{tail}"
    )
    batch_value = Reminder._meta.get_field("batch").get_db_prep_value(batch, connection)
    when = Reminder._meta.get_field("created_at").get_db_prep_value(now, connection)
    day = Deadline._meta.get_field("due_on").get_db_prep_value(today, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [stage, when, when, batch_value, True, True, *([day] * today_params)])


def reminders_send_due(*, now: dt.datetime) -> int:
    """The daily sweep: raise the reminders due at `now` (Europe/London date) and e-mail them.
    Returns how many reminders this sweep created."""
    today = timezone.localtime(now).date()
    batch = uuid.uuid4()
    with transaction.atomic():
        deadlines_close_ended_suspensions(today=today)
        for stage, who, condition, today_params in STAGES:
            reminders_insert_stage(
                stage=stage,
                who=who,
                condition=condition,
                today_params=today_params,
                today=today,
                now=now,
                batch=batch,
            )
        created = Reminder.objects.filter(batch=batch).count()
        # Unsent reminders of a sweep that died: claimed only when their claim is stale, so two
        # sweeps never both take one (the second waits for the first's row lock, then sees a
        # fresh claim and skips it).
        Reminder.objects.filter(emailed_at__isnull=True, claimed_at__lt=now - RETRY_AFTER).exclude(
            stage=ReminderStage.MISSING
        ).update(batch=batch, claimed_at=now)
    transaction.on_commit(lambda: reminders_email_batch(batch=batch, now=now))
    return created


def reminders_email_batch(*, batch: uuid.UUID, now: dt.datetime) -> int:
    """One e-mail per recipient of the batch's unsent reminders, over one connection to the mail
    backend, with the template compiled once. Each person's reminders are marked e-mailed only
    after their e-mail was handed to the backend, in one UPDATE per MARK_EVERY people: a failed send
    stays unsent and is retried by a later sweep once its claim is stale."""
    unsent = Reminder.objects.filter(batch=batch, emailed_at__isnull=True)
    # Each person's first reminders and their count, picked from the narrow rows (a first-morning
    # batch of 75,000 sorts in memory); then only those are read with their pupils and schools.
    per_person = [F("recipient_id")]
    firsts = list(
        unsent.annotate(
            position=Window(RowNumber(), partition_by=per_person, order_by=[F("deadline__due_on"), F("id")]),
            total=Window(models.Count("id"), partition_by=per_person),
        )
        .filter(position__lte=LISTED_IN_EMAIL)
        .values_list("pk", "recipient_id", "total")
    )
    counts = {recipient_id: total for _, recipient_id, total in firsts}
    listed = (
        Reminder.objects.filter(pk__in=[pk for pk, _, _ in firsts])
        .select_related("recipient", "deadline__pupil", "deadline__school__organisation")
        .order_by("recipient_id", "deadline__due_on", "id")
    )
    by_recipient: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in listed:
        by_recipient[reminder.recipient_id].append(reminder)
    if not by_recipient:
        return 0
    template = get_template(REMINDER_EMAIL)
    base_url = getattr(settings, "SITE_URL", "").rstrip("/")
    urls = {
        "tasks_url": base_url + reverse("placements:deadline-task-list"),
        "notifications_url": base_url + reverse("placements:notification-list"),
    }
    delivered: list[int] = []
    sent = 0
    with _mail_connection() as mail_connection:
        for recipient_id, reminders in by_recipient.items():
            recipient = reminders[0].recipient
            total = counts.get(recipient_id, len(reminders))
            context = {"recipient": recipient, "reminders": reminders, "more": total - len(reminders), **urls}
            try:
                send_mail(
                    subject=_subject(reminders, total),
                    message=template.render(context),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[recipient.email],
                    connection=mail_connection,
                )
            except Exception:  # noqa: BLE001 - any mail failure: leave unsent, a later sweep retries
                logger.exception("Deadline reminders to user %s not sent; will retry", recipient_id)
                continue
            delivered.append(recipient_id)
            sent += 1
            if len(delivered) == MARK_EVERY:
                _mark_emailed(unsent, delivered, now)
                delivered = []
    _mark_emailed(unsent, delivered, now)
    return sent


@contextlib.contextmanager
def _mail_connection():
    """One session with the mail backend for the sweep (SMTP: one login, not one per person). If it
    cannot be opened, each send tries again on its own and fails or succeeds as before."""
    mail_connection = get_connection()
    try:
        mail_connection.open()
    except Exception:  # noqa: BLE001 - the sends below report their own failures
        logger.exception("Mail backend not reachable for deadline reminders")
    try:
        yield mail_connection
    finally:
        mail_connection.close()


def _mark_emailed(unsent, recipient_ids: list[int], now: dt.datetime) -> None:
    """Mark e-mailed the batch's unsent reminders of people whose e-mail the backend has taken."""
    if recipient_ids:
        unsent.filter(recipient_id__in=recipient_ids).update(emailed_at=now)


def _subject(reminders: list[Reminder], total: int) -> str:
    if total == 1:
        reminder = reminders[0]
        return f"{reminder.get_stage_display()}: {reminder.deadline.get_kind_display()}"
    overdue = sum(1 for r in reminders if r.stage in (ReminderStage.OVERDUE, ReminderStage.ESCALATED))
    return f"{total} deadlines need your attention" + (f" ({overdue} overdue)" if overdue else "")


def reminder_mark_read(*, user, reminder: Reminder) -> Reminder:
    """Mark one of the user's own notifications read (no one else's)."""
    if reminder.recipient_id != user.pk:
        raise PermissionError("Not your notification")
    if reminder.read_at is None:
        reminder.read_at = timezone.now()
        reminder.save(update_fields=["read_at"])
    return reminder
