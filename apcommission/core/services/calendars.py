"""School calendars: term dates and closure days, per LA or per school."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ..models import (
    ClosureDay,
    Organisation,
    School,
    TermDate,
)
from ._common import _create, _save_if_changed


@transaction.atomic
def term_date_set(
    *,
    local_authority: Organisation,
    academic_year: int,
    kind: str,
    first_day: dt.date,
    last_day: dt.date,
    school: School | None = None,
    by=None,
) -> TermDate:
    """Enter one half term for the LA's pattern, or (with `school`) the school's own dates."""
    term = TermDate.objects.filter(
        local_authority=local_authority, school=school, academic_year=academic_year, kind=kind
    ).first()
    if term is None:
        term = TermDate(
            local_authority=local_authority,
            school=school,
            academic_year=academic_year,
            kind=kind,
            first_day=first_day,
            last_day=last_day,
        )
        return _create(term, by=by)
    _save_if_changed(term, {"first_day": first_day, "last_day": last_day}, by=by)
    return term


@transaction.atomic
def closure_day_set(
    *,
    local_authority: Organisation,
    date: dt.date,
    reason: str = "INSET day",
    counts_as_school_day: bool = False,
    school: School | None = None,
    by=None,
) -> ClosureDay:
    """Enter a closure to pupils (INSET, polling day) for every school in the LA's pattern, or one school.

    Whether an INSET day counts towards statutory day counts is unsure in the brief: it is data."""
    closure = ClosureDay.objects.filter(local_authority=local_authority, school=school, date=date).first()
    values = {"reason": reason, "counts_as_school_day": counts_as_school_day}
    if closure is None:
        return _create(ClosureDay(local_authority=local_authority, school=school, date=date, **values), by=by)
    _save_if_changed(closure, values, by=by)
    return closure
