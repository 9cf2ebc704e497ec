"""The officer dashboard: pupils in AP, placements ending soon, reviews and today's attendance alerts.

For LA staff the tiles (counts over the LA's placements) come from the maintained
LocalAuthorityFigures (docs/adr/0005) and the page says when they were counted; schools and
providers see their own, counted for the page (bounded by their own size). The lists show the
first TOP_N or LIST_LIMIT rows and link to the full lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import Right

from apcommission.core.models import KeyStage
from apcommission.core.scoping import scope_for, single_local_authority

from ..models import Deadline, DeadlineKind, DeadlineStatus, LocalAuthorityFigures, Placement, PlacementStatus
from ..querysets import placement_scope_filter
from .reviews import ReviewDue, review_due_items, reviews_due_queryset
from .snapshot import pupils_in_ap_by_key_stage

ENDING_SOON = dt.timedelta(weeks=4)
#: Rows of each list on the dashboard (each links to its full list).
LIST_LIMIT = 10
#: Rows of each "by route / provider / waiting list" table.
TOP_N = 10


@dataclass
class Dashboard:
    today: dt.date
    #: When the tiles were counted (the LA's maintained figures); None when counted for this page.
    as_of: dt.datetime | None = None
    pupils_in_ap: int = 0
    by_key_stage: list[tuple[str, int]] = field(default_factory=list)
    by_route: list[tuple[str, int]] = field(default_factory=list)
    by_provider: list[tuple[str, int]] = field(default_factory=list)
    providers_total: int = 0
    waiting: list[dict] = field(default_factory=list)
    waiting_lists_total: int = 0
    waiting_total: int = 0
    ending_soon: list[Placement] = field(default_factory=list)
    ending_soon_total: int = 0
    reviews_overdue: list[ReviewDue] = field(default_factory=list)
    reviews_overdue_total: int = 0
    reviews_due_soon_total: int = 0
    alerts_today: list[dict] = field(default_factory=list)
    alerts_today_total: int = 0


#: The tiles (Dashboard fields) the LA's maintained figures hold.
TILES = (
    "pupils_in_ap",
    "by_key_stage",
    "by_route",
    "by_provider",
    "providers_total",
    "waiting",
    "waiting_lists_total",
    "waiting_total",
    "ending_soon_total",
    "reviews_overdue_total",
    "reviews_due_soon_total",
)


def dashboard_tiles(*, placements: QuerySet, today: dt.date) -> dict:
    """The dashboard's counts over `placements` (what one user, or one LA, may see): pupils in AP
    now by key stage, route and provider; waiting lists; placements ending in the next four weeks;
    reviews overdue and due soon. Every count is a GROUP BY or COUNT in the database (eight queries)."""
    in_ap = placements.filter(status=PlacementStatus.ACTIVE, start_date__lte=today, end_date__gte=today)
    stages = pupils_in_ap_by_key_stage(placements=in_ap, day=today)
    by_route = in_ap.values("route__name").annotate(n=Count("id")).order_by("-n", "route__name")
    by_provider = in_ap.values("provider__organisation__name").annotate(n=Count("id"))
    waiting = (
        placements.filter(status=PlacementStatus.WAITING_LIST)
        .values("provider__organisation__name", "site__name", "key_stage")
        .annotate(n=Count("id"))
    )
    labels = dict(KeyStage.choices)
    waiting_top = list(waiting.order_by("-n", "provider__organisation__name", "site__name", "key_stage")[:TOP_N])
    for row in waiting_top:
        row["key_stage_label"] = labels.get(row["key_stage"], row["key_stage"])
    due = reviews_due_queryset(placements=placements, today=today)
    return {
        "pupils_in_ap": sum(stages.values()),
        "by_key_stage": [(label, stages[code]) for code, label in KeyStage.choices if stages[code]],
        "by_route": [(row["route__name"], row["n"]) for row in by_route],
        "by_provider": [
            (row["provider__organisation__name"], row["n"])
            for row in by_provider.order_by("-n", "provider__organisation__name")[:TOP_N]
        ],
        "providers_total": by_provider.count(),
        "waiting": waiting_top,
        "waiting_lists_total": waiting.count(),
        "waiting_total": placements.filter(status=PlacementStatus.WAITING_LIST).count(),
        "ending_soon_total": _ending_soon(placements, today).count(),
        "reviews_overdue_total": due.filter(review_due_by__lt=today).count(),
        "reviews_due_soon_total": due.filter(review_due_by__gte=today).count(),
    }


def _ending_soon(placements: QuerySet, today: dt.date) -> QuerySet:
    return placements.filter(
        status__in=[PlacementStatus.ACTIVE, PlacementStatus.BOOKED],
        end_date__gte=today,
        end_date__lte=today + ENDING_SOON,
    )


def _stored_tiles(la_id: int, today: dt.date) -> tuple[dict, dt.datetime] | None:
    row = LocalAuthorityFigures.objects.filter(local_authority_id=la_id, on=today).first()
    return (row.figures, row.as_of) if row is not None else None


def dashboard(*, user, today: dt.date) -> Dashboard:
    """The dashboard for what the user may see (`visible_to`: a school its own pupils, a provider its
    own placements). One LA's staff read the LA's maintained tiles when counted today; everyone
    else's are counted for the page. The lists (first rows of each) are read for the page."""
    board = Dashboard(today=today)
    visible = Placement.objects.visible_to(user)
    la_id = single_local_authority(scope_for(user))
    stored = _stored_tiles(la_id, today) if la_id is not None else None
    tiles, board.as_of = stored if stored else (dashboard_tiles(placements=visible, today=today), None)
    for name in TILES:
        value = tiles.get(name)
        if isinstance(value, list):  # stored as JSON: (label, n) pairs come back as lists
            value = [tuple(item) if isinstance(item, list) else item for item in value]
        setattr(board, name, value)
    board.ending_soon = list(
        _ending_soon(visible, today)
        .select_related("pupil", "provider__organisation", "site")
        .order_by("end_date", "pk")[:LIST_LIMIT]
    )
    overdue = reviews_due_queryset(placements=visible, today=today).filter(review_due_by__lt=today)
    board.reviews_overdue = review_due_items(overdue[:LIST_LIMIT], today=today)
    board.alerts_today, board.alerts_today_total = alerts_today(user=user, today=today, limit=LIST_LIMIT)
    return board


