"""Demo records about the active placements: the last four weeks of daily register marks and a
half-termly review or two for each (placements.demo.placements makes the placements). Idempotent:
marks are unique per placement, date and session and inserted with ignore_conflicts; reviews carry a
submission token derived from the placement, so a second run adds nothing.

The pupils' words in reviews are paraphrased from the BCP scrutiny report's voice-of-the-child
exercise (Nov 2024, section 4); every pupil is fictional."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.db import transaction
from django.utils import timezone

from apcommission.core.models import Membership, Role

from ..models import Placement, PlacementStatus
from ..models.attendance import AttendanceMark
from ..models.reviews import PlacementReview
from ..selectors import attendance_by_placement, calendar_key, calendars_for, next_review_due

DAYS_OF_MARKS = 28
TOKEN_NAMESPACE = uuid.UUID("5b0e9c8e-3c51-4d0a-9f0c-2a4c1f6d7e21")
WORKING = [
    "Teachers here let me be myself and talk to me properly.",
    "I have a proper relationship with staff. They listen.",
    "I'm getting qualifications I never thought I could.",
    "Smaller groups. Nobody shouts.",
    "My key worker understands my family.",
]
CHANGE = [
    "Get the right support earlier.",
    "More help with apprenticeships.",
    "I want a say in decisions about me.",
    "Help with my dyslexia.",
    "Manage my days better so I don't get stuck.",
]
ABSENCE_REASONS = ["Medical appointment", "Ill (parent phoned)", "Family bereavement", "Court appearance"]


def _mark_for(rng: random.Random, absent_prone: bool) -> tuple[str, str]:
    roll = rng.random()
    absence = 0.25 if absent_prone else 0.04
    if roll < absence:
        if rng.random() < 0.5:
            return "authorised", rng.choice(ABSENCE_REASONS)
        return "unauthorised", "" if rng.random() < 0.3 else "No contact from home"
    if roll < absence + 0.06:
        return "late", ""
    return "present", ""


def _marks_for(placement: Placement, days: list[dt.date], rng: random.Random) -> list[AttendanceMark]:
    """Required sessions from Monday morning on, as many a week as the placement has; the rest
    'not required' (a part-time timetable)."""
    absent_prone = rng.random() < 0.15
    marks = []
    for day in days:
        for index, session in enumerate(("am", "pm")):
            slot = day.weekday() * 2 + index
            if slot >= placement.sessions_per_week:
                mark, reason = "not_required", ""
            else:
                mark, reason = _mark_for(rng, absent_prone)
            marks.append(AttendanceMark(placement=placement, date=day, session=session, mark=mark, reason=reason))
    return marks


def seed(*, la, schools=None, stdout) -> None:
    today = timezone.localdate()
    placements = list(
        Placement.objects.filter(pupil__home_la=la, status=PlacementStatus.ACTIVE).select_related(
            "pupil__home_school__organisation"
        )
    )
    if not placements:
        stdout.write("placements (reviews and attendance): no active demo placements yet; nothing added")
        return
    officer = (
        Membership.objects.filter(organisation=la, role=Role.LA_OFFICER, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    calendars = calendars_for({calendar_key(p) for p in placements})
    marks: list[AttendanceMark] = []
    for placement in placements:
        rng = random.Random(placement.pk)
        calendar = calendars[calendar_key(placement)]
        first = max(placement.start_date, today - dt.timedelta(days=DAYS_OF_MARKS))
        last = min(placement.end_date, today - dt.timedelta(days=1))
        if first <= last:
            marks.extend(_marks_for(placement, calendar.school_days(first, last), rng))
    with transaction.atomic():
        before = AttendanceMark.objects.filter(placement__in=placements).count()
        AttendanceMark.objects.bulk_create(marks, ignore_conflicts=True, batch_size=1000)
        added_marks = AttendanceMark.objects.filter(placement__in=placements).count() - before
    added_reviews = _seed_reviews(placements, calendars, officer.user if officer else None, today)
    stdout.write(f"placements (reviews and attendance): {added_marks} marks and {added_reviews} reviews added")


def _seed_reviews(placements, calendars, officer, today) -> int:
    """A review about five weeks in, and every six weeks after, for most placements; about one in
    eight left without a recent review so the dashboard shows some overdue."""
    if officer is None:
        return 0
    added = 0
    for placement in placements:
        rng = random.Random(placement.pk * 7)
        if rng.random() < 0.125:
            continue
        review_day, number, last = placement.start_date + dt.timedelta(weeks=5), 0, None
        while review_day <= today - dt.timedelta(days=3):
            token = uuid.uuid5(TOKEN_NAMESPACE, f"{placement.pk}-{number}")
            if not PlacementReview.objects.filter(submission_token=token).exists():
                stats = attendance_by_placement([placement.pk], up_to=review_day).get(placement.pk)
                PlacementReview.objects.create(
                    placement=placement,
                    review_date=review_day,
                    attendees="SENCO (home school)\nKey worker (provider)\nThe pupil\nParent or carer",
                    progress=rng.choice(
                        [
                            "Attending well and working towards the objectives.",
                            "Settling; behaviour improving, literacy support started.",
                            "Good progress in English and maths; ready to plan reintegration.",
                        ]
                    ),
                    pupil_what_is_working=rng.choice(WORKING),
                    pupil_what_should_change=rng.choice(CHANGE),
                    decision=rng.choice(["continue", "continue", "continue", "extend", "reintegrate"]),
                    sessions_possible=stats.possible if stats else 0,
                    sessions_attended=stats.attended if stats else 0,
                    attendance_percent=stats.percent if stats else None,
                    next_review_due=next_review_due(
                        calendar=calendars[calendar_key(placement)],
                        start_date=placement.start_date,
                        last_review=review_day,
                    ),
                    recorded_by=officer,
                    submission_token=token,
                )
                added += 1
            last = review_day
            review_day = last + dt.timedelta(weeks=6)
            number += 1
    return added
