"""School years, key stages and compulsory school age, from a date of birth.

Sources: Education Act 1996 s.8 and the Education (Start of Compulsory School Age) Order 1998
(compulsory from the prescribed day — 31 August, 31 December or 31 March — on or after the
child's fifth birthday; ends on the last Friday in June of the school year in which they turn 16).
National Curriculum years follow the academic year (1 September to 31 August).
"""

from __future__ import annotations

import datetime as dt

from .models import KeyStage

# The academic year (1 September to 31 August) is defined once, with the financial year, in years.py.
from .years import ACADEMIC_YEAR_START_MONTH, academic_year_label, academic_year_start  # noqa: F401


def reception_year_start(date_of_birth: dt.date) -> int:
    """The academic year in which a child is in Reception (turns 5 during it)."""
    return academic_year_start(date_of_birth) + 5


def national_curriculum_year(date_of_birth: dt.date, on: dt.date) -> int:
    """Reception is 0, nursery -1; Year 11 is the year in which the pupil turns 16."""
    return academic_year_start(on) - reception_year_start(date_of_birth)


def key_stage_for_year(nc_year: int) -> KeyStage:
    if nc_year <= 0:
        return KeyStage.EYFS
    if nc_year <= 2:
        return KeyStage.KS1
    if nc_year <= 6:
        return KeyStage.KS2
    if nc_year <= 9:
        return KeyStage.KS3
    if nc_year <= 11:
        return KeyStage.KS4
    if nc_year <= 14:  # 16 to 19 education: aged 16, 17 or 18 on 31 August
        return KeyStage.KS5
    return KeyStage.POST_19


def key_stage_on(date_of_birth: dt.date, on: dt.date) -> KeyStage:
    return key_stage_for_year(national_curriculum_year(date_of_birth, on))


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
