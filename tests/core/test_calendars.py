"""School calendars: the days that count towards day 6 and other statutory deadlines."""

import datetime as dt

import pytest

from apcommission.core.calendars import calendar_for, is_bank_holiday
from apcommission.core.models import ClosureDay, SchoolType, TermDate, TermKind
from tests.factories import SchoolFactory

D = dt.date

#: A typical English LA pattern for 2026/27 (pupil days; INSET days are ClosureDays).
LA_2026 = {
    TermKind.AUTUMN_1: (D(2026, 9, 3), D(2026, 10, 23)),
    TermKind.AUTUMN_2: (D(2026, 11, 2), D(2026, 12, 18)),
    TermKind.SPRING_1: (D(2027, 1, 4), D(2027, 2, 12)),
    TermKind.SPRING_2: (D(2027, 2, 22), D(2027, 3, 25)),
    TermKind.SUMMER_1: (D(2027, 4, 12), D(2027, 5, 28)),
    TermKind.SUMMER_2: (D(2027, 6, 7), D(2027, 7, 22)),
}

#: The Vale Learning Trust's own dates: October half term a week earlier, Easter later.
ACADEMY_2026 = {
    TermKind.AUTUMN_1: (D(2026, 9, 2), D(2026, 10, 16)),
    TermKind.AUTUMN_2: (D(2026, 10, 26), D(2026, 12, 18)),
    TermKind.SPRING_1: (D(2027, 1, 4), D(2027, 2, 12)),
    TermKind.SPRING_2: (D(2027, 2, 22), D(2027, 4, 9)),
    TermKind.SUMMER_1: (D(2027, 4, 26), D(2027, 5, 28)),
    TermKind.SUMMER_2: (D(2027, 6, 7), D(2027, 7, 21)),
}


def _enter_terms(la, dates, school=None, year=2026):
    for kind, (first, last) in dates.items():
        TermDate.objects.create(
            local_authority=la, school=school, academic_year=year, kind=kind, first_day=first, last_day=last
        )


@pytest.fixture
def maintained_school(la):
    school = SchoolFactory(organisation__name="Hopwood Community School", organisation__local_authority=la)
    _enter_terms(la, LA_2026)
    return school


@pytest.fixture
def academy(la, maintained_school):
    school = SchoolFactory(
        organisation__name="Vale Academy",
        organisation__local_authority=la,
        school_type=SchoolType.ACADEMY,
        trust_name="Vale Learning Trust",
    )
    _enter_terms(la, ACADEMY_2026, school=school)
    return school


def test_weekends_are_never_school_days(maintained_school):
    calendar = calendar_for(school=maintained_school)
    assert calendar.is_school_day(D(2026, 10, 9))  # Friday in term
    assert not calendar.is_school_day(D(2026, 10, 10))  # Saturday
    assert not calendar.is_school_day(D(2026, 10, 11))  # Sunday


@pytest.mark.parametrize(
    "bank_holiday",
    [D(2026, 12, 25), D(2026, 12, 28), D(2027, 3, 29), D(2026, 5, 4), D(2027, 5, 3)],
    ids=["christmas-2026", "boxing-day-2026-substitute", "easter-monday-2027", "early-may-2026", "early-may-2027"],
)
def test_bank_holidays_in_england_are_not_school_days(db, bank_holiday):
    assert is_bank_holiday(bank_holiday)
    # Even where no term dates were entered (a weekday otherwise counts), a bank holiday does not.
    calendar = calendar_for()
    assert not calendar.is_school_day(bank_holiday)
    assert calendar.is_school_day(bank_holiday + dt.timedelta(days=1)) or bank_holiday == D(2026, 12, 25)


def test_boxing_day_2026_falls_on_a_saturday_so_monday_is_the_substitute(db):
    assert is_bank_holiday(D(2026, 12, 26))
    assert is_bank_holiday(D(2026, 12, 28))
    assert not is_bank_holiday(D(2026, 12, 29))


