"""Reading the statutory deadlines: a pupil's, each user's task list, and the day-6 figures."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Generator
from dataclasses import dataclass, field
from html import escape

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from apcommission.core.addresses import address_of
from apcommission.core.calendars import calendar_for
from apcommission.core.compiled import answered, compiled_rows, rows_request
from apcommission.core.figures import percent, short_date_with_day
from apcommission.core.models import Organisation, Role
from apcommission.core.paging import list_shape
from apcommission.core.scoping import scope_for
from apcommission.core.years import academic_year_start
from providers.models import Provider

from ..models import (
    DAY6_KINDS,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    DutyHolder,
    Placement,
    PlacementStatus,
    Pupil,
)

#: How far ahead a task list looks ("due in the next 5 school days", issue 8).
TASK_LIST_SCHOOL_DAYS = 5
TASK_LIST_LIMIT = 50


def deadline_state(deadline: Deadline, today: dt.date) -> tuple[str, str]:
    """(words, tag colour) for a deadline today: met, missed, overdue, due today, due, for information."""
    return _state(deadline.status, deadline.school_days_late, deadline.due_on, today)


def _state(status: str, school_days_late: int | None, due_on: dt.date, today: dt.date) -> tuple[str, str]:
    if status == DeadlineStatus.MET:
        return "Met", "green"
    if status == DeadlineStatus.MISSED:
        late = f", {school_days_late} school days late" if school_days_late else ""
        return f"Missed{late}", "red"
    if status == DeadlineStatus.FOR_INFORMATION:
        return "For information", "grey"
    if status == DeadlineStatus.CANCELLED:
        return "No longer needed", "grey"
    if due_on < today:
        return "Overdue", "red"
    if due_on == today:
        return "Due today", "orange"
    return "Due", "blue"


def deadline_action_url(deadline: Deadline, *, user) -> str:
    """Where the task is done: arranging a placement for an LA duty, requesting one for a school's;
    recording the review; the provider's QA review or documents."""
    scope = scope_for(user)
    officer = scope.has_role(Role.LA_OFFICER, Role.LA_MANAGER)
    if deadline.kind == DeadlineKind.PLACEMENT_REVIEW:
        return address_of("placements:review-create")(deadline.placement_id)
    if deadline.kind == DeadlineKind.REINTEGRATION:
        return address_of("placements:placement-detail")(deadline.placement_id)
    if deadline.kind == DeadlineKind.ATTENDANCE:
        # The provider (or an officer) marks the register; the school checks on its pupil.
        if officer or scope.has_role(Role.PROVIDER_USER):
            provider_id = deadline.placement.provider_id
            return reverse("placements:attendance-register", args=[provider_id, deadline.due_on.isoformat()])
        return address_of("placements:attendance-placement")(deadline.placement_id)
    if deadline.kind == DeadlineKind.QA_REVIEW:
        return address_of("providers:qa-review-add" if officer else "providers:detail")(deadline.provider_id)
    if deadline.kind == DeadlineKind.DOCUMENT_EXPIRY:
        return address_of("providers:document-add")(deadline.provider_id)
    if deadline.holder == DutyHolder.LA and officer:
        return address_of("placements:placement-create")(deadline.pupil_id)
    if deadline.holder == DutyHolder.SCHOOL and scope.has_role(Role.SCHOOL_USER):
        return address_of("placements:placement-request")(deadline.pupil_id)
    return address_of("placements:pupil-detail")(deadline.pupil_id)


#: The button to where a task is done, by kind (a duty to provide education: by its holder).
ACTION_LABELS = {
    DeadlineKind.PLACEMENT_REVIEW: "Record the review",
    DeadlineKind.REINTEGRATION: "Go to the placement",
    DeadlineKind.QA_REVIEW: "Record a QA review",
    DeadlineKind.DOCUMENT_EXPIRY: "Upload the renewed document",
    DeadlineKind.ATTENDANCE: "See the attendance",
}


def deadline_action_label(deadline: Deadline) -> str:
    if deadline.kind in ACTION_LABELS:
        return ACTION_LABELS[deadline.kind]
    return "Arrange a placement" if deadline.holder == DutyHolder.LA else "Request a placement"


@dataclass
class DeadlineRow:
    deadline: Deadline
    state: str
    colour: str
    url: str


