"""The register's one rule, stated on its page: an absence saved without a reason is recorded as
unexplained, and the banner says so (it alerts at the alert time, as the page says); "mark everyone
else present" saves present for every unmarked session and keeps the exceptions; a booked pupil
not on the register yet is named with the reason ("starts on …")."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.core.models import Role
from placements.models import AttendanceMark, PlacementStatus
from tests.factories import MembershipFactory, UserFactory
from tests.page_text import page_text
from tests.placements.factories import PlacementFactory
from tests.providers.factories import SiteCapacityFactory, SiteFactory

TODAY = timezone.localdate()


@pytest.fixture
def site(la):
    site = SiteFactory(provider__organisation__local_authority=la, provider__organisation__name="Rule Learning")
    SiteCapacityFactory(site=site, key_stage="ks3", places=50)
    return site


@pytest.fixture
def provider_user(site):
    user = UserFactory()
    MembershipFactory(user=user, organisation=site.provider.organisation, role=Role.PROVIDER_USER)
    return user


def _placement(site, school, surname, **kwargs):
    values = {
        "status": PlacementStatus.ACTIVE,
        "start_date": TODAY - dt.timedelta(days=10),
        "end_date": TODAY + dt.timedelta(days=60),
    } | kwargs
    return PlacementFactory(site=site, pupil__home_school=school, pupil__legal_last_name=surname, **values)


def _url(site):
    return reverse("placements:attendance-register", args=[site.provider.pk, TODAY.isoformat()])


def test_the_page_states_the_rule_for_absences_without_a_reason(client, provider_user, site, school_a):
    _placement(site, school_a, "Ashby")
    client.force_login(provider_user)
    body = client.get(_url(site)).content.decode()
    assert "An absence saved without a reason is recorded as unexplained" in body
    assert "Give a reason for every absence" not in body


def test_absences_without_a_reason_are_saved_as_unexplained_with_a_warning_not_just_success(
    client, provider_user, site, school_a
):
    pupils = [_placement(site, school_a, f"Pupil{i}") for i in range(5)]
    client.force_login(provider_user)
    marks = {f"mark_am_{p.pk}": "unauthorised" for p in pupils}
    response = client.post(_url(site), marks, follow=True)
    body = response.content.decode()
    assert AttendanceMark.objects.filter(reason="").count() == 5
    assert "5 absences have no reason, so they are recorded as unexplained" in body
    assert "the pupil&#x27;s home school and the local authority are alerted" in body


def test_absences_with_reasons_get_only_the_success_banner(client, provider_user, site, school_a):
    pupil = _placement(site, school_a, "Reasoned")
    client.force_login(provider_user)
    data = {f"mark_am_{pupil.pk}": "authorised", f"reason_am_{pupil.pk}": "Dentist"}
    body = client.post(_url(site), data, follow=True).content.decode()
    assert "Register saved: 1 new marks" in body
    assert "no reason, so" not in body


def test_mark_everyone_else_present_keeps_the_exceptions(client, provider_user, site, school_a):
    absent, *others = [_placement(site, school_a, f"Pupil{i}") for i in range(4)]
    client.force_login(provider_user)
    data = {
        f"mark_am_{absent.pk}": "authorised",
        f"reason_am_{absent.pk}": "Hospital appointment",
        "everyone_present": "1",
    }
    response = client.post(_url(site), data)
    assert response.status_code == 302
    marks = {(m.placement_id, m.session): m.mark for m in AttendanceMark.objects.all()}
    assert marks[(absent.pk, "am")] == "authorised"
    assert marks[(absent.pk, "pm")] == "present"
    assert all(marks[(p.pk, s)] == "present" for p in others for s in ("am", "pm"))
    assert len(marks) == 8


def test_saving_without_the_shortcut_leaves_unmarked_sessions_unmarked(client, provider_user, site, school_a):
    pupil, other = _placement(site, school_a, "One"), _placement(site, school_a, "Two")
    client.force_login(provider_user)
    client.post(_url(site), {f"mark_am_{pupil.pk}": "present"})
    assert list(AttendanceMark.objects.values_list("placement_id", "session")) == [(pupil.pk, "am")]
    assert other.pk not in AttendanceMark.objects.values_list("placement_id", flat=True)


def test_the_register_explains_why_a_booked_pupil_is_not_on_it_yet(client, provider_user, site, school_a):
    _placement(site, school_a, "Onregister")
    later = _placement(
        site, school_a, "Laterstart", status=PlacementStatus.BOOKED, start_date=TODAY + dt.timedelta(days=7)
    )
    overdue = _placement(site, school_a, "Notstarted", status=PlacementStatus.BOOKED, start_date=TODAY)
    client.force_login(provider_user)
    response = client.get(_url(site))
    body = page_text(response)
    rows = [row["placement_id"] for row in response.context["rows"]]
    assert later.pk not in rows and overdue.pk not in rows
    assert f"{later.pupil.full_name}: starts on {later.start_date:%-d %B %Y}" in body
    assert f"{overdue.pupil.full_name}: was due to start on" in body
    assert reverse("placements:placement-start", args=[overdue.pk]) in body