def test_a_bank_holiday_inside_a_half_term_is_still_not_a_school_day(la, academy, maintained_school):
    # Early May bank holiday 2027 sits inside the LA's Summer 1; Easter Monday inside the academy's Spring 2.
    assert not calendar_for(school=maintained_school).is_school_day(D(2027, 5, 3))
    assert calendar_for(school=maintained_school).is_school_day(D(2027, 5, 4))
    assert not calendar_for(school=academy).is_school_day(D(2027, 3, 29))
    assert calendar_for(school=academy).is_school_day(D(2027, 3, 30))


def test_half_term_week_is_not_school_days(maintained_school):
    calendar = calendar_for(school=maintained_school)
    assert calendar.school_days(D(2026, 10, 24), D(2026, 11, 1)) == []
    assert calendar.school_days(D(2026, 10, 22), D(2026, 11, 3)) == [
        D(2026, 10, 22),
        D(2026, 10, 23),
        D(2026, 11, 2),
        D(2026, 11, 3),
    ]


def test_academy_with_its_own_dates_does_not_follow_the_las_half_term(maintained_school, academy):
    la_school, own_dates = calendar_for(school=maintained_school), calendar_for(school=academy)
    # 19 October: the academy's half term, the LA's term time. 26 October: the other way round.
    assert la_school.is_school_day(D(2026, 10, 19)) and not own_dates.is_school_day(D(2026, 10, 19))
    assert not la_school.is_school_day(D(2026, 10, 26)) and own_dates.is_school_day(D(2026, 10, 26))
    assert not own_dates.is_estimated_on(D(2026, 10, 19))


def test_an_academy_without_dates_for_a_year_follows_the_las_that_year(la, academy):
    _enter_terms(la, {TermKind.AUTUMN_1: (D(2027, 9, 2), D(2027, 10, 22))}, year=2027)
    calendar = calendar_for(school=academy)
    assert calendar.is_school_day(D(2027, 10, 22))
    assert not calendar.is_school_day(D(2027, 10, 25))
    assert not calendar.is_estimated


def test_calendar_accepts_the_schools_organisation(maintained_school, academy):
    calendar = calendar_for(school=academy.organisation)
    assert calendar.is_school_day(D(2026, 10, 26))
    assert not calendar.is_school_day(D(2026, 10, 19))


def test_an_inset_day_that_does_not_count_is_skipped(la, maintained_school):
    ClosureDay.objects.create(local_authority=la, date=D(2026, 11, 2), reason="INSET day")
    calendar = calendar_for(school=maintained_school)
    assert not calendar.is_school_day(D(2026, 11, 2))
    assert calendar.nth_school_day(D(2026, 11, 2), 1) == D(2026, 11, 3)


def test_an_inset_day_marked_as_counting_is_a_school_day(la, maintained_school):
    ClosureDay.objects.create(
        local_authority=la, school=maintained_school, date=D(2026, 11, 2), reason="INSET day", counts_as_school_day=True
    )
    assert calendar_for(school=maintained_school).is_school_day(D(2026, 11, 2))


def test_a_schools_own_closure_overrides_the_las(la, maintained_school):
    ClosureDay.objects.create(local_authority=la, date=D(2026, 11, 2), reason="INSET day")
    ClosureDay.objects.create(
        local_authority=la, school=maintained_school, date=D(2026, 11, 2), counts_as_school_day=True
    )
    assert calendar_for(school=maintained_school).is_school_day(D(2026, 11, 2))


def test_la_inset_days_do_not_bind_an_academy_with_its_own_dates(la, maintained_school, academy):
    ClosureDay.objects.create(local_authority=la, date=D(2026, 11, 2), reason="INSET day")
    ClosureDay.objects.create(local_authority=la, school=academy, date=D(2026, 11, 3), reason="Trust INSET day")
    own_dates = calendar_for(school=academy)
    assert own_dates.is_school_day(D(2026, 11, 2))
    assert not own_dates.is_school_day(D(2026, 11, 3))
    # Another school's closure never touches a school following the LA's pattern.
    assert calendar_for(school=maintained_school).is_school_day(D(2026, 11, 3))