def pupil_deadlines_queryset(*, pupil, user) -> QuerySet[Deadline]:
    """The pupil's deadlines the user may see, soonest first, but those cancelled and those of
    attendance (on the placement's attendance page)."""
    return (
        Deadline.objects.visible_to(user)
        .filter(pupil=pupil)
        .exclude(status=DeadlineStatus.CANCELLED)
        .exclude(kind=DeadlineKind.ATTENDANCE)
        .select_related("holder_organisation")
        # Not shown, and the most costly columns to read back (timestamps): the pupil page reads
        # these with every view.
        .defer(*_NOT_SHOWN)
        .order_by("due_on", "id")
    )


_NOT_SHOWN = (
    "created_on", "modified_on", "key", "pupil_sort_name", "holder_organisation__created_on",
    "holder_organisation__modified_on",
)  # fmt: skip


def pupil_deadlines(*, pupil, user, today: dt.date, deadlines: list[Deadline] | None = None) -> list[DeadlineRow]:
    """The pupil's deadlines the user may see, soonest first (one query, none when the page has
    read them already: `deadlines` from pupil_deadlines_queryset)."""
    if deadlines is None:
        deadlines = pupil_deadlines_queryset(pupil=pupil, user=user)
    return [
        DeadlineRow(d, *deadline_state(d, today), deadline_action_url(d, user=user) if d.status == "open" else "")
        for d in deadlines
    ]


def duties_of(user) -> QuerySet[Deadline]:
    """Open deadlines the user's organisations hold: the LA's for its officers and managers (and
    those of schools and providers its officers are told of), the school's for its users, the
    provider's (its documents, its QA review due, and its registers not marked by the cut-off)
    for its users. Each condition reads the deadline's own columns (a provider's are matched
    through small subqueries), so the database narrows the open deadlines before any join."""
    scope = scope_for(user)
    las = scope.orgs_with_role(Role.LA_OFFICER) | scope.orgs_with_role(Role.LA_MANAGER)
    schools = scope.orgs_with_role(Role.SCHOOL_USER)
    providers = scope.orgs_with_role(Role.PROVIDER_USER)
    held = Q(pk__in=[])
    if las:
        held |= Q(holder=DutyHolder.LA, holder_organisation_id__in=las)
        held |= Q(officers_told=True, local_authority_id__in=las)
    if schools:
        held |= Q(holder=DutyHolder.SCHOOL, holder_organisation_id__in=schools)
    if providers:
        own = Provider.objects.filter(organisation_id__in=providers).order_by().values("pk")
        # One provider's id is worked out once before the query (an organisation is at most one
        # provider), so its deadlines are found through the indexes by provider, not picked out
        # of every provider's by a filter.
        mine = {"provider_id": Subquery(own)} if len(providers) == 1 else {"provider_id__in": own}
        held |= Q(holder=DutyHolder.PROVIDER, holder_organisation_id__in=providers)
        # Their own QA review falling due (the LA's to hold, theirs to prepare for).
        held |= Q(kind=DeadlineKind.QA_REVIEW, **mine)
        # Their own register, not marked by the cut-off: alerts are raised for active placements
        # only, so the provider's active placements (a few hundred at most) are enough to look in,
        # rather than every placement it ever had. The cut-off keeps its register's provider, so
        # the provider's own are found through deadline_provider_alerts_idx, not among every
        # provider's.
        active = Placement.objects.filter(provider__in=own, status=PlacementStatus.ACTIVE).values("pk")
        register = {f"register_{name}": value for name, value in mine.items()}
        held |= Q(kind=DeadlineKind.ATTENDANCE, placement_id__in=active, **register)
    return Deadline.objects.visible_to(user).open().filter(held)


@dataclass
class TaskList:
    """Task rows are dictionaries shaped for the table (placements/exclusions/_task_table.html)."""

    overdue: list[dict] = field(default_factory=list)
    today: list[dict] = field(default_factory=list)
    soon: list[dict] = field(default_factory=list)
    overdue_count: int = 0
    horizon: dt.date | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.today or self.soon)


#: The columns a task row shows or links with.
_TASK_COLUMNS = (
    "pk",
    "kind",
    "holder",
    "due_on",
    "status",
    "detail",
    "pupil_id",
    "placement_id",
    "provider_id",
    "school_days_late",
    "is_estimated",
)


