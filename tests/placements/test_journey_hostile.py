"""Hostile values on every question page of a request and a direct placement, not only the first
(the hostile-input test reaches the pages the leak matrix opens; the later ones need the earlier
answers): every field of every page, and a change from the check page, never a server error."""

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse

from apcommission.core.forms import date_input_data
from tests.placements.factories import PupilFactory, route_for
from tests.providers.factories import SiteCapacityFactory, SiteFactory
from tests.test_hostile_input import HOSTILE, HOSTILE_DATES

pytestmark = pytest.mark.hostile

START = dt.date(2026, 10, 5)


def _pages(site, kind):
    """Each page's valid answer, in order: hostile values replace one field at a time."""
    if kind == "place":  # Section 19 "other reasons": the officer settles every open cell
        choices = {
            "lump-sum": {"lump_sum_funder_choice": "la"},
            "top-up": {"top_up_funder_choice": "la"},
            "registration": {"registration_answer": "single"},
        }
    else:  # short-term: a school commissioning it says who pays the lump sum
        choices = {"lump-sum": {"lump_sum_funder_choice": "school"}}
    return {
        "needs": {"needs": ["semh"]},
        "dates": {
            **date_input_data("start_date", START),
            **date_input_data("end_date", START + dt.timedelta(days=30)),
            "sessions_per_week": "6",
            "attendance_pattern": "part_time",
        },
        "provider": {"site": str(site.pk)},
        **choices,
        "objectives": {"objectives": "Settle", "reintegration_plan": ""},
    }


#: Hostile values per field (a different slice for each field, as the hostile-input test does).
VALUES_PER_FIELD = 3


def _hostile_answers(answer: dict, step: str):
    """Each field of a page's answer replaced by hostile values, then sent twice."""
    for index, field in enumerate(answer):
        start = (index * VALUES_PER_FIELD) % len(HOSTILE)
        for value in (HOSTILE * 2)[start : start + VALUES_PER_FIELD]:
            yield {**answer, field: value}
        yield {**answer, field: [answer[field], HOSTILE[1]]}
    if step == "dates":
        for day, month, year in HOSTILE_DATES:
            yield {**answer, "start_date_0": day, "start_date_1": month, "start_date_2": year}


@pytest.mark.parametrize("kind", ["request", "place"])
def test_no_value_on_any_question_page_is_a_server_error(client, senco_school_a, la_officer, school_a, la, kind):
    site = SiteFactory(provider__organisation__local_authority=la)
    SiteCapacityFactory(site=site, key_stage="ks3", places=3)
    pupil = PupilFactory(home_school=school_a, date_of_birth=dt.date(2013, 1, 15))
    client.force_login(senco_school_a if kind == "request" else la_officer)
    name = "placements:placement-request-step" if kind == "request" else "placements:placement-create-step"
    route = route_for(la, "short_term" if kind == "request" else "section_19_other")
    pages = _pages(site, kind)

    def url(step, change=False):
        return reverse(name, args=[pupil.pk, step]) + ("?change=1" if change else "")

    problems = []

    def post(step, data, change=False):
        with transaction.atomic():
            response = client.post(url(step, change), data)
            if response.status_code >= 500:
                problems.append(f"{step}: {data!r} gave {response.status_code}")
            transaction.set_rollback(True)

    client.post(url("route"), {"route": route.pk})
    for value in HOSTILE:
        post("route", {"route": value})
    for step, answer in pages.items():
        for data in _hostile_answers(answer, step):
            post(step, data)
        assert client.post(url(step), answer).status_code == 302, step
    check = client.get(url("check"))
    assert check.status_code == 200
    for value in HOSTILE[:VALUES_PER_FIELD]:
        post("check", {"submission_token": value})
        post("needs", {"needs": [value]}, change=True)
    for step in ("no-such-page", "x" * 200, "check"):
        assert client.get(url(step)).status_code < 500
    assert not problems, "\n".join(problems)
