"""Saving the daily AP register and sending same-day missing-pupil alerts.

A child missing from AP is a safeguarding risk: the home school stays responsible for the pupil's
safeguarding (KCSIE; DfE, *Arranging alternative provision*, 2025), and LAs today chase AP
attendance by phone every day (domain brief §9). A session still missing at the cut-off is a
deadline on the clock (kind "attendance", one per placement, day and session), and its alerts
are reminders at the stage "missing": the deadline reminders' own exactly-once constraint (one
per deadline, recipient and stage) guards them, and only the rows this sweep claimed are sent,
after commit (docs/placements-clock.md). Marking the session afterwards meets the deadline."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from apcommission.core.audit import audit_change, audit_record, snapshot
from apcommission.core.models import AuditAction

from .. import conf
from ..models import (
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    DutyHolder,
    Placement,
    PlacementStatus,
    Reminder,
    ReminderStage,
    attendance_key,
)
from ..models.attendance import ABSENCE_MARKS, AlertReason, AttendanceMark, Mark, Session
from ..selectors import calendar_key, calendars_for, can_mark_register, register_placements
from .reminders import reminders_insert_stage

logger = logging.getLogger(__name__)

#: An unsent alert claimed longer ago than this was left by a sweep whose sending failed: the next
#: sweep retries it.
RETRY_AFTER = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class RegisterEntry:
    placement_id: int
    session: str
    mark: str
    reason: str = ""


@dataclass(frozen=True)
class RegisterResult:
    created: int
    changed: int
    #: Absences saved with no reason: recorded as unexplained, they alert the home school and the LA
    #: at the alert time unless a reason is added first (the register's one rule, stated on its page).
    unexplained: int = 0


def _check_register(*, user, provider, day, entries, today) -> set[int]:
    """The ids of the placements on the register; refuses the future, strangers and unknown marks."""
    if day > (today or timezone.localdate()):
        raise ValidationError("You cannot mark a register for a day that has not happened yet")
    on_register = set(register_placements(user=user, provider=provider, day=day).values_list("pk", flat=True))
    if any(entry.placement_id not in on_register for entry in entries):
        raise ValidationError("Marks were sent for a pupil who is not on this register. Nothing was saved.")
    if any(e.mark and (e.session not in Session.values or e.mark not in Mark.values) for e in entries):
        raise ValidationError("Choose a mark from the list for every session")
    return on_register


def register_save(*, user, provider, day: dt.date, entries: list[RegisterEntry], today: dt.date | None = None):
    """Save one provider's register for one day: new marks are inserted, changed marks updated
    (each correction audited with its before and after), unchanged marks left alone, so a double
    submit changes nothing. Marks for a pupil not on this register refuse the whole register."""
    if not can_mark_register(user=user, provider=provider):
        raise PermissionDenied("You cannot mark this provider's register")
    on_register = _check_register(user=user, provider=provider, day=day, entries=entries, today=today)
    wanted = {(e.placement_id, e.session): e for e in entries if e.mark}
    now = timezone.now()
    with transaction.atomic():
        existing = {
            (m.placement_id, m.session): m
            for m in AttendanceMark.objects.select_for_update().filter(placement_id__in=on_register, date=day)
        }
        new, changed, befores = [], [], []
        for key, entry in wanted.items():
            reason = entry.reason.strip()[:200]
            mark = existing.get(key)
            if mark is None:
                new.append(
                    AttendanceMark(
                        placement_id=entry.placement_id,
                        date=day,
                        session=entry.session,
                        mark=entry.mark,
                        reason=reason,
                        recorded_by=user,
                        recorded_at=now,
                    )
                )
            elif (mark.mark, mark.reason) != (entry.mark, reason):
                befores.append(snapshot(mark))
                mark.mark, mark.reason, mark.recorded_by, mark.recorded_at = entry.mark, reason, user, now
                changed.append(mark)
        if new:
            # ignore_conflicts: a double submit racing this one inserted the same marks first.
            bulk_create_with_history(new, AttendanceMark, ignore_conflicts=True, default_user=user)
        if changed:
            bulk_update_with_history(
                changed, AttendanceMark, ["mark", "reason", "recorded_by", "recorded_at"], default_user=user
            )
            for before, mark in zip(befores, changed, strict=True):
                audit_change(user=user, obj=mark, before=before)
        if new:
            audit_record(
                user=user,
                action=AuditAction.CREATE,
                description=f"Register of {provider.name} for {day:%d/%m/%Y}: {len(new)} marks",
            )
        _close_cut_offs(wanted=wanted, day=day, now=now)
    unexplained = sum(1 for e in wanted.values() if e.mark in ABSENCE_MARKS and not e.reason.strip())
    return RegisterResult(created=len(new), changed=len(changed), unexplained=unexplained)


def _close_cut_offs(*, wanted: dict, day: dt.date, now: dt.datetime) -> None:
    """Sessions now accounted for (a mark, and a reason for an absence) meet the attendance cut-off
    they had passed, if it alerted: one UPDATE, nothing when none alerted."""
    keys = [
        attendance_key(placement_id, day, session)
        for (placement_id, session), entry in wanted.items()
        if entry.mark not in ABSENCE_MARKS or entry.reason.strip()
    ]
    if keys:
        Deadline.objects.filter(key__in=keys, status=DeadlineStatus.OPEN).update(
            status=DeadlineStatus.MET, met_on=day, modified_on=now
        )


# -- missing-pupil alerts ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Missing:
    placement: Placement
    session: str
    reason: str


def _missing_sessions(*, today: dt.date, sessions: list[str]) -> list[_Missing]:
    """Active placements on `today` with, for each due session, no mark or an absence with no
    reason, on a school day of the pupil's home school."""
    missing: list[_Missing] = []
    for session in sessions:
        marks = AttendanceMark.objects.filter(placement=OuterRef("pk"), date=today, session=session)
        unexplained = marks.filter(mark__in=ABSENCE_MARKS, reason="")
        rows = (
            Placement.objects.filter(status=PlacementStatus.ACTIVE, start_date__lte=today, end_date__gte=today)
            .filter(~Exists(marks) | Exists(unexplained))
            .annotate(has_mark=Exists(marks))
            .select_related("pupil__home_school__organisation", "provider__organisation")
        )
        missing.extend(
            _Missing(p, session, AlertReason.ABSENT_NO_REASON if p.has_mark else AlertReason.NO_MARK) for p in rows
        )
    if not missing:
        return []
    calendars = calendars_for({calendar_key(m.placement) for m in missing})
    return [m for m in missing if calendars[calendar_key(m.placement)].is_school_day(today)]