def _task_names() -> dict[str, Subquery]:
    """The names and the register a task row shows, each looked up by its id for the rows shown:
    as joins they would be made for every row the overdue count reads, and would double the
    tables the database plans the list over (the scoping joins several already): planning such a
    query cost more than running it."""
    organisations = Organisation.objects.order_by()
    pupils = Pupil.objects.order_by().filter(pk=OuterRef("pupil_id"))
    return {
        "pupil_name": Subquery(pupils.values(name=Concat("legal_first_name", Value(" "), "legal_last_name"))),
        "holder_name": Subquery(organisations.filter(pk=OuterRef("holder_organisation_id")).values("name")),
        "provider_name": Subquery(organisations.filter(provider=OuterRef("provider_id")).values("name")),
        "register_provider_id": Subquery(
            Placement.objects.order_by().filter(pk=OuterRef("placement_id")).values("provider_id")
        ),
    }


#: An id and a day no row has, to find where a register's provider and day go in its address.
_MARK, _DAY_MARK = 9_876_543_210, "0000-00-00"


class _TaskAddresses:
    """Where each task is done (deadline_action_url's rule), from addresses reversed once a list."""

    def __init__(self, user) -> None:
        scope = scope_for(user)
        self.officer = scope.has_role(Role.LA_OFFICER, Role.LA_MANAGER)
        self.provider_user = scope.has_role(Role.PROVIDER_USER)
        self.school_user = scope.has_role(Role.SCHOOL_USER)
        self.pupil = address_of("placements:pupil-detail")
        self.provider = address_of("providers:detail")
        self._names: dict = {}

    def _of(self, url_name: str):
        if url_name not in self._names:
            self._names[url_name] = address_of(url_name)
        return self._names[url_name]

    def register(self, provider_id: int, day: dt.date) -> str:
        if "register" not in self._names:
            self._names["register"] = reverse("placements:attendance-register", args=[_MARK, _DAY_MARK])
        address = self._names["register"]
        return address.replace(str(_MARK), str(provider_id)).replace(_DAY_MARK, day.isoformat())

    def action(self, row: dict) -> str:
        kind = row["kind"]
        if kind == DeadlineKind.PLACEMENT_REVIEW:
            return self._of("placements:review-create")(row["placement_id"])
        if kind == DeadlineKind.REINTEGRATION:
            return self._of("placements:placement-detail")(row["placement_id"])
        if kind == DeadlineKind.ATTENDANCE:
            if self.officer or self.provider_user:
                return self.register(row["register_provider_id"], row["due_on"])
            return self._of("placements:attendance-placement")(row["placement_id"])
        if kind == DeadlineKind.QA_REVIEW:
            return self._of("providers:qa-review-add" if self.officer else "providers:detail")(row["provider_id"])
        if kind == DeadlineKind.DOCUMENT_EXPIRY:
            return self._of("providers:document-add")(row["provider_id"])
        if row["holder"] == DutyHolder.LA and self.officer:
            return self._of("placements:placement-create")(row["pupil_id"])
        if row["holder"] == DutyHolder.SCHOOL and self.school_user:
            return self._of("placements:placement-request")(row["pupil_id"])
        return self.pupil(row["pupil_id"])


#: Each kind's label, looked up once.
_KIND_LABELS = dict(DeadlineKind.choices)


def _task_row(row: dict, *, today: dt.date, addresses: _TaskAddresses) -> dict:
    state, colour = _state(row["status"], row["school_days_late"], row["due_on"], today)
    if row["pupil_id"]:
        subject = row["pupil_name"]
        subject_url = addresses.pupil(row["pupil_id"])
    else:
        subject, subject_url = row["provider_name"], addresses.provider(row["provider_id"])
    task = {
        "kind": row["kind"],
        "due_on": row["due_on"],
        "subject": subject,
        "subject_url": subject_url,
        "kind_label": _KIND_LABELS[row["kind"]],
        "url": addresses.action(row),
        "detail": row["detail"],
        "who": "Local authority" if row["holder"] == DutyHolder.LA else row["holder_name"],
        "due": short_date_with_day(row["due_on"]),
        "is_estimated": row["is_estimated"],
        "state": state,
        "colour": colour,
    }
    task["html"] = _task_row_html(task)
    return task


