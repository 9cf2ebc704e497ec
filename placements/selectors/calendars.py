"""School calendars for many placements at once: one calendar per (school, LA) pair, built with a
fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q

from apcommission.core.calendars import HalfTerm, SchoolCalendar, calendar_for
from apcommission.core.models import ClosureDay, TermDate

from ..models import Placement

CalendarKey = tuple[int | None, int]  # (home school id or None, LA id whose term pattern applies)


def calendar_key(placement: Placement) -> CalendarKey:
    """Which calendar applies to a placement's pupil: the home school's (with its own LA's
    pattern behind it), else the home LA's. Needs pupil__home_school__organisation loaded."""
    school = placement.pupil.home_school
    if school is not None:
        return calendar_key_of(school.pk, school.organisation.local_authority_id, placement.pupil.home_la_id)
    return calendar_key_of(None, None, placement.pupil.home_la_id)


def calendar_key_of(school_id: int | None, school_la_id: int | None, home_la_id: int) -> CalendarKey:
    """calendar_key from plain values: the pupil's home school, that school's LA and the pupil's home LA."""
    return (school_id, school_la_id) if school_id is not None else (None, home_la_id)


def calendars_for(keys: set[CalendarKey]) -> dict[CalendarKey, SchoolCalendar]:
    """The same calendars as apcommission.core.calendars.calendar_for, for many schools at once
    with two queries (the dashboard and the alert sweep must not grow with the number of schools)."""
    if not keys:
        return {}
    school_ids = {school for school, _ in keys if school is not None}
    la_ids = {la for _, la in keys}
    rows = Q(school__isnull=True, local_authority_id__in=la_ids) | Q(school_id__in=school_ids)
    terms = TermDate.objects.filter(rows).values_list(
        "school_id", "local_authority_id", "academic_year", "kind", "first_day", "last_day"
    )
    closures = ClosureDay.objects.filter(rows).values_list(
        "school_id", "local_authority_id", "date", "counts_as_school_day"
    )
    return calendars_from_rows(keys, terms, closures)


def calendars_from_rows(keys: set[CalendarKey], terms, closures) -> dict[CalendarKey, SchoolCalendar]:
    """calendars_for's calendars from rows already read: `terms` as (school id, LA id, academic
    year, kind, first day, last day) and `closures` as (school id, LA id, date, counts as a school
    day), each an LA's own when the school id is None (a page that reads them with its other rows)."""
    la_terms: dict[int, dict[int, list[HalfTerm]]] = defaultdict(lambda: defaultdict(list))
    school_terms: dict[int, dict[int, list[HalfTerm]]] = defaultdict(lambda: defaultdict(list))
    for school_id, la_id, academic_year, kind, first_day, last_day in terms:
        term = HalfTerm(first_day, last_day, kind)
        if school_id is None:
            la_terms[la_id][academic_year].append(term)
        else:
            school_terms[school_id][academic_year].append(term)
    la_closures: dict[int, dict[dt.date, bool]] = defaultdict(dict)
    school_closures: dict[int, dict[dt.date, bool]] = defaultdict(dict)
    for school_id, la_id, date, counts in closures:
        if school_id is None:
            la_closures[la_id][date] = counts
        else:
            school_closures[school_id][date] = counts

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


def school_days_between(*, school, local_authority, start: dt.date, end: dt.date) -> int:
    """School days from start to end inclusive at the pupil's school (or its LA's pattern)."""
    return len(calendar_for(school=school, local_authority=local_authority).school_days(start, end))