def _alert_deadline(m: _Missing, *, today: dt.date, now: dt.datetime) -> Deadline:
    """The cut-off a missing session passed: the home school's (it stays responsible for the pupil's
    safeguarding), the LA's officers told too; the pupil's home LA's when no home school is known."""
    pupil = m.placement.pupil
    school = pupil.home_school
    holder = (DutyHolder.SCHOOL, school.organisation_id) if school else (DutyHolder.LA, pupil.home_la_id)
    return Deadline(
        key=attendance_key(m.placement.pk, today, m.session),
        kind=DeadlineKind.ATTENDANCE,
        holder=holder[0],
        holder_organisation_id=holder[1],
        officers_told=True,
        local_authority_id=pupil.home_la_id,
        school=school,
        pupil=pupil,
        placement=m.placement,
        starts_on=today,
        due_on=today,
        remind_from=today,
        # Still open the next morning: the register was never completed (the reminder sweep closes it).
        ends_on=today,
        detail=AlertReason(m.reason).label,
        pupil_sort_name=pupil.legal_last_name,
        register_provider_id=m.placement.provider_id,
        created_on=now,
        modified_on=now,
    )


def attendance_cut_offs_follow_pupil(*, pupil) -> int:
    """A pupil's attendance cut-offs keep the pupil's home LA and legal last name, which today's
    alerts on the dashboard are read and listed by (deadline_la_alerts_idx): called in the
    transaction that changes either. Returns how many rows changed."""
    return (
        Deadline.objects.filter(pupil=pupil, kind=DeadlineKind.ATTENDANCE)
        .exclude(local_authority_id=pupil.home_la_id, pupil_sort_name=pupil.legal_last_name)
        .update(local_authority_id=pupil.home_la_id, pupil_sort_name=pupil.legal_last_name)
    )


