"""School calendars: which days count as school days for one school, for statutory deadlines.

The law this serves (DfE, *Suspension and permanent exclusion from maintained schools, academies
and pupil referral units in England*, and the Education (Provision of Full-Time Education for
Excluded Pupils) (England) Regulations 2007):

- after a **permanent exclusion** the LA must arrange suitable full-time education from the
  **sixth school day** of the exclusion; after a **suspension** the school must do so from the
  sixth *consecutive* school day (back-to-back suspensions add up);
- **day 1 is the first school day of the exclusion**, so `nth_school_day(first_day, 1)` is the
  first school day on or after the day the exclusion starts, and `sixth_school_day` is day 6;
- a "school day" is a day on which the pupil's *own* school holds a session (Education Act 1996
  s.579): weekends, bank holidays and school holidays never count. Academies set their own term
  dates, so the calendar is per school: a school's own half terms replace the LA's for that
  academic year.

[unsure] items, kept as data rather than code (docs/adr/0004-school-calendars.md):
- whether an **INSET day** counts: each `ClosureDay` says so in `counts_as_school_day`;
- how a **part-day exclusion** counts: not decided here; officers override the computed date;
- where **no term dates** were entered for an academic year we fall back to weekdays less the
  bank holidays for England and flag the answer with `is_estimated`, so that a person checks it.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.db.models import Q

from .education import academic_year_start
from .models import ClosureDay, Organisation, OrganisationKind, School, TermDate

#: No deadline in the brief needs more than a year of school days; a longer walk is a bug.
MAX_DAYS_WALKED = 3 * 366

ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def bank_holidays_in(year: int) -> frozenset[dt.date]:
    """Bank holidays in England in `year` (including substitute days and one-off holidays)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: dt.date) -> bool:
    return day in bank_holidays_in(day.year)


@dataclass(frozen=True)
class HalfTerm:
    first_day: dt.date
    last_day: dt.date
    kind: str = ""


@dataclass
class SchoolCalendar:
    """One school's (or one LA's) school days, loaded once; every question is answered in memory.

    `la_terms` and `school_terms` map an academic year (2026 for 2026/27) to its half terms.
    `la_closures` and `school_closures` map a date to whether that closure still counts as a
    school day.
    """

    la_terms: dict[int, list[HalfTerm]] = field(default_factory=dict)
    school_terms: dict[int, list[HalfTerm]] = field(default_factory=dict)
    la_closures: dict[dt.date, bool] = field(default_factory=dict)
    school_closures: dict[dt.date, bool] = field(default_factory=dict)
    #: Academic years for which an answer fell back to weekdays less bank holidays.
    estimated_years: set[int] = field(default_factory=set)

    # -- where the term dates for a year come from ------------------------------------------

    def terms_in(self, academic_year: int) -> list[HalfTerm] | None:
        """The half terms that apply in `academic_year`: the school's own, else the LA's, else None."""
        return self.school_terms.get(academic_year) or self.la_terms.get(academic_year)

    def follows_own_dates(self, academic_year: int) -> bool:
        return bool(self.school_terms.get(academic_year))

    def is_estimated_on(self, day: dt.date) -> bool:
        """True when no term dates were entered for the academic year containing `day`."""
        return self.terms_in(academic_year_start(day)) is None

    @property
    def is_estimated(self) -> bool:
        """True when any answer this calendar gave used an academic year with no term dates
        (weekdays less bank holidays were used), or when it has no term dates at all."""
        return bool(self.estimated_years) or not (self.la_terms or self.school_terms)

    # -- the questions ----------------------------------------------------------------------

    def is_school_day(self, day: dt.date) -> bool:
        """Open to pupils: a weekday, not a bank holiday, inside a half term, and not a closure
        that is marked as not counting."""
        if day.weekday() >= 5 or is_bank_holiday(day):
            return False
        year = academic_year_start(day)
        terms = self.terms_in(year)
        if terms is None:
            self.estimated_years.add(year)
        elif not any(t.first_day <= day <= t.last_day for t in terms):
            return False
        return self._closure_counts(day, year)

    def _closure_counts(self, day: dt.date, year: int) -> bool:
        # The school's own closure wins. The LA's closures are part of the LA's term pattern, so
        # they bind only schools following that pattern this year (an academy with its own dates
        # sets its own INSET days) — the cautious reading, as it never moves a deadline later.
        if day in self.school_closures:
            return self.school_closures[day]
        if day in self.la_closures and not self.follows_own_dates(year):
            return self.la_closures[day]
        return True

    def school_days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Every school day from `start` to `end`, both included."""
        days, day = [], start
        while day <= end:
            if self.is_school_day(day):
                days.append(day)
            day += ONE_DAY
        return days

    def nth_school_day(self, first_day: dt.date, n: int) -> dt.date:
        """Day `n` counting the first school day on or after `first_day` as day 1."""
        if n < 1:
            raise ValueError("Count school days from 1: day 1 is the first school day")
        day, counted = first_day, 0
        for _ in range(MAX_DAYS_WALKED):
            if self.is_school_day(day):
                counted += 1
                if counted == n:
                    return day
            day += ONE_DAY
        raise ValueError(f"No school day {n} within {MAX_DAYS_WALKED} days of {first_day:%d/%m/%Y}")

    def sixth_school_day(self, first_day: dt.date) -> dt.date:
        """The day from which full-time provision must start after an exclusion (DfE exclusions
        guidance: "from the sixth school day"), with the exclusion's first school day as day 1."""
        return self.nth_school_day(first_day, 6)

    def add_school_days(self, day: dt.date, n: int) -> dt.date:
        """The `n`th school day after `day` (before it, for negative `n`); `day` itself is not
        counted and need not be a school day. `n == 0` gives `day`."""
        step = ONE_DAY if n >= 0 else -ONE_DAY
        remaining = abs(n)
        for _ in range(MAX_DAYS_WALKED):
            if remaining == 0:
                return day
            day += step
            if self.is_school_day(day):
                remaining -= 1
        raise ValueError(f"No school day {n} within {MAX_DAYS_WALKED} days of {day:%d/%m/%Y}")

    def half_term_end_on_or_after(self, day: dt.date) -> dt.date | None:
        """The last day of the half term containing `day`, or of the next one; None when the
        term dates of that year (and the next) were not entered. Reviews are due at least
        half-termly (DfE, *Arranging alternative provision*, 2025)."""
        for year in (academic_year_start(day), academic_year_start(day) + 1):
            terms = self.terms_in(year)
            if terms is None:
                self.estimated_years.add(year)
                return None
            ends = sorted(t.last_day for t in terms)
            index = bisect.bisect_left(ends, day)
            if index < len(ends):
                return ends[index]
        return None


