"""Reads for the officer dashboard, the key stage snapshot and the pupil timeline. Every function
runs a fixed number of queries whatever the number of pupils."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from apcommission.core.education import key_stage_on
from apcommission.core.models import KeyStage
from apcommission.core.scoping import scope_for

from .models import PanelDecision, Placement, PlacementStatus, Pupil, StatusChange
from .models.attendance import AttendanceAlert
from .models.reviews import PlacementReview
from .selectors_attendance import WAS_IN_AP_STATUSES, attendance_by_placement, reviews_due

ENDING_SOON = dt.timedelta(weeks=4)
LIST_LIMIT = 25


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


# -- the dashboard -----------------------------------------------------------------------------


@dataclass
class Dashboard:
    today: dt.date
    pupils_in_ap: int = 0
    by_key_stage: list[tuple[str, int]] = field(default_factory=list)
    by_route: list[tuple[str, int]] = field(default_factory=list)
    by_provider: list[tuple[str, int]] = field(default_factory=list)
    waiting: list[dict] = field(default_factory=list)
    waiting_total: int = 0
    ending_soon: list[Placement] = field(default_factory=list)
    ending_soon_total: int = 0
    reviews_overdue: list = field(default_factory=list)
    reviews_overdue_total: int = 0
    reviews_due_soon_total: int = 0
    alerts_today: list[dict] = field(default_factory=list)


def dashboard(*, user, today: dt.date) -> Dashboard:
    """Pupils in AP now by key stage, route and provider; waiting lists; placements ending in the
    next four weeks; reviews overdue; today's missing-pupil alerts (issue 4, item 9). Scoped by
    `visible_to`, so a school sees its own pupils and a provider its own placements."""
    board = Dashboard(today=today)
    visible = Placement.objects.visible_to(user)
    in_ap = list(
        visible.filter(status=PlacementStatus.ACTIVE, start_date__lte=today, end_date__gte=today).values_list(
            "pupil_id", "pupil__date_of_birth", "route__name", "provider__organisation__name"
        )
    )
    key_stage_of = {pupil_id: key_stage_on(dob, today) for pupil_id, dob, _route, _provider in in_ap}
    board.pupils_in_ap = len(key_stage_of)
    stages = Counter(key_stage_of.values())
    board.by_key_stage = [(label, stages[code]) for code, label in KeyStage.choices if stages[code]]
    board.by_route = sorted(Counter(route for _p, _d, route, _v in in_ap).items(), key=lambda r: (-r[1], r[0]))
    board.by_provider = sorted(Counter(prov for _p, _d, _r, prov in in_ap).items(), key=lambda r: (-r[1], r[0]))

    board.waiting = list(
        visible.filter(status=PlacementStatus.WAITING_LIST)
        .values("provider__organisation__name", "site__name", "key_stage")
        .annotate(n=Count("id"))
        .order_by("provider__organisation__name", "site__name", "key_stage")
    )
    labels = dict(KeyStage.choices)
    for row in board.waiting:
        row["key_stage_label"] = labels.get(row["key_stage"], row["key_stage"])
    board.waiting_total = sum(row["n"] for row in board.waiting)

    ending = visible.filter(
        status__in=[PlacementStatus.ACTIVE, PlacementStatus.BOOKED],
        end_date__gte=today,
        end_date__lte=today + ENDING_SOON,
    )
    board.ending_soon_total = ending.count()
    board.ending_soon = list(
        ending.select_related("pupil", "provider__organisation", "site").order_by("end_date", "pk")[:LIST_LIMIT]
    )

    due = reviews_due(user=user, today=today)
    overdue = [d for d in due if d.overdue]
    board.reviews_overdue, board.reviews_overdue_total = overdue[:LIST_LIMIT], len(overdue)
    board.reviews_due_soon_total = len(due) - len(overdue)
    board.alerts_today = alerts_today(user=user, today=today)
    return board


def alerts_today(*, user, today: dt.date) -> list[dict]:
    """Today's missing-pupil alerts for placements the user may see, one row per pupil and session
    (however many people were alerted), with whether the session has since been marked."""
    rows = (
        AttendanceAlert.objects.filter(date=today, placement__in=Placement.objects.visible_to(user).values("pk"))
        .values(
            "placement_id",
            "session",
            "reason",
            "placement__pupil__legal_first_name",
            "placement__pupil__legal_last_name",
            "placement__provider__organisation__name",
        )
        .annotate(recipients=Count("recipient_id"))
        .order_by("session", "placement__pupil__legal_last_name", "placement_id")
    )
    reasons = dict(AttendanceAlert._meta.get_field("reason").choices)
    return [
        {
            "placement_id": row["placement_id"],
            "session": "Morning" if row["session"] == "am" else "Afternoon",
            "reason": reasons.get(row["reason"], row["reason"]),
            "pupil": f"{row['placement__pupil__legal_first_name']} {row['placement__pupil__legal_last_name']}",
            "provider": row["placement__provider__organisation__name"],
            "recipients": row["recipients"],
        }
        for row in rows
    ]


# -- the key stage snapshot --------------------------------------------------------------------


@dataclass
class SnapshotRow:
    key_stage: str
    label: str
    first: int
    first_percent: Decimal | None
    second: int
    second_percent: Decimal | None

    @property
    def change(self) -> int:
        return self.second - self.first

    @property
    def change_percent(self) -> Decimal | None:
        """Change as a share of the first date's number, as in the BCP table (none from zero)."""
        if not self.first:
            return None
        return (Decimal(self.change) * 100 / Decimal(self.first)).quantize(Decimal("1"), ROUND_HALF_UP)


