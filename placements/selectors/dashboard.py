"""The officer dashboard: pupils in AP, placements ending soon, reviews and today's attendance alerts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from apcommission.core.education import key_stage_on
from apcommission.core.models import KeyStage

from ..models import Placement, PlacementStatus
from ..models.attendance import AttendanceAlert
from .reviews import reviews_due

ENDING_SOON = dt.timedelta(weeks=4)


LIST_LIMIT = 25


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