def _task_row_html(task: dict) -> SafeString:
    """The row of placements/exclusions/_task_table.html, written here: the markup its template
    wrote for each row, with each value escaped as the template escaped it (50 rows of 12 template
    nodes each were most of the page's rendering)."""
    e = _escape
    kind_label = e(task["kind_label"])
    deadline = f'<a class="govuk-link" href="{e(task["url"])}">{kind_label}</a>' if task["url"] else kind_label
    estimated = (
        '<br><span class="govuk-body-s">Estimated: check the school\'s term dates</span>'
        if task["is_estimated"]
        else ""
    )
    return mark_safe(  # noqa: S308 - every value escaped above
        '\n    <tr class="govuk-table__row">\n'
        f'      <td class="govuk-table__cell"><a class="govuk-link" href="{e(task["subject_url"])}">'
        f"{e(task['subject'])}</a></td>\n"
        f'      <td class="govuk-table__cell">{deadline}<br>'
        f'<span class="govuk-body-s">{e(task["detail"])}</span></td>\n'
        f'      <td class="govuk-table__cell">{e(task["who"])}</td>\n'
        f'      <td class="govuk-table__cell">{e(task["due"])}{estimated}</td>\n'
        '      <td class="govuk-table__cell">\n'
        f'<strong class="govuk-tag govuk-tag--{e(task["colour"])}">\n'
        f"  {e(task['state'])}\n"
        "</strong>\n"
        "</td>\n"
        "    </tr>\n  "
    )


def _escape(value) -> str:
    """As the template shows a value: str() of it (None as "None"), escaped (the values are plain
    text: none is already marked safe)."""
    return escape(str(value))


def task_list(*, user, today: dt.date, limit: int = TASK_LIST_LIMIT) -> TaskList:
    """task_list_asked's list, read on its own."""
    return answered(task_list_asked(user=user, today=today, limit=limit))


def task_list_asked(*, user, today: dt.date, limit: int = TASK_LIST_LIMIT) -> Generator:
    """Overdue first, then due today, then due in the next 5 school days (weekdays less bank
    holidays: each school's own calendar decided the due days themselves). One query, however
    many are overdue: the rows shown are read in the list's order from the index of open
    deadlines by day and stop at the limit; the number overdue is a count of its own in the same
    statement (for an LA's staff from deadline_open_la_due_idx alone), as a window over the whole
    list read every row of it to show ten; the names shown are looked up for the rows shown only."""
    horizon = calendar_for().add_school_days(today, TASK_LIST_SCHOOL_DAYS)

    def build() -> QuerySet:
        duties = duties_of(user)
        # One count over every overdue duty, with no GROUP BY: grouped by a column (the status)
        # the count would have to read each row from the table, where ungrouped an LA's is
        # counted from deadline_open_la_due_idx alone (0.9 ms against 0.2 on the benchmark county).
        overdue = duties.filter(due_on__lt=today).order_by().values(one=Value(1)).annotate(n=Count("*")).values("n")
        return (
            duties.filter(due_on__lte=horizon)
            .values(*_TASK_COLUMNS)
            .annotate(**_task_names(), overdue_total=Subquery(overdue))
            .order_by("due_on", "id")[:limit]
        )

    # Built from the user's scope, the day and the limit only: compiled once per process for each,
    # with those values in its text. Its best plan depends on them: the generic plan of the status
    # as a parameter cannot use the index of open deadlines (deadline_open_due_idx), and read an
    # LA's 14,000 deadlines of every status for 50 (33 ms against 1); prepared with parameters it
    # was also planned again on every call (0.5 ms for an LA's, 1.5–2 ms for a provider's).
    # Asked for (core.compiled.answered): the home page sends it with its other panels' figures.
    (rows,) = yield [rows_request(list_shape("task list", user, today, horizon, limit), build, values_in_text=True)]
    tasks = TaskList(horizon=horizon, overdue_count=(rows[0]["overdue_total"] or 0) if rows else 0)
    addresses = _TaskAddresses(user)
    for row in rows:
        task = _task_row(row, today=today, addresses=addresses)
        if row["due_on"] < today:
            tasks.overdue.append(task)
        elif row["due_on"] == today:
            tasks.today.append(task)
        else:
            tasks.soon.append(task)
    return tasks