@dataclass
class Snapshot:
    first_date: dt.date
    second_date: dt.date
    rows: list[SnapshotRow]
    first_total: int
    second_total: int

    @property
    def change(self) -> int:
        return self.second_total - self.first_total

    @property
    def change_percent(self) -> Decimal | None:
        if not self.first_total:
            return None
        return (Decimal(self.change) * 100 / Decimal(self.first_total)).quantize(Decimal("1"), ROUND_HALF_UP)


def pupils_in_ap_on(rows, day: dt.date) -> dict[int, str]:
    """{pupil id: key stage on `day`} for the pupils whose placement had them in AP that day."""
    found = {}
    for pupil_id, dob, start, end, ended_on in rows:
        last = min(end, ended_on) if ended_on else end
        if start <= day <= last:
            found[pupil_id] = key_stage_on(dob, day)
    return found


def key_stage_snapshot(*, user, first_date: dt.date, second_date: dt.date) -> Snapshot:
    """Pupils in AP on two dates by key stage (age on each date), with each key stage's share of the
    total and the change between the dates, like the BCP scrutiny report's table (Nov 2024, 3.3).
    Aggregate only: for LA staff and Schools Forum members of the LA (report scope). One query."""
    scope = scope_for(user)
    rows = list(
        Placement.objects.filter(
            pupil__home_la_id__in=scope.report_la_ids,
            status__in=WAS_IN_AP_STATUSES,
            start_date__lte=max(first_date, second_date),
            end_date__gte=min(first_date, second_date),
        ).values_list("pupil_id", "pupil__date_of_birth", "start_date", "end_date", "ended_on")
    )
    first = Counter(pupils_in_ap_on(rows, first_date).values())
    second = Counter(pupils_in_ap_on(rows, second_date).values())
    first_total, second_total = sum(first.values()), sum(second.values())
    return Snapshot(
        first_date=first_date,
        second_date=second_date,
        rows=[
            SnapshotRow(
                code,
                label,
                first[code],
                _percent(first[code], first_total),
                second[code],
                _percent(second[code], second_total),
            )
            for code, label in KeyStage.choices
        ],
        first_total=first_total,
        second_total=second_total,
    )


# -- the pupil timeline ------------------------------------------------------------------------


@dataclass
class TimelineEvent:
    on: dt.date
    title: str
    detail: str = ""
    url: str = ""
    order: int = 0


def _day(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def pupil_timeline(*, pupil: Pupil, user) -> list[TimelineEvent]:
    """What happened to the pupil, in date order: requests and status changes, panel decisions,
    reviews and attendance to date, for the placements the user may see. Exclusions are not yet
    recorded in the service, so they are not shown. Five queries."""
    placements = list(
        Placement.objects.visible_to(user).filter(pupil=pupil).select_related("provider__organisation", "site")
    )
    by_id = {p.pk: p for p in placements}
    events: list[TimelineEvent] = []
    changes = StatusChange.objects.filter(placement_id__in=by_id).order_by("at", "pk")
    for change in changes:
        placement = by_id[change.placement_id]
        title = (
            f"Placement requested at {placement.provider.name}"
            if not change.from_status
            else f"{change.get_to_status_display()}: {placement.provider.name}"
        )
        events.append(
            TimelineEvent(
                _day(change.at), title, change.note, reverse("placements:placement-detail", args=[placement.pk]), 1
            )
        )
    decisions = PanelDecision.objects.filter(placement_id__in=by_id)
    for decision in decisions:
        events.append(
            TimelineEvent(
                decision.decision_date,
                f"Panel decision: {decision.get_decision_display().lower()}",
                decision.reasons,
                reverse("placements:placement-detail", args=[decision.placement_id]),
                2,
            )
        )
    for review in PlacementReview.objects.visible_to(user).filter(placement_id__in=by_id):
        percent = f"; attendance {review.attendance_percent}%" if review.attendance_percent is not None else ""
        events.append(
            TimelineEvent(
                review.review_date,
                f"Review: {review.get_decision_display().lower()}",
                f"At {by_id[review.placement_id].provider.name}{percent}",
                reverse("placements:review-detail", args=[review.pk]),
                3,
            )
        )
    stats = attendance_by_placement(list(by_id))
    for placement in placements:
        summary = stats.get(placement.pk)
        if summary and summary.possible:
            flag = " – persistent absence" if summary.persistent_absence else ""
            events.append(
                TimelineEvent(
                    min(_day(placement.ended_on or placement.end_date), timezone.localdate()),
                    f"Attendance at {placement.provider.name}: {summary.percent}%{flag}",
                    f"{summary.attended} of {summary.possible} possible sessions attended (present or late)",
                    reverse("placements:attendance-placement", args=[placement.pk]),
                    4,
                )
            )
    events.sort(key=lambda e: (e.on, e.order))
    return events
