"""Dates written in Python for pages that show several (core.figures) read exactly as the
template's `date` filter writes them."""

import datetime as dt

from django.template.defaultfilters import date as date_filter

from apcommission.core.figures import full_date, full_date_with_day, short_date, short_date_with_day


def _every_day_of(year: int):
    day = dt.date(year, 1, 1)
    while day.year == year:
        yield day
        day += dt.timedelta(days=1)


def test_dates_written_in_python_match_the_date_filter_on_every_day_of_a_year():
    for day in _every_day_of(2028):  # a leap year: 29 February, and every weekday of every month
        assert full_date(day) == date_filter(day, "j F Y")
        assert full_date_with_day(day) == date_filter(day, "l j F Y")
        assert short_date(day) == date_filter(day, "j M Y")
        assert short_date_with_day(day) == date_filter(day, "D j M Y")
