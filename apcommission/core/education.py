"""School years, key stages and compulsory school age, from a date of birth.

Sources: Education Act 1996 s.8 and the Education (Start of Compulsory School Age) Order 1998
(compulsory from the prescribed day — 31 August, 31 December or 31 March — on or after the
child's fifth birthday; ends on the last Friday in June of the school year in which they turn 16).
National Curriculum years follow the academic year (1 September to 31 August).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, F, IntegerField, Q, Value, When
from django.db.models.expressions import Expression
from django.db.models.functions import ExtractMonth, ExtractYear
from django.db.models.lookups import GreaterThanOrEqual, LessThan, LessThanOrEqual

from .models import KeyStage

# The academic year (1 September to 31 August) is defined once, with the financial year, in years.py.
from .years import ACADEMIC_YEAR_START_MONTH, academic_year_label, academic_year_start  # noqa: F401


def reception_year_start(date_of_birth: dt.date) -> int:
    """The academic year in which a child is in Reception (turns 5 during it)."""
    return academic_year_start(date_of_birth) + 5


def national_curriculum_year(date_of_birth: dt.date, on: dt.date) -> int:
    """Reception is 0, nursery -1; Year 11 is the year in which the pupil turns 16."""
    return academic_year_start(on) - reception_year_start(date_of_birth)


#: Each key stage's last National Curriculum year, in order; after the last, post-19.
KEY_STAGE_LAST_YEARS = (
    (KeyStage.EYFS, 0),
    (KeyStage.KS1, 2),
    (KeyStage.KS2, 6),
    (KeyStage.KS3, 9),
    (KeyStage.KS4, 11),
    (KeyStage.KS5, 14),  # 16 to 19 education: aged 16, 17 or 18 on 31 August
)


def key_stage_for_year(nc_year: int) -> KeyStage:
    return next((stage for stage, last in KEY_STAGE_LAST_YEARS if nc_year <= last), KeyStage.POST_19)


def key_stage_years(stage: str) -> tuple[int | None, int | None]:
    """The first and last National Curriculum years of a key stage (None: no bound), as
    key_stage_for_year reads KEY_STAGE_LAST_YEARS: EYFS is every year to Reception, post-19 every
    year after key stage 5."""
    previous_last = None
    for each, last in KEY_STAGE_LAST_YEARS:
        if each == stage:
            return (None if previous_last is None else previous_last + 1), last
        previous_last = last
    return previous_last + 1, None  # post-19


def key_stage_on(date_of_birth: dt.date, on: dt.date) -> KeyStage:
    """The key stage on a day: of the year group, which is fixed for the academic year, so a Year 9
    pupil is key stage 3 until 31 August and key stage 4 from 1 September."""
    return key_stage_for_year(national_curriculum_year(date_of_birth, on))


# -- the same rule in the database, for lists and sums over many pupils ---------------------------


def _expression(day) -> Expression:
    return F(day) if isinstance(day, str) else day


def academic_year_of(day) -> Expression:
    """In the database: the calendar year the academic year of `day` (a field name or a date
    expression) began in, as `academic_year_start`."""
    day = _expression(day)
    before_september = When(LessThan(ExtractMonth(day), ACADEMIC_YEAR_START_MONTH), then=Value(1))
    return ExtractYear(day) - Case(before_september, default=Value(0), output_field=IntegerField())


def national_curriculum_year_of(date_of_birth, on) -> Expression:
    """In the database: `national_curriculum_year` of a date of birth (a field name) on `on` (a
    date, a field name or a date expression)."""
    on_year = Value(academic_year_start(on)) if isinstance(on, dt.date) else academic_year_of(on)
    return on_year - academic_year_of(date_of_birth) - Value(5)


def in_key_stage(date_of_birth, on, stage: str) -> Q:
    """In the database: `key_stage_on(date_of_birth, on) == stage` as a condition, comparing the
    year group once with the key stage's years rather than building key_stage_of's case of seven
    year groups (the same rule, a seventh of the expression to build and compile)."""
    first, last = key_stage_years(stage)
    nc_year = national_curriculum_year_of(date_of_birth, on)
    condition = Q()
    if first is not None:
        condition &= Q(GreaterThanOrEqual(nc_year, first))
    if last is not None:
        condition &= Q(LessThanOrEqual(nc_year, last))
    return condition


def key_stage_of(date_of_birth, on) -> Expression:
    """In the database: `key_stage_on` as a key stage code; null where the date of birth is null
    (a row with no pupil, like place funding)."""
    nc_year = national_curriculum_year_of(date_of_birth, on)
    return Case(
        *(When(LessThanOrEqual(nc_year, last), then=Value(stage.value)) for stage, last in KEY_STAGE_LAST_YEARS),
        When(GreaterThanOrEqual(nc_year, KEY_STAGE_LAST_YEARS[-1][1] + 1), then=Value(KeyStage.POST_19.value)),
        default=Value(None),
        output_field=CharField(),
    )


def year_label(nc_year: int) -> str:
    if nc_year == 0:
        return "Reception"
    if nc_year < 0:
        return "Nursery"
    return f"Year {nc_year}"


def _prescribed_day_on_or_after(day: dt.date) -> dt.date:
    for candidate in (dt.date(day.year, 3, 31), dt.date(day.year, 8, 31), dt.date(day.year, 12, 31)):
        if candidate >= day:
            return candidate
    raise AssertionError("31 December is always on or after any day of its year")


def compulsory_school_age_starts(date_of_birth: dt.date) -> dt.date:
    """The day after the prescribed day on or after the fifth birthday."""
    fifth_birthday = _safe_birthday(date_of_birth, 5)
    return _prescribed_day_on_or_after(fifth_birthday) + dt.timedelta(days=1)


def compulsory_school_age_ends(date_of_birth: dt.date) -> dt.date:
    """The last Friday in June of the school year in which the child turns 16 (end of Year 11)."""
    june = reception_year_start(date_of_birth) + 12  # the June that ends Year 11
    last_day = dt.date(june, 6, 30)
    return last_day - dt.timedelta(days=(last_day.weekday() - 4) % 7)


def is_compulsory_school_age(date_of_birth: dt.date, on: dt.date) -> bool:
    return compulsory_school_age_starts(date_of_birth) <= on <= compulsory_school_age_ends(date_of_birth)


def _safe_birthday(date_of_birth: dt.date, age: int) -> dt.date:
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:  # 29 February in a non-leap year: the law treats 1 March as the birthday
        return dt.date(date_of_birth.year + age, 3, 1)