def test_sixth_school_day_crosses_the_october_half_term(maintained_school, academy):
    # Excluded on Thursday 22 October 2026: Thu 1, Fri 2, half term, Mon 3, Tue 4, Wed 5, Thu 6.
    assert calendar_for(school=maintained_school).sixth_school_day(D(2026, 10, 22)) == D(2026, 11, 5)
    # The academy is already on half term on the 22nd: its day 1 is Monday 26 October.
    assert calendar_for(school=academy).sixth_school_day(D(2026, 10, 22)) == D(2026, 11, 2)


def test_day_one_is_the_first_school_day_on_or_after_the_exclusion(maintained_school):
    calendar = calendar_for(school=maintained_school)
    assert calendar.nth_school_day(D(2026, 10, 10), 1) == D(2026, 10, 12)  # Saturday -> Monday
    assert calendar.nth_school_day(D(2026, 10, 12), 1) == D(2026, 10, 12)
    assert calendar.sixth_school_day(D(2026, 10, 12)) == D(2026, 10, 19)
    with pytest.raises(ValueError, match="day 1"):
        calendar.nth_school_day(D(2026, 10, 12), 0)


def test_add_school_days_skips_holidays_both_ways(maintained_school):
    calendar = calendar_for(school=maintained_school)
    assert calendar.add_school_days(D(2026, 10, 22), 0) == D(2026, 10, 22)
    assert calendar.add_school_days(D(2026, 10, 22), 2) == D(2026, 11, 2)
    assert calendar.add_school_days(D(2026, 11, 2), -1) == D(2026, 10, 23)
    # 15 school days from a Christmas-holiday Saturday: the reinstatement deadline lands in January.
    assert calendar.add_school_days(D(2026, 12, 19), 15) == D(2027, 1, 22)


def test_half_term_end_on_or_after(maintained_school):
    calendar = calendar_for(school=maintained_school)
    assert calendar.half_term_end_on_or_after(D(2026, 10, 1)) == D(2026, 10, 23)
    assert calendar.half_term_end_on_or_after(D(2026, 10, 23)) == D(2026, 10, 23)
    assert calendar.half_term_end_on_or_after(D(2026, 10, 27)) == D(2026, 12, 18)  # in half term: the next
    assert calendar.half_term_end_on_or_after(D(2027, 8, 1)) is None  # 2027/28 not entered


def test_estimated_fallback_is_flagged(maintained_school):
    calendar = calendar_for(school=maintained_school)
    assert calendar.sixth_school_day(D(2027, 1, 4)) == D(2027, 1, 11)
    assert not calendar.is_estimated
    # Excluded in the summer holiday; no dates entered for 2027/28, so weekdays from 1 September count.
    assert calendar.sixth_school_day(D(2027, 8, 26)) == D(2027, 9, 8)
    assert calendar.is_estimated
    assert calendar.is_estimated_on(D(2027, 9, 1))
    assert not calendar.is_estimated_on(D(2027, 7, 1))


def test_a_calendar_with_no_term_dates_at_all_is_estimated(db):
    assert calendar_for().is_estimated


def test_calendar_loads_in_two_queries_whatever_the_span(la, maintained_school, academy, django_assert_num_queries):
    ClosureDay.objects.create(local_authority=la, date=D(2026, 11, 2))
    with django_assert_num_queries(2):
        calendar = calendar_for(school=academy)
    with django_assert_num_queries(0):
        calendar.school_days(D(2026, 9, 1), D(2028, 8, 31))
        calendar.add_school_days(D(2026, 9, 1), 300)
        calendar.half_term_end_on_or_after(D(2026, 12, 1))
    with django_assert_num_queries(2):
        calendar_for(local_authority=la).sixth_school_day(D(2026, 9, 1))


def test_calendar_refuses_something_that_is_not_a_school(la):
    with pytest.raises(TypeError, match="needs a School"):
        calendar_for(school="Hopwood Community School")
    with pytest.raises(ValueError, match="needs a school"):
        calendar_for(school=la)
