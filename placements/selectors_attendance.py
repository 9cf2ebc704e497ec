"""Reads for reviews and the daily register: school calendars for many pupils at once, the review
schedule, attendance percentages and persistent absence, and who is on a provider's register."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Q, QuerySet

from apcommission.core.calendars import HalfTerm, SchoolCalendar
from apcommission.core.education import academic_year_start
from apcommission.core.models import ClosureDay, Role, TermDate
from apcommission.core.scoping import scope_for

from . import conf
from .models import Placement, PlacementStatus
from .models.attendance import ATTENDED_MARKS, AttendanceMark, Mark

#: A half term is about six weeks: the review interval used where no term dates were entered.
ESTIMATED_HALF_TERM = dt.timedelta(weeks=6)
ONE_DAY = dt.timedelta(days=1)
#: Placements whose pupils were in AP on some day: the register, snapshots and the timeline.
WAS_IN_AP_STATUSES = (PlacementStatus.ACTIVE, PlacementStatus.ENDED, PlacementStatus.BROKEN_DOWN)

CalendarKey = tuple[int | None, int]  # (home school id or None, LA id whose term pattern applies)


# -- school calendars for many pupils, in two queries ------------------------------------------


def calendar_key(placement: Placement) -> CalendarKey:
    """Which calendar applies to a placement's pupil: the home school's (with its own LA's
    pattern behind it), else the home LA's. Needs pupil__home_school__organisation loaded."""
    school = placement.pupil.home_school
    if school is not None:
        return school.pk, school.organisation.local_authority_id
    return None, placement.pupil.home_la_id


def calendars_for(keys: set[CalendarKey]) -> dict[CalendarKey, SchoolCalendar]:
    """The same calendars as apcommission.core.calendars.calendar_for, for many schools at once
    with two queries (the dashboard and the alert sweep must not grow with the number of schools)."""
    if not keys:
        return {}
    school_ids = {school for school, _ in keys if school is not None}
    la_ids = {la for _, la in keys}
    rows = Q(school__isnull=True, local_authority_id__in=la_ids) | Q(school_id__in=school_ids)
    la_terms: dict[int, dict[int, list[HalfTerm]]] = defaultdict(lambda: defaultdict(list))
    school_terms: dict[int, dict[int, list[HalfTerm]]] = defaultdict(lambda: defaultdict(list))
    for row in TermDate.objects.filter(rows).values(
        "school_id", "local_authority_id", "academic_year", "kind", "first_day", "last_day"
    ):
        term = HalfTerm(row["first_day"], row["last_day"], row["kind"])
        if row["school_id"] is None:
            la_terms[row["local_authority_id"]][row["academic_year"]].append(term)
        else:
            school_terms[row["school_id"]][row["academic_year"]].append(term)
    la_closures: dict[int, dict[dt.date, bool]] = defaultdict(dict)
    school_closures: dict[int, dict[dt.date, bool]] = defaultdict(dict)
    closures = ClosureDay.objects.filter(rows)
    for row in closures.values("school_id", "local_authority_id", "date", "counts_as_school_day"):
        if row["school_id"] is None:
            la_closures[row["local_authority_id"]][row["date"]] = row["counts_as_school_day"]
        else:
            school_closures[row["school_id"]][row["date"]] = row["counts_as_school_day"]

    def ordered(terms: dict[int, list[HalfTerm]]) -> dict[int, list[HalfTerm]]:
        return {year: sorted(halves, key=lambda t: t.first_day) for year, halves in terms.items()}

    return {
        (school, la): SchoolCalendar(
            la_terms=ordered(la_terms.get(la, {})),
            school_terms=ordered(school_terms.get(school, {})) if school is not None else {},
            la_closures=dict(la_closures.get(la, {})),
            school_closures=dict(school_closures.get(school, {})) if school is not None else {},
        )
        for school, la in keys
    }


# -- the review schedule -----------------------------------------------------------------------


def _half_term_containing(calendar: SchoolCalendar, day: dt.date) -> HalfTerm | None:
    for term in calendar.terms_in(academic_year_start(day)) or []:
        if term.first_day <= day <= term.last_day:
            return term
    return None


def next_review_due(*, calendar: SchoolCalendar, start_date: dt.date, last_review: dt.date | None) -> dt.date:
    """When the next review is due (DfE, *Arranging alternative provision*, 2025: "at least
    half-termly"). By default: the first review by the end of the half term running when the
    placement has settled (placements.conf), then one in every following half term. With an
    interval in days (PLACEMENTS_REVIEW_INTERVAL), that many days after the last review or the start.
    Where no term dates were entered, six weeks stands in for a half term."""
    interval = conf.review_interval()
    basis = last_review or start_date
    if interval != conf.HALF_TERM:
        return basis + dt.timedelta(days=int(interval))
    if last_review is None:
        due = calendar.half_term_end_on_or_after(start_date + dt.timedelta(days=conf.first_review_settling_days()))
    else:
        current = _half_term_containing(calendar, last_review)
        # Reviewed inside a half term: the next one is due by the end of the following half term.
        # Reviewed in a holiday: by the end of the half term that comes next.
        due = calendar.half_term_end_on_or_after(current.last_day + ONE_DAY if current else last_review)
    return due or basis + ESTIMATED_HALF_TERM


