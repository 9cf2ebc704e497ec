"""The officer dashboard: pupils in AP, placements ending soon, reviews and today's attendance alerts.

For LA staff the tiles (counts over the LA's placements) come from the maintained
LocalAuthorityFigures (docs/adr/0005), for a school's or a provider's users from its own
OrganisationFigures, and the page says when they were counted; anyone acting for several
organisations sees theirs counted for the page. The lists show the
first TOP_N or LIST_LIMIT rows and link to the full lists."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Right

from apcommission.core.addresses import address_of
from apcommission.core.compiled import answered, gathered, rows_request, scope_key
from apcommission.core.models import KeyStage, Role
from apcommission.core.scoping import scope_for, single_local_authority
from providers.models import Provider

from ..models import (
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    LocalAuthorityFigures,
    OrganisationFigures,
    Placement,
    PlacementStatus,
)
from ..querysets import placement_scope_filter
from .deadlines import Day6Figures
from .reviews import DUE_WITHIN_DAYS
from .snapshot import pupils_in_ap_by_key_stage, pupils_in_ap_by_key_stage_by

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
    #: The first placements ending soon: {pk, url, pupil, provider, site, end_date} (names as shown).
    ending_soon: list[dict] = field(default_factory=list)
    ending_soon_total: int = 0
    #: The most overdue reviews: {pk (the placement's), url (its reviews), pupil, provider, due_by}.
    reviews_overdue: list[dict] = field(default_factory=list)
    reviews_overdue_total: int = 0
    reviews_due_soon_total: int = 0
    alerts_today: list[dict] = field(default_factory=list)
    alerts_today_total: int = 0
    #: The LA's day-6 figures for the academic year, when read with its maintained tiles.
    day6: Day6Figures | None = None


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


def _in_ap(placements: QuerySet, today: dt.date) -> QuerySet:
    return placements.filter(status=PlacementStatus.ACTIVE, start_date__lte=today, end_date__gte=today)


def _counted(placements: QuerySet) -> QuerySet:
    """The placements the totals count over (waiting, ending soon, reviews)."""
    return placements.filter(status__in=[PlacementStatus.ACTIVE, PlacementStatus.BOOKED, PlacementStatus.WAITING_LIST])


def _totals(today: dt.date) -> dict:
    """The totals, each a conditional count over `_counted` placements."""
    due_soon = today + dt.timedelta(days=DUE_WITHIN_DAYS)
    return {
        "waiting_total": Count("id", filter=Q(status=PlacementStatus.WAITING_LIST)),
        "ending_soon_total": Count(
            "id",
            filter=Q(
                status__in=[PlacementStatus.ACTIVE, PlacementStatus.BOOKED],
                end_date__gte=today,
                end_date__lte=today + ENDING_SOON,
            ),
        ),
        "reviews_overdue_total": Count("id", filter=Q(status=PlacementStatus.ACTIVE, review_due_by__lt=today)),
        "reviews_due_soon_total": Count(
            "id", filter=Q(status=PlacementStatus.ACTIVE, review_due_by__gte=today, review_due_by__lte=due_soon)
        ),
    }


#: Each top 10's columns and order (the shown name, then the number).
_PROVIDER_COLUMNS = ("provider__organisation__name",)
_WAITING_COLUMNS = ("provider__organisation__name", "site__name", "key_stage")


def _top_providers(in_ap: QuerySet, *groups: str) -> QuerySet:
    return in_ap.values(*groups, *_PROVIDER_COLUMNS).annotate(n=Count("id")).order_by(*groups, "-n", *_PROVIDER_COLUMNS)


def _waiting_lists(placements: QuerySet, *groups: str) -> QuerySet:
    return (
        placements.filter(status=PlacementStatus.WAITING_LIST)
        .values(*groups, *_WAITING_COLUMNS)
        .annotate(n=Count("id"))
        .order_by(*groups, "-n", *_WAITING_COLUMNS)
    )


def _by_route(in_ap: QuerySet, *groups: str) -> QuerySet:
    return in_ap.values(*groups, "route__name").annotate(n=Count("id")).order_by(*groups, "-n", "route__name")


def _tiles_of(stages, by_route, totals: dict, by_provider: bool, providers=(), providers_total=0, waiting=(),
              waiting_lists_total=0) -> dict:  # fmt: skip
    """The tiles from what was counted (one definition, whether counted for one user or per group)."""
    tiles = {
        "pupils_in_ap": sum(stages.values()),
        "by_key_stage": [(label, stages[code]) for code, label in KeyStage.choices if stages[code]],
        "by_route": [(row["route__name"], row["n"]) for row in by_route],
        **{name: totals.get(name, 0) for name in _TOTALS},
    }
    if by_provider:
        labels = dict(KeyStage.choices)
        tiles.update(
            {
                "by_provider": [(row["provider__organisation__name"], row["n"]) for row in providers],
                "providers_total": providers_total,
                "waiting": [
                    {
                        "provider__organisation__name": row["provider__organisation__name"],
                        "site__name": row["site__name"],
                        "key_stage": row["key_stage"],
                        "n": row["n"],
                        "key_stage_label": labels.get(row["key_stage"], row["key_stage"]),
                    }
                    for row in waiting
                ],
                "waiting_lists_total": waiting_lists_total,
            }
        )
    return tiles


_TOTALS = ("waiting_total", "ending_soon_total", "reviews_overdue_total", "reviews_due_soon_total")


def dashboard_tiles(*, placements: QuerySet, today: dt.date, by_provider: bool = True) -> dict:
    """The dashboard's counts over `placements` (what one user, or one LA, may see): pupils in AP
    now by key stage, route and provider; waiting lists; placements ending in the next four weeks;
    reviews overdue and due soon. Every count is a GROUP BY or COUNT in the database: five queries
    (the totals in one, each top 10 with how many groups there are), three without `by_provider`
    (the tiles by provider and the waiting lists, which a provider's own dashboard does not show)."""
    in_ap = _in_ap(placements, today)
    stages = pupils_in_ap_by_key_stage(placements=in_ap, day=today)
    totals = _counted(placements).aggregate(**_totals(today))
    if not by_provider:
        return _tiles_of(stages, _by_route(in_ap), totals, by_provider)
    # How many providers and waiting lists there are: a window count over the groups.
    groups = Window(Count("*"))
    providers = list(_top_providers(in_ap).annotate(groups=groups)[:TOP_N])
    waiting = list(_waiting_lists(placements).annotate(groups=groups)[:TOP_N])
    return _tiles_of(
        stages, _by_route(in_ap), totals, by_provider, providers, providers[0]["groups"] if providers else 0,
        waiting, waiting[0]["groups"] if waiting else 0,
    )  # fmt: skip


def dashboard_tiles_by(*, placements: QuerySet, today: dt.date, group: str, by_provider: bool = True) -> dict:
    """`dashboard_tiles` for each value of `group` among `placements` (a school's organisation, a
    provider's): {group value: tiles}, from the same grouped queries with the group added (five,
    three without `by_provider`), however many groups. Groups with no placements are left out."""
    in_ap = _in_ap(placements, today)
    stages = pupils_in_ap_by_key_stage_by(placements=in_ap, day=today, group=group)
    totals = {row[group]: row for row in _counted(placements).values(group).annotate(**_totals(today)).order_by()}
    routes = _grouped(_by_route(in_ap, group), group)
    providers = _grouped(_top_providers(in_ap, group), group) if by_provider else {}
    waiting = _grouped(_waiting_lists(placements, group), group) if by_provider else {}
    tiles = {}
    for key in {*stages, *totals, *routes, *providers, *waiting}:
        shown_providers, shown_waiting = providers.get(key, []), waiting.get(key, [])
        tiles[key] = _tiles_of(
            stages.get(key, Counter()), routes.get(key, []), totals.get(key, {}), by_provider,
            shown_providers[:TOP_N], len(shown_providers), shown_waiting[:TOP_N], len(shown_waiting),
        )  # fmt: skip
    return tiles


def _grouped(rows: QuerySet, group: str) -> dict[object, list[dict]]:
    """Rows ordered by group, then as shown: {group value: its rows in order}."""
    found: dict[object, list[dict]] = {}
    for row in rows:
        found.setdefault(row[group], []).append(row)
    return found


#: What a school's and a provider's own tiles are grouped by (OrganisationFigures.seen_as): the
#: organisation whose users see them (placements_scope_filter's rule for each).
OWN_TILES_GROUP = {"school": "pupil__home_school__organisation_id", "provider": "provider__organisation_id"}


def _stored_tiles_asked(scope, today: dt.date) -> Generator:
    """The maintained tiles answering for exactly this scope, when counted today: one LA's staff
    read the LA's; a school's or a provider's users (acting for that one organisation and nothing
    else) read its own. Anyone else is counted for the page. The query is compiled once a process
    for the row and the day (core.compiled), and asked for (core.compiled.answered): the
    dashboard sends it with its lists. None when there are none."""
    la_id = single_local_authority(scope)
    if la_id is not None:
        key = ("la", la_id)
    elif not scope.la_ids and len(scope.school_ids) == 1 and not scope.provider_ids:
        key = ("school", next(iter(scope.school_ids)))
    elif not scope.la_ids and len(scope.provider_ids) == 1 and not scope.school_ids:
        key = ("provider", next(iter(scope.provider_ids)))
    else:
        return None

    def build() -> QuerySet:
        if key[0] == "la":
            rows = LocalAuthorityFigures.objects.filter(local_authority_id=key[1])
        else:
            rows = OrganisationFigures.objects.filter(organisation_id=key[1], seen_as=key[0])
        return rows.filter(on=today).order_by("pk").values("figures", "as_of")[:1]

    (rows,) = yield [rows_request(("dashboard_tiles", key, today), build)]
    return (rows[0]["figures"], rows[0]["as_of"]) if rows else None


#: What the dashboard's lists show of a placement, read as plain rows (no model objects).
_ROW = {
    "first_name": F("pupil__legal_first_name"),
    "last_name": F("pupil__legal_last_name"),
    "provider_name": F("provider__organisation__name"),
}


def _ending_soon_asked(visible: Callable[[], QuerySet], today: dt.date, key: tuple) -> Generator:
    """The first placements ending in the next four weeks, soonest first (asked for, as
    _stored_tiles_asked)."""
    (rows,) = yield [
        rows_request(
            ("dashboard_ending_soon", key, today),
            lambda: (
                visible()
                .filter(
                    status__in=[PlacementStatus.ACTIVE, PlacementStatus.BOOKED],
                    end_date__gte=today,
                    end_date__lte=today + ENDING_SOON,
                )
                .order_by("end_date", "pk")
                .values("pk", "end_date", site_name=F("site__name"), **_ROW)[:LIST_LIMIT]
            ),
            # Read in order from placement_ending_idx (or the provider's), which PostgreSQL picks for
            # the weeks' own dates: prepared with parameters it planned it again on every call.
            values_in_text=True,
        )
    ]
    address = address_of("placements:placement-detail")
    return [
        {
            "pk": row["pk"],
            "url": address(row["pk"]),
            "pupil": f"{row['first_name']} {row['last_name']}",
            "provider": row["provider_name"],
            "site": row["site_name"],
            "end_date": row["end_date"],
        }
        for row in rows
    ]


def _reviews_overdue_asked(visible: Callable[[], QuerySet], today: dt.date, key: tuple) -> Generator:
    """The most overdue reviews first (the reviews-due list's order), through the index of due dates
    (asked for, as _stored_tiles_asked)."""
    (rows,) = yield [
        rows_request(
            ("dashboard_reviews_overdue", key, today),
            lambda: (
                visible()
                .filter(status=PlacementStatus.ACTIVE, review_due_by__lt=today)
                .order_by("review_due_by", "pk")
                .values("pk", "review_due_by", **_ROW)[:LIST_LIMIT]
            ),
            # Prepared with parameters it was planned again on every call (0.5–0.9 ms).
            values_in_text=True,
        )
    ]
    address = address_of("placements:review-list")
    return [
        {
            "pk": row["pk"],
            "url": address(row["pk"]),
            "pupil": f"{row['first_name']} {row['last_name']}",
            "provider": row["provider_name"],
            "due_by": row["review_due_by"],
        }
        for row in rows
    ]


def dashboard(*, user, today: dt.date) -> Dashboard:
    """The dashboard for what the user may see (`visible_to`: a school its own pupils, a provider its
    own placements). One LA's staff read the LA's maintained tiles, one school's or provider's
    users its own (`_stored_tiles_asked`), when counted today; everyone else's are counted for the page
    (without the tiles by provider and the waiting lists, which a provider's dashboard does not
    show). The lists (first rows of each) are read for the page."""
    board = Dashboard(today=today)
    scope = scope_for(user)

    def visible() -> QuerySet:  # made only when a query is compiled or the tiles are counted
        return Placement.objects.visible_to(user)

    # The stored tiles and the lists' first rows, sent together: the page waits for the database
    # once. Their SQL is compiled once a process for the scope and the day (core.compiled).
    stored, board.ending_soon, board.reviews_overdue, (board.alerts_today, board.alerts_today_total) = answered(
        gathered(
            _stored_tiles_asked(scope, today),
            _ending_soon_asked(visible, today, scope_key(scope)),
            _reviews_overdue_asked(visible, today, scope_key(scope)),
            alerts_today_asked(user=user, today=today, limit=LIST_LIMIT),
        )
    )
    if stored:
        tiles, board.as_of = stored
        if "day6" in tiles:
            board.day6 = Day6Figures.from_json(tiles["day6"])
    else:
        by_provider = scope.is_la_staff or not scope.has_role(Role.PROVIDER_USER)
        tiles = dashboard_tiles(placements=visible(), today=today, by_provider=by_provider)
    for name in TILES:
        if name not in tiles:
            continue
        value = tiles[name]
        if isinstance(value, list):  # stored as JSON: (label, n) pairs come back as lists
            value = [tuple(item) if isinstance(item, list) else item for item in value]
        setattr(board, name, value)
    return board


def alerts_today(*, user, today: dt.date, limit: int | None = None) -> tuple[list[dict], int]:
    """alerts_today_asked's alerts, read on their own."""
    return answered(alerts_today_asked(user=user, today=today, limit=limit))


def alerts_today_asked(*, user, today: dt.date, limit: int | None = None) -> Generator:
    """Today's missing-pupil alerts (attendance cut-offs passed) for placements the user may see,
    one row per pupil and session (one deadline each, however many people were alerted), with
    whether the session has since been marked: the first `limit` rows and how many there are (one
    query)."""
    # Scoped through the deadline's own placement (placement_scope_filter), as every page is.
    scope = scope_for(user)
    condition = placement_scope_filter(scope, via="placement__")
    if condition is None:
        return [], 0
    la_id = single_local_authority(scope)

    def build() -> QuerySet:
        cut_offs = Deadline.objects.filter(kind=DeadlineKind.ATTENDANCE, due_on=today)
        if la_id is not None:
            # One LA's staff: its cut-offs (the pupil's home LA, kept on the row) are read from
            # deadline_la_alerts_idx in the list's order, so only the rows shown are joined and
            # checked, and counted from that index alone.
            mine = cut_offs.filter(local_authority_id=la_id)
            rows = mine.filter(condition).annotate(total=_count_of(mine))
        elif scope.provider_ids and not (scope.la_ids or scope.school_ids):
            # A provider's users: its own registers' cut-offs (kept on the row, an index of their
            # own), not every one of today's joined to its placement to find the provider's.
            own = Provider.objects.filter(organisation_id__in=scope.provider_ids).order_by().values("pk")
            rows = cut_offs.filter(condition, register_provider_id__in=own).annotate(total=Window(Count("*")))
        else:
            rows = cut_offs.filter(condition).annotate(total=Window(Count("*")))
        query = (
            rows.annotate(session=Right("key", 2))
            .values(
                "placement_id",
                "session",
                "detail",
                "status",
                "total",
                first_name=F("placement__pupil__legal_first_name"),
                last_name=F("placement__pupil__legal_last_name"),
                # A subquery, so the database looks the name up for the rows shown only.
                provider_name=Subquery(
                    Provider.objects.filter(pk=OuterRef("placement__provider_id"))
                    .order_by()
                    .values("organisation__name")
                ),
            )
            .order_by("session", "pupil_sort_name", "placement_id")
        )
        return query[:limit] if limit is not None else query

    # Compiled once a process for the scope, the day and the limit (compiled.compiled_rows), with
    # those values written in: a plan for any scope and day was 5–13 ms against 2–3, and planning
    # it for them on every call cost 0.7–1 ms a request; written in, it is planned once a connection.
    # Asked for (core.compiled.answered): the dashboard sends it with its other lists.
    (rows,) = yield [rows_request(("alerts_today", scope_key(scope), today, limit), build, values_in_text=True)]
    address = address_of("placements:attendance-placement")
    shown = [
        {
            "placement_id": row["placement_id"],
            "url": address(row["placement_id"]),
            "session": "Morning" if row["session"] == "am" else "Afternoon",
            "reason": row["detail"],
            "marked_since": row["status"] == DeadlineStatus.MET,
            "pupil": f"{row['first_name']} {row['last_name']}",
            "provider": row["provider_name"],
        }
        for row in rows
    ]
    return shown, rows[0]["total"] if rows else 0


def _count_of(rows: QuerySet) -> Subquery:
    """How many `rows` there are, as a scalar subquery."""
    return Subquery(rows.order_by().values("kind").annotate(n=Count("*")).values("n"))
