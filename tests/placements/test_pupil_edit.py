import datetime as dt

import pytest
from django.urls import reverse

from apcommission.core.forms import date_input_data
from apcommission.core.models import AuditEvent
from placements.models import Pupil
from tests.factories import MembershipFactory, UserFactory
from tests.placements.factories import PlacementFactory, PupilFactory


@pytest.fixture
def pupil(school_a):
    return PupilFactory(
        home_school=school_a, legal_first_name="Ava", legal_last_name="Ashdown", date_of_birth=dt.date(2013, 1, 15)
    )


def _data(pupil, **overrides):
    data = {
        "legal_first_name": pupil.legal_first_name,
        "legal_last_name": pupil.legal_last_name,
        "preferred_first_name": pupil.preferred_first_name,
        "preferred_last_name": pupil.preferred_last_name,
        **date_input_data("date_of_birth", pupil.date_of_birth),
        "sex": pupil.sex,
        "sen_status": pupil.sen_status,
    }
    data.update(overrides)
    return data


def _url(pupil):
    return reverse("placements:pupil-edit", args=[pupil.pk])


def test_an_officer_corrects_a_pupil_and_the_audit_log_has_before_and_after(client, la_officer, pupil):
    client.force_login(la_officer)
    assert client.get(_url(pupil)).status_code == 200
    response = client.post(_url(pupil), _data(pupil, preferred_first_name="Avi", sen_status="ehcp", looked_after="on"))
    assert response.status_code == 302 and response.url == reverse("placements:pupil-detail", args=[pupil.pk])
    pupil.refresh_from_db()
    assert (pupil.preferred_first_name, pupil.sen_status, pupil.looked_after) == ("Avi", "ehcp", True)
    event = AuditEvent.objects.filter(action="change", object_id=str(pupil.pk)).get()
    assert event.changes == {
        "preferred_first_name": ["", "Avi"],
        "sen_status": ["none", "ehcp"],
        "looked_after": [False, True],
    }
    assert event.user == la_officer
    assert pupil.history.first().history_user == la_officer


def test_the_home_schools_senco_corrects_the_date_of_birth(client, senco_school_a, pupil):
    client.force_login(senco_school_a)
    page = client.get(reverse("placements:pupil-detail", args=[pupil.pk])).content.decode()
    assert _url(pupil) in page
    response = client.post(_url(pupil), _data(pupil, **date_input_data("date_of_birth", dt.date(2012, 11, 3))))
    assert response.status_code == 302
    pupil.refresh_from_db()
    assert pupil.date_of_birth == dt.date(2012, 11, 3)


def test_senco_cannot_edit_another_schools_pupil(client, senco_school_b, pupil):
    client.force_login(senco_school_b)
    assert client.get(_url(pupil)).status_code == 404
    assert client.post(_url(pupil), _data(pupil, legal_first_name="Changed")).status_code == 404
    pupil.refresh_from_db()
    assert pupil.legal_first_name == "Ava"
    assert not AuditEvent.objects.filter(action="change").exists()


def test_a_provider_can_see_but_not_edit_its_pupil(client, pupil):
    placement = PlacementFactory(pupil=pupil)
    user = UserFactory()
    MembershipFactory(user=user, organisation=placement.provider.organisation, role="provider_user")
    client.force_login(user)
    page = client.get(reverse("placements:pupil-detail", args=[pupil.pk])).content.decode()
    assert _url(pupil) not in page
    assert client.get(_url(pupil)).status_code == 404
    assert client.post(_url(pupil), _data(pupil, legal_first_name="Changed")).status_code == 404
    pupil.refresh_from_db()
    assert pupil.legal_first_name == "Ava"


@pytest.mark.parametrize("role", ["forum_member", "la_finance"])
def test_forum_members_and_finance_cannot_edit(client, request, role, pupil):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(pupil)).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (date_input_data("date_of_birth", dt.date.today() + dt.timedelta(days=1)), "Date of birth must be in the past"),
        ({"legal_first_name": ""}, "Enter the first name"),
        ({"legal_last_name": "   "}, "Enter the last name"),
        ({"date_of_birth_1": "13"}, "Date of birth must be a real date"),
    ],
)
def test_bad_input_shows_govuk_errors_and_changes_nothing(client, la_officer, pupil, overrides, message):
    client.force_login(la_officer)
    before = Pupil.objects.values().get(pk=pupil.pk)
    response = client.post(_url(pupil), _data(pupil, preferred_first_name="Avi", **overrides))
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and message in body
    assert Pupil.objects.values().get(pk=pupil.pk) == before
    assert pupil.history.count() == 1
    assert not AuditEvent.objects.filter(action="change").exists()


def test_saving_without_changes_writes_no_version(client, la_officer, pupil):
    client.force_login(la_officer)
    assert client.post(_url(pupil), _data(pupil)).status_code == 302
    assert pupil.history.count() == 1
    assert not AuditEvent.objects.filter(action="change").exists()


def test_the_upn_and_home_school_cannot_be_changed_here(client, la_officer, pupil, school_b):
    client.force_login(la_officer)
    body = client.get(_url(pupil)).content.decode()
    assert 'name="upn"' not in body and 'name="home_school"' not in body
    assert "a UPN change or a move of school is a different process" in body
    client.post(_url(pupil), _data(pupil, upn="B801200005001", home_school=school_b.pk))
    pupil.refresh_from_db()
    assert pupil.home_school_id != school_b.pk and pupil.upn != "B801200005001"
