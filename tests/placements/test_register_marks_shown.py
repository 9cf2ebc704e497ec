"""The daily register shows each session's saved mark chosen in its list and its reason filled in;
a posted value that is not a mark chooses nothing (and adds nothing to the rendered options)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.core.models import Role
from placements.forms import attendance as register_form
from placements.models import AttendanceMark, PlacementStatus
from tests.factories import MembershipFactory, UserFactory
from tests.placements.factories import PlacementFactory
from tests.providers.factories import SiteCapacityFactory, SiteFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def placement(la, school_a):
    site = SiteFactory(provider__organisation__local_authority=la)
    SiteCapacityFactory(site=site, key_stage="ks3", places=5)
    return PlacementFactory(
        site=site,
        pupil__home_school=school_a,
        status=PlacementStatus.ACTIVE,
        start_date=TODAY - dt.timedelta(days=10),
        end_date=TODAY + dt.timedelta(days=60),
    )


@pytest.fixture
def marker(placement):
    user = UserFactory()
    MembershipFactory(user=user, organisation=placement.provider.organisation, role=Role.PROVIDER_USER)
    return user


def _register(placement):
    return reverse("placements:attendance-register", args=[placement.provider.pk, TODAY.isoformat()])


def _select(body, name):
    return re.search(rf'<select[^>]*name="{name}">(.*?)</select>', body, re.S).group(1)


def test_a_saved_mark_is_chosen_and_its_reason_filled_in(client, placement, marker):
    AttendanceMark.objects.create(placement=placement, date=TODAY, session="am", mark="authorised", reason="Dentist")
    client.force_login(marker)
    body = client.get(_register(placement)).content.decode()
    morning, afternoon = _select(body, f"mark_am_{placement.pk}"), _select(body, f"mark_pm_{placement.pk}")
    assert re.findall(r'<option value="([^"]*)" selected>', morning) == ["authorised"]
    assert re.findall(r'<option value="([^"]*)" selected>', afternoon) == [""]
    assert morning.count("<option ") == 6 and '<option value="late">Late</option>' in morning
    assert f'name="reason_am_{placement.pk}" type="text" maxlength="200" value="Dentist"' in body
    assert f'name="reason_pm_{placement.pk}" type="text" maxlength="200" value=""' in body


def test_a_posted_value_that_is_not_a_mark_chooses_nothing(client, placement, marker):
    client.force_login(marker)
    register_form._options_with.cache_clear()
    for bogus in ("K", "<script>", "x" * 50):
        body = client.post(_register(placement), {f"mark_am_{placement.pk}": bogus}).content.decode()
        assert "govuk-select--error" in body and " selected>" not in _select(body, f"mark_am_{placement.pk}")
    assert register_form._options_with.cache_info().currsize == 1  # every value not a mark shares one rendering
    assert not AttendanceMark.objects.exists()


def test_the_register_shows_each_pupils_attendance_to_date_as_counted_directly(client, placement, marker):
    """Present or late over the sessions marked (less "not required"), as attendance_by_placement
    counts them: the register reads both counts in one pass over the marks."""
    from placements.selectors.attendance import attendance_by_placement

    marks = ["present", "present", "late", "authorised", "unauthorised", "not_required", "present"]
    for days_ago, mark in enumerate(marks, start=1):
        day = TODAY - dt.timedelta(days=days_ago)
        AttendanceMark.objects.create(placement=placement, date=day, session="am", mark=mark)
    stats = attendance_by_placement([placement.pk])[placement.pk]
    assert (stats.attended, stats.possible) == (4, 6)
    client.force_login(marker)
    body = client.get(_register(placement)).content.decode()
    assert f"{stats.percent}% " in body
    assert "(4 of 6 sessions)" in body