def _school_and_la(
    school: School | Organisation | None, local_authority: Organisation | None
) -> tuple[Q | None, Q | None]:
    """Filters for the school's own rows and for the LA's rows, without loading either object."""
    school_q = None
    if school is not None and not isinstance(school, (School, Organisation)):
        raise TypeError(f"calendar_for(school=...) needs a School or its Organisation, not {type(school).__name__}")
    if isinstance(school, School):
        school_q = Q(school_id=school.pk)
    elif isinstance(school, Organisation):
        if school.kind != OrganisationKind.SCHOOL:
            raise ValueError("calendar_for(school=...) needs a school")
        school_q = Q(school__organisation_id=school.pk)
    if local_authority is not None:
        la_q = Q(local_authority_id=local_authority.pk)
    elif isinstance(school, Organisation):
        la_q = Q(local_authority_id=school.local_authority_id)
    elif isinstance(school, School):
        # The school's organisation names its LA; a subquery keeps this to one query per table.
        la_q = Q(local_authority_id__in=Organisation.objects.filter(school=school.pk).values("local_authority_id"))
    else:
        la_q = None
    return school_q, la_q


def calendar_for(
    *, school: School | Organisation | None = None, local_authority: Organisation | None = None
) -> SchoolCalendar:
    """Load a school's calendar (its own half terms, else its LA's) with two queries.

    With neither argument, or where no term dates exist, days are estimated as weekdays less the
    bank holidays for England, and `is_estimated` says so.
    """
    school_q, la_q = _school_and_la(school, local_authority)
    calendar = SchoolCalendar()
    if school_q is None and la_q is None:
        return calendar
    rows_q = Q(school__isnull=True) & la_q if la_q is not None else Q(pk__in=[])
    if school_q is not None:
        rows_q |= school_q

    la_terms: dict[int, list[HalfTerm]] = defaultdict(list)
    school_terms: dict[int, list[HalfTerm]] = defaultdict(list)
    for row in TermDate.objects.filter(rows_q).values("school_id", "academic_year", "kind", "first_day", "last_day"):
        target = la_terms if row["school_id"] is None else school_terms
        target[row["academic_year"]].append(HalfTerm(row["first_day"], row["last_day"], row["kind"]))
    for row in ClosureDay.objects.filter(rows_q).values("school_id", "date", "counts_as_school_day"):
        target = calendar.la_closures if row["school_id"] is None else calendar.school_closures
        target[row["date"]] = row["counts_as_school_day"]
    calendar.la_terms = {year: sorted(terms, key=lambda t: t.first_day) for year, terms in la_terms.items()}
    calendar.school_terms = {year: sorted(terms, key=lambda t: t.first_day) for year, terms in school_terms.items()}
    return calendar
