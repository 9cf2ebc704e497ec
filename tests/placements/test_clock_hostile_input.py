"""The clock's forms against hostile input: impossible dates, enormous or negative numbers, unknown
choices, markup, another school's id, altered tokens. Each gets a GOV.UK error next to the field
(and in the summary) and records nothing; none is a 500."""

import datetime as dt

import pytest
from django.urls import reverse

from apcommission.core.forms import date_input_data
from placements.models import Deadline, Exclusion, HealthAbsence
from tests.factories import LocalAuthorityFactory, SchoolFactory
from tests.leak_matrix import build_world
from tests.placements.factories import PupilFactory

SCRIPT = "<script>alert(1)</script>"
DATES = [
    {"first_day_0": "31", "first_day_1": "2", "first_day_2": "2027"},
    {"first_day_0": "1", "first_day_1": "13", "first_day_2": "2026"},
    {"first_day_0": "x", "first_day_1": "y", "first_day_2": "z"},
    {"first_day_0": "1", "first_day_1": "1", "first_day_2": "99999"},
    {"first_day_0": "", "first_day_1": "", "first_day_2": ""},
    {"first_day_0": SCRIPT, "first_day_1": "1", "first_day_2": "2026"},
]
NUMBERS = ["-1", "0", "1.5", "1e9", "9" * 30, "abc", SCRIPT]


def counts():
    return (Exclusion.objects.count(), HealthAbsence.objects.count(), Deadline.objects.count())


@pytest.fixture
def world(db):
    world = build_world()
    world.pupil = PupilFactory(home_school=world.school_a)
    return world


def refused(client, url, data):
    before = counts()
    response = client.post(url, data)
    assert response.status_code == 200, (data, response.status_code)
    page = response.content.decode()
    assert "govuk-error-summary" in page, data
    if data.get("submission_token") == "not-a-token":  # a hidden field: the summary says why
        assert "This form has expired" in page
    else:
        assert "govuk-error-message" in page, data
    assert SCRIPT not in page
    assert counts() == before, data


def good_exclusion(world, **changes):
    return {
        "submission_token": "2b1f6c1e-1d6c-4a55-9a3e-2f3d4c5b6a79",
        "school": str(world.school_a.pk),
        "kind": "suspension",
        "school_days": "3",
        "reason": "PD",
        "reason_detail": "",
        **date_input_data("first_day", dt.date.today()),
        **changes,
    }


def test_the_exclusion_form_refuses_hostile_input(client, world):
    client.force_login(world.users["senco_a"])
    url = reverse("placements:exclusion-create", args=[world.pupil.pk])
    other_la_school = SchoolFactory(organisation__local_authority=LocalAuthorityFactory())
    cases = [good_exclusion(world, **date) for date in DATES]
    cases += [good_exclusion(world, school_days=n) for n in NUMBERS]
    cases += [
        good_exclusion(world, kind=SCRIPT),
        good_exclusion(world, reason=SCRIPT),
        good_exclusion(world, school=str(world.school_b.pk)),
        good_exclusion(world, school=str(other_la_school.pk)),
        good_exclusion(world, school="-1"),
        good_exclusion(world, submission_token="not-a-token"),
        good_exclusion(world, reason_detail="x" * 6000),
    ]
    for data in cases:
        refused(client, url, data)


def test_the_health_absence_form_refuses_hostile_input(client, world):
    client.force_login(world.users["la_officer"])
    url = reverse("placements:health-absence-create", args=[world.pupil.pk])
    valid = {
        "submission_token": "5d1f6c1e-1d6c-4a55-9a3e-2f3d4c5b6a79",
        "school": str(world.school_a.pk),
        "school_days": "4",
        **date_input_data("first_day", dt.date.today()),
    }
    cases = [{**valid, **date} for date in DATES]
    cases += [{**valid, "school_days": n} for n in [*NUMBERS, "201"]]
    cases += [{**valid, "school": SCRIPT}, {**valid, "first_day_2": "1900"}]
    for data in cases:
        refused(client, url, data)


def test_the_off_roll_form_refuses_hostile_input(client, world):
    exclusion = Exclusion.objects.create(
        pupil=world.pupil, school=world.school_a, kind="permanent", first_day=dt.date.today(), reason="PD"
    )
    client.force_login(world.users["la_officer"])
    url = reverse("placements:exclusion-off-roll", args=[exclusion.pk])
    for date in DATES + [date_input_data("first_day", dt.date.today() - dt.timedelta(days=30))]:
        data = {key.replace("first_day", "removed_on"): value for key, value in date.items()}
        response = client.post(url, data)
        assert response.status_code == 200, data
        assert "govuk-error-message" in response.content.decode(), data
        assert SCRIPT not in response.content.decode()
    exclusion.refresh_from_db()
    assert exclusion.removed_from_roll_on is None