def attendance_alerts_send_due(*, now: dt.datetime) -> int:
    """Raise today's missing-pupil alerts that are due at `now` and e-mail them. Safe to run as
    often as wanted, and twice at once: each missing session is one attendance deadline (unique
    key), and each of its people is reminded of it once (the reminders' unique constraint).
    Returns the number of alerts (reminders) this sweep created."""
    local = timezone.localtime(now)
    today = local.date()
    due_sessions = [s for s, at in conf.attendance_alert_times().items() if local.time() >= at]
    created = 0
    batch = uuid.uuid4()
    with transaction.atomic():
        missing = _missing_sessions(today=today, sessions=due_sessions) if due_sessions else []
        if missing:
            Deadline.objects.bulk_create(
                [_alert_deadline(m, today=today, now=now) for m in missing], ignore_conflicts=True
            )
            # The home school's users and the LA's officers, as for every deadline they hold.
            reminders_insert_stage(
                stage=ReminderStage.MISSING,
                who="holder",
                condition=f"d.kind = '{DeadlineKind.ATTENDANCE}' AND d.due_on = %s",
                today_params=1,
                today=today,
                now=now,
                batch=batch,
            )
            created = Reminder.objects.filter(batch=batch).count()
        # Alerts a sweep left unsent (its e-mail failed) are claimed only when their claim is
        # stale, so two sweeps never both take one.
        Reminder.objects.filter(
            stage=ReminderStage.MISSING, emailed_at__isnull=True, claimed_at__lt=now - RETRY_AFTER
        ).update(batch=batch, claimed_at=now)
    transaction.on_commit(lambda: _send_batch(batch=batch, now=now))
    return created


def _send_batch(*, batch: uuid.UUID, now: dt.datetime) -> int:
    """One e-mail per recipient listing their missing pupils; a failed send stays unsent for the
    next sweep to retry."""
    alerts = (
        Reminder.objects.filter(batch=batch, stage=ReminderStage.MISSING, emailed_at__isnull=True)
        .select_related("recipient", "deadline__pupil", "deadline__placement__provider__organisation")
        .order_by("recipient_id", "deadline__pupil__legal_last_name", "deadline__key")
    )
    by_recipient: dict[int, list[Reminder]] = defaultdict(list)
    for alert in alerts:
        by_recipient[alert.recipient_id].append(alert)
    sent = 0
    for recipient_alerts in by_recipient.values():
        recipient = recipient_alerts[0].recipient
        context = {"recipient": recipient, "alerts": recipient_alerts, "base_url": _base_url()}
        context["alerts_url"] = context["base_url"] + reverse("placements:dashboard")
        try:
            send_mail(
                subject=_subject(recipient_alerts),
                message=render_to_string("placements/attendance/alert_email.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[recipient.email],
            )
        except Exception:  # noqa: BLE001 - any mail failure: leave unsent, the next sweep retries
            logger.exception("Missing-pupil alert to user %s not sent; will retry", recipient.pk)
            continue
        Reminder.objects.filter(pk__in=[a.pk for a in recipient_alerts]).update(emailed_at=now)
        sent += 1
    return sent


def _subject(alerts: list[Reminder]) -> str:
    if len(alerts) == 1:
        return "Pupil missing from alternative provision today"
    return f"{len(alerts)} sessions missing from alternative provision today"


def _base_url() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/")