@dataclass(frozen=True)
class DutyCounts:
    met: int
    missed: int
    due: int

    @property
    def decided(self) -> int:
        return self.met + self.missed

    @property
    def percent_met(self):
        return percent(self.met, self.decided)


@dataclass(frozen=True)
class Day6Figures:
    """Day-6 duties whose sixth day fell in a period: met, missed (late, none by the end of a
    suspension, or still overdue), and due (the day has not come yet). The percentage is of those
    whose day has come: met / (met + missed)."""

    total: DutyCounts
    by_kind: dict[str, DutyCounts]
    by_holder: dict[str, DutyCounts]
    median_school_days_to_provision: float | None

    @property
    def percent_met(self):
        return self.total.percent_met

    def as_json(self) -> dict:
        """The figures as JSON keeps them (placements.LocalAuthorityFigures); `from_json` reads them."""

        def counts(found: dict[str, DutyCounts]) -> list:
            return [[label, [c.met, c.missed, c.due]] for label, c in found.items()]

        total = self.total
        return {
            "total": [total.met, total.missed, total.due],
            "by_kind": counts(self.by_kind),
            "by_holder": counts(self.by_holder),
            "median": self.median_school_days_to_provision,
        }

    @classmethod
    def from_json(cls, stored: dict) -> Day6Figures:
        return cls(
            total=DutyCounts(*stored["total"]),
            by_kind={label: DutyCounts(*c) for label, c in stored["by_kind"]},
            by_holder={label: DutyCounts(*c) for label, c in stored["by_holder"]},
            median_school_days_to_provision=stored["median"],
        )


def day6_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The academic year of `today`, as the dashboard's day-6 figures count it."""
    year = academic_year_start(today)
    return dt.date(year, 9, 1), dt.date(year + 1, 8, 31)


def day6_duties_met(
    *, local_authority_id: int, start: dt.date, end: dt.date, today: dt.date, median: bool = True
) -> Day6Figures:
    """Statutory duties met (day-6 %) for an LA and a period, by route and by who holds the duty
    (DfE exclusions guidance: full-time education from the sixth school day). Two queries; one
    without the median."""
    deadlines = Deadline.objects.filter(
        local_authority_id=local_authority_id, kind__in=DAY6_KINDS, due_on__range=(start, end)
    ).exclude(status=DeadlineStatus.CANCELLED)
    missed = Q(status=DeadlineStatus.MISSED) | Q(status=DeadlineStatus.OPEN, due_on__lt=today)
    # Both queries compiled once a process for the LA, the period and the day (core.compiled).
    key = (local_authority_id, start, end, today)
    rows = compiled_rows(
        ("day6_counts", *key),
        lambda: (
            deadlines.values("kind", "holder")
            .annotate(
                met=Count("pk", filter=Q(status=DeadlineStatus.MET)),
                missed=Count("pk", filter=missed),
                due=Count("pk", filter=Q(status=DeadlineStatus.OPEN, due_on__gte=today)),
            )
            .order_by()
        ),
    )
    by_kind: dict[str, list[int]] = {k: [0, 0, 0] for k in DAY6_KINDS}
    by_holder: dict[str, list[int]] = {h: [0, 0, 0] for h in DutyHolder.values}
    for row in rows:
        for target in (by_kind[row["kind"]], by_holder[row["holder"]]):
            target[0] += row["met"]
            target[1] += row["missed"]
            target[2] += row["due"]
    total = [sum(values[i] for values in by_kind.values()) for i in range(3)]
    days = (
        [
            row["provision_school_day"]
            for row in compiled_rows(
                ("day6_days", *key),
                lambda: deadlines.filter(provision_school_day__isnull=False).values("provision_school_day"),
            )
        ]
        if median
        else []
    )
    return Day6Figures(
        total=DutyCounts(*total),
        by_kind={DeadlineKind(k).label: DutyCounts(*v) for k, v in by_kind.items()},
        by_holder={DutyHolder(h).label: DutyCounts(*v) for h, v in by_holder.items()},
        median_school_days_to_provision=statistics.median(days) if days else None,
    )
