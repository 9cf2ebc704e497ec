import datetime as dt

import pytest

from apcommission.core.education import (
    compulsory_school_age_ends,
    compulsory_school_age_starts,
    is_compulsory_school_age,
    key_stage_on,
    national_curriculum_year,
)
from apcommission.core.models import KeyStage


@pytest.mark.parametrize(
    ("dob", "on", "year"),
    [
        (dt.date(2010, 9, 1), dt.date(2026, 9, 1), 11),  # oldest in the year group
        (dt.date(2011, 8, 31), dt.date(2026, 9, 1), 11),  # youngest in the same year group
        (dt.date(2011, 9, 1), dt.date(2027, 7, 1), 10),  # a day younger: the year below, all year
        (dt.date(2021, 12, 25), dt.date(2026, 11, 24), 0),  # Reception
        (dt.date(2014, 3, 1), dt.date(2026, 11, 24), 8),
    ],
)
def test_national_curriculum_year_follows_the_academic_year(dob, on, year):
    assert national_curriculum_year(dob, on) == year


@pytest.mark.parametrize(
    ("dob", "stage"),
    [
        (dt.date(2021, 12, 25), KeyStage.EYFS),
        (dt.date(2020, 1, 1), KeyStage.KS1),
        (dt.date(2016, 6, 1), KeyStage.KS2),
        (dt.date(2013, 6, 1), KeyStage.KS3),
        (dt.date(2011, 6, 1), KeyStage.KS4),
        (dt.date(2009, 6, 1), KeyStage.KS5),
        (dt.date(2005, 6, 1), KeyStage.POST_19),
    ],
)
def test_key_stage_on_24_november_2026(dob, stage):
    assert key_stage_on(dob, dt.date(2026, 11, 24)) == stage


def test_compulsory_school_age_starts_after_the_prescribed_day_following_the_fifth_birthday():
    assert compulsory_school_age_starts(dt.date(2021, 10, 10)) == dt.date(2027, 1, 1)
    assert compulsory_school_age_starts(dt.date(2021, 3, 31)) == dt.date(2026, 4, 1)


def test_compulsory_school_age_ends_on_the_last_friday_of_june_in_year_11():
    # Born 1 September 2010: Year 11 in 2026/27; the last Friday in June 2027 is the 25th.
    assert compulsory_school_age_ends(dt.date(2010, 9, 1)) == dt.date(2027, 6, 25)
    assert is_compulsory_school_age(dt.date(2010, 9, 1), dt.date(2027, 6, 25))
    assert not is_compulsory_school_age(dt.date(2010, 9, 1), dt.date(2027, 6, 28))
