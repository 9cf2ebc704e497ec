"""Demo data for the statutory clock (after funding's demo, which records the permanent exclusions
behind its recoupments): exclusions, back-to-back suspensions and health absences of a few more
fictional pupils at the first demo school, with deadlines met, missed, overdue, due today and due
this week, and the reminders the morning sweep would have sent; then the LA's placement reviews,
returns to school, provider QA reviews and documents on the same clock, one of each kind due
this week. Idempotent: every record carries a
submission token derived from its pupil."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from apcommission.core.demo import DEMO_PROVIDER_NAME
from apcommission.core.models import Membership, Role
from providers.choices import ApprovalStatus
from providers.models import ComplianceDocument, Provider, QAReview

from ..models import Exclusion, HealthAbsence, Placement, PlacementStatus, Pupil, Reminder
from ..selectors import calendars_for
from ..services.deadlines import deadlines_refresh, school_calendar_key
from ..services.exclusions import ExclusionDetails, HealthAbsenceDetails, exclusion_record, health_absence_record
from ..services.provider_deadlines import provider_deadlines_refresh
from ..services.reminders import reminders_send_due
from ..services.review_schedule import review_schedule_refresh
from ..upn import check_letter

NAMESPACE = uuid.UUID("0d4f2b6e-9c1a-4e57-8a3b-7c2d1e0f9a64")

#: (first name, last name, what happens: list of (kind, school days before today, length)).
#: kind: "permanent", "suspension" or "health"; a suspension's start of None follows the one before.
STORIES = [
    ("Kai", "Ashworth", [("permanent", -3, None)]),  # the LA's day 6 due this week
    ("Leah", "Brennan", [("permanent", -5, None)]),  # the LA's day 6 due today
    ("Owen", "Castell", [("permanent", -9, None)]),  # overdue, escalated to managers
    ("Ruby", "Dunmore", [("suspension", -4, 3), ("suspension", None, 4)]),  # 3 + 4 back to back: the school's
    ("Isaac", "Ellery", [("suspension", -2, 5)]),  # exactly 5 days: no duty
    ("Maya", "Fenwick", [("suspension", -7, 10)]),  # the school's duty, overdue
    ("Noah", "Garside", [("health", -12, 20)]),  # health, consecutive: due this week
    ("Freya", "Holloway", [("health", -40, 10), ("health", -12, 8)]),  # health, cumulative: overdue
]


def _upn(la_code: str, n: int) -> str:
    rest = f"{la_code}{9500 + n:04d}27{n:03d}"
    return check_letter(rest) + rest


def _other_deadlines(*, la, today: dt.date) -> None:
    """Placement reviews, returns to school, QA reviews and documents on the clock, with each kind
    due in the coming school days on a demo task list (placements.demo.returning_this_week is the
    return to school): the demo provider's QA review (the demo provider user's) falls
    due in 4 days and its first expiring document expires in 3."""
    active = Placement.objects.filter(pupil__home_la=la, status=PlacementStatus.ACTIVE)
    review_schedule_refresh(placements=active, only_missing=True)
    providers = Provider.objects.filter(organisation__local_authority=la)
    # The demo provider user's (core.demo), else the first approved provider: the same each run.
    demo_provider = (
        providers.filter(organisation__name=DEMO_PROVIDER_NAME).first()
        or providers.filter(status=ApprovalStatus.APPROVED).order_by("pk").first()
    )
    if demo_provider is not None:
        soon = today + dt.timedelta(days=4)
        review = demo_provider.qa_reviews.filter(returned_by__isnull=True).order_by("-reviewed_on", "-id").first()
        if review is not None and review.next_review_date > soon:
            QAReview.objects.filter(pk=review.pk).update(next_review_date=soon)
        document = demo_provider.documents.filter(expires_on__gt=soon).order_by("expires_on", "pk").first()
        if document is not None and not demo_provider.documents.filter(expires_on__lte=soon).exists():
            ComplianceDocument.objects.filter(pk=document.pk).update(expires_on=today + dt.timedelta(days=3))
    deadlines_refresh(pupil_ids=active.values_list("pupil_id", flat=True), today=today)
    provider_deadlines_refresh(provider_ids=providers.values_list("pk", flat=True), today=today)


def seed(*, la, schools, stdout) -> None:
    if not schools:
        stdout.write("placements (clock): no schools; no exclusions added")
        return
    officer = (
        Membership.objects.filter(organisation=la, role=Role.LA_OFFICER, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if officer is None:
        stdout.write("placements (clock): no LA officer to record as; no exclusions added")
        return
    user = officer.user
    school = schools[0]
    calendar = calendars_for({school_calendar_key(school)})[school_calendar_key(school)]
    today = timezone.localdate()
    added = 0
    for n, (first, last, events) in enumerate(STORIES):
        pupil, _ = Pupil.objects.get_or_create(
            upn=_upn(la.la_code or "999", n),
            defaults={
                "legal_first_name": first,
                "legal_last_name": last,
                "date_of_birth": dt.date(today.year - 14, 3, 1 + n),
                "sex": "F" if n % 2 else "M",
                "home_school": school,
                "home_la": la,
            },
        )
        previous_end = None
        for index, (kind, offset, length) in enumerate(events):
            token = uuid.uuid5(NAMESPACE, f"{pupil.upn}-{index}")
            start = calendar.add_school_days(today, offset) if offset is not None else previous_end
            if kind == "health":
                if not HealthAbsence.objects.filter(submission_token=token).exists():
                    health_absence_record(
                        user=user,
                        details=HealthAbsenceDetails(
                            pupil=pupil, school=school, first_day=start, school_days=length, submission_token=token
                        ),
                        today=today,
                    )
                    added += 1
            elif not Exclusion.objects.filter(submission_token=token).exists():
                exclusion_record(
                    user=user,
                    details=ExclusionDetails(
                        pupil=pupil,
                        school=school,
                        kind=kind,
                        first_day=start,
                        school_days=length,
                        reason="PD" if kind == "suspension" else "PA",
                        submission_token=token,
                    ),
                    today=today,
                )
                added += 1
            if length:
                previous_end = calendar.add_school_days(calendar.nth_school_day(start, length), 1)
    # The permanent exclusions behind funding's recoupments: their day 6, met or missed.
    deadlines_refresh(pupil_ids=Exclusion.objects.filter(pupil__home_la=la).values_list("pupil_id", flat=True))
    _other_deadlines(la=la, today=today)
    # The notifications the morning sweep would have raised; demo accounts are not e-mailed (the
    # rows are marked sent before the sweep's e-mails would go, after the seed's transaction).
    now = timezone.now()
    reminders = reminders_send_due(now=now)
    Reminder.objects.filter(emailed_at__isnull=True, deadline__local_authority=la).update(emailed_at=now)
    stdout.write(f"placements (clock): {added} exclusions and absences added; {reminders} reminders raised")