def alerts_today(*, user, today: dt.date, limit: int | None = None) -> tuple[list[dict], int]:
    """Today's missing-pupil alerts (attendance cut-offs passed) for placements the user may see,
    one row per pupil and session (however many people were alerted), with whether the session has
    since been marked: the first `limit` rows and how many there are (two queries)."""
    # Scoped through the deadline's own placement (placement_scope_filter), so the database starts
    # from today's cut-offs (an index on kind and day) rather than from every placement.
    condition = placement_scope_filter(scope_for(user), via="placement__")
    if condition is None:
        return [], 0
    rows = (
        Deadline.objects.filter(condition, kind=DeadlineKind.ATTENDANCE, due_on=today)
        .annotate(session=Right("key", 2))
        .values(
            "placement_id",
            "session",
            "detail",
            "status",
            "placement__pupil__legal_first_name",
            "placement__pupil__legal_last_name",
            "placement__provider__organisation__name",
        )
        .annotate(recipients=Count("reminders"))
        .order_by("session", "placement__pupil__legal_last_name", "placement_id")
    )
    total = rows.count()
    shown = [
        {
            "placement_id": row["placement_id"],
            "session": "Morning" if row["session"] == "am" else "Afternoon",
            "reason": row["detail"],
            "marked_since": row["status"] == DeadlineStatus.MET,
            "pupil": f"{row['placement__pupil__legal_first_name']} {row['placement__pupil__legal_last_name']}",
            "provider": row["placement__provider__organisation__name"],
            "recipients": row["recipients"],
        }
        for row in (rows[:limit] if limit is not None else rows)
    ]
    return shown, total