@dataclass
class ReviewDue:
    placement: Placement
    last_review: dt.date | None
    due_by: dt.date
    overdue: bool


def reviews_due(*, user, today: dt.date, within_days: int = 14) -> list[ReviewDue]:
    """Active placements the user may see whose next review is overdue or due within
    `within_days`, most overdue first. Three queries whatever the number of placements (this
    feeds the dashboard now and the review reminders later)."""
    placements = list(
        Placement.objects.visible_to(user)
        .filter(status=PlacementStatus.ACTIVE)
        .select_related("pupil__home_school__organisation", "provider__organisation", "site")
        .annotate(last_review=Max("reviews__review_date"))
    )
    calendars = calendars_for({calendar_key(p) for p in placements})
    horizon = today + dt.timedelta(days=within_days)
    due = []
    for placement in placements:
        due_by = next_review_due(
            calendar=calendars[calendar_key(placement)],
            start_date=placement.start_date,
            last_review=placement.last_review,
        )
        if due_by <= horizon:
            due.append(ReviewDue(placement, placement.last_review, due_by, overdue=due_by < today))
    due.sort(key=lambda d: (d.due_by, d.placement.pupil.legal_last_name, d.placement.pk))
    return due


# -- attendance percentages -------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceStats:
    """Present or late over possible sessions (marked sessions less "not required")."""

    possible: int = 0
    attended: int = 0

    @property
    def percent(self) -> Decimal | None:
        if not self.possible:
            return None
        return (Decimal(self.attended) * 100 / Decimal(self.possible)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def persistent_absence(self) -> bool:
        """Under 90% (placements.conf): DfE's persistent absence, missing 10% or more."""
        percent = self.percent
        return percent is not None and percent < conf.persistent_absence_below()


def _stats_by(group_field: str, marks: QuerySet) -> dict[int, AttendanceStats]:
    rows = marks.values(group_field).annotate(
        possible=Count("id", filter=~Q(mark=Mark.NOT_REQUIRED)),
        attended=Count("id", filter=Q(mark__in=ATTENDED_MARKS)),
    )
    return {row[group_field]: AttendanceStats(row["possible"], row["attended"]) for row in rows}


def attendance_by_placement(placement_ids, *, up_to: dt.date | None = None) -> dict[int, AttendanceStats]:
    """One query. Missing ids have no marks yet (AttendanceStats() with percent None)."""
    marks = AttendanceMark.objects.filter(placement_id__in=placement_ids)
    if up_to is not None:
        marks = marks.filter(date__lte=up_to)
    return _stats_by("placement_id", marks)


def attendance_by_pupil(pupil_ids) -> dict[int, AttendanceStats]:
    """Across all of each pupil's placements. One query."""
    return _stats_by("placement__pupil_id", AttendanceMark.objects.filter(placement__pupil_id__in=pupil_ids))


# -- the register ------------------------------------------------------------------------------


def can_mark_register(*, user, provider) -> bool:
    """Provider users for their own provider; LA officers and managers for any provider in their LA
    (issue 4: "officers can enter or correct marks")."""
    scope = scope_for(user)
    if provider.organisation_id in scope.orgs_with_role(Role.PROVIDER_USER):
        return True
    acting_las = scope.orgs_with_role(Role.LA_OFFICER) | scope.orgs_with_role(Role.LA_MANAGER)
    return provider.organisation.local_authority_id in acting_las


def register_placements(*, user, provider, day: dt.date) -> QuerySet[Placement]:
    """Placements at the provider whose pupil was in AP on `day`, by pupil name (one query)."""
    return (
        Placement.objects.visible_to(user)
        .filter(provider=provider, status__in=WAS_IN_AP_STATUSES, start_date__lte=day, end_date__gte=day)
        .exclude(ended_on__lt=day)
        .select_related("pupil__home_school__organisation", "site")
        .order_by("pupil__legal_last_name", "pupil__legal_first_name", "pk")
    )


def register_marks(*, placement_ids, day: dt.date) -> dict[tuple[int, str], AttendanceMark]:
    """{(placement id, session): mark} for the day (one query)."""
    marks = AttendanceMark.objects.filter(placement_id__in=placement_ids, date=day)
    return {(m.placement_id, m.session): m for m in marks}
