"""After every change, the page the user lands on says what changed (the GOV.UK success banner);
the panel has a "decided" list and its decision date starts at today; only the provider accepts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.core.models import Role
from placements.models import PanelDecision, PlacementStatus
from tests.factories import MembershipFactory, UserFactory
from tests.page_text import page_text
from tests.placements.factories import PlacementFactory
from tests.providers.factories import SiteCapacityFactory, SiteFactory

BANNER = "govuk-notification-banner--success"


@pytest.fixture
def site(la):
    site = SiteFactory(provider__organisation__local_authority=la, provider__organisation__name="Riverside Learning")
    SiteCapacityFactory(site=site, key_stage="ks3", places=50)
    return site


@pytest.fixture
def provider_user(site):
    user = UserFactory(full_name="Priya Provider")
    MembershipFactory(user=user, organisation=site.provider.organisation, role=Role.PROVIDER_USER)
    return user


def _banner(response) -> str:
    body = response.content.decode()
    assert BANNER in body, "no success banner"
    return body.split(BANNER)[1].split("</div>\n</div>")[0]


def test_the_provider_accepts_and_is_told_the_placement_is_booked(client, provider_user, site, school_a):
    placement = PlacementFactory(site=site, pupil__home_school=school_a, start_date=timezone.localdate())
    client.force_login(provider_user)
    response = client.post(reverse("placements:placement-accept", args=[placement.pk]), {"confirm": "yes"}, follow=True)
    assert f"{placement.pupil.full_name}'s placement at Riverside Learning" in page_text(_banner(response))
    assert "is now booked" in _banner(response)


def test_an_officer_is_not_offered_the_providers_accept_step(client, la_officer, site, school_a):
    placement = PlacementFactory(site=site, pupil__home_school=school_a)
    client.force_login(la_officer)
    page = client.get(reverse("placements:placement-detail", args=[placement.pk])).content.decode()
    assert reverse("placements:placement-accept", args=[placement.pk]) not in page
    # A pupil's page: refused as if it did not exist.
    assert client.get(reverse("placements:placement-accept", args=[placement.pk])).status_code == 404


def _requested(site, school):
    return PlacementFactory(
        site=site, pupil__home_school=school, status=PlacementStatus.REQUESTED, requires_panel=True, commissioner="la"
    )


def test_the_panel_decision_date_starts_at_today_and_the_banner_says_what_was_decided(
    client, la_officer, site, school_a
):
    placement = _requested(site, school_a)
    url = reverse("placements:panel-decision", args=[placement.pk])
    client.force_login(la_officer)
    form = client.get(url).context["form"]
    today = timezone.localdate()
    assert form["decision_date"].value() == today or form.initial["decision_date"] == today
    page = client.get(url).content.decode()
    assert f'value="{today.day}"' in page and f'value="{today.year}"' in page
    data = {
        "decision": "approve",
        "reasons": "Section 19 duty",
        "decision_date_0": today.day,
        "decision_date_1": today.month,
        "decision_date_2": today.year,
    }
    response = client.post(url, data, follow=True)
    banner = _banner(response)
    assert f"Panel decision recorded for {placement.pupil.full_name}: approve" in page_text(banner)
    assert "now approved" in banner


def test_the_panel_has_a_decided_list(client, la_officer, site, school_a):
    waiting = _requested(site, school_a)
    decided = _requested(site, school_a)
    decided.status = PlacementStatus.APPROVED
    decided.save()
    PanelDecision.objects.create(
        placement=decided,
        decision="approve",
        reasons="Fits",
        decision_date=timezone.localdate() - dt.timedelta(days=2),
        decided_by=la_officer,
    )
    client.force_login(la_officer)
    queue = client.get(reverse("placements:panel-queue"))
    assert [p["id"] for p in queue.context["page"]] == [waiting.pk]
    response = client.get(reverse("placements:panel-queue") + "?show=decided")
    assert [p["id"] for p in response.context["page"]] == [decided.pk]
    body = response.content.decode()
    assert 'aria-current="page" href="?show=decided"' in body and "Approve" in body


def test_the_providers_count_opens_exactly_the_placements_it_counts(client, provider_user, site, school_a):
    from apcommission.core.compiled import answered
    from apcommission.core.scoping import scope_for
    from placements.selectors import home_panels

    waiting = [PlacementFactory(site=site, pupil__home_school=school_a) for _ in range(2)]
    PlacementFactory(site=site, pupil__home_school=school_a, status=PlacementStatus.ACTIVE)
    panels = answered(home_panels(user=provider_user, scope=scope_for(provider_user)))
    link = next(link for panel in panels for link in panel["links"] if "waiting for you to accept" in link["hint"])
    assert link["hint"] == "2 waiting for you to accept"
    client.force_login(provider_user)
    listed = client.get(link["url"])
    assert {p["id"] for p in listed.context["page"]} == {p.pk for p in waiting}


@pytest.mark.parametrize("decided", [2, 12])
def test_the_decided_list_runs_a_constant_number_of_queries(
    client, la_officer, site, school_a, decided, django_assert_max_num_queries
):
    for _ in range(decided):
        placement = _requested(site, school_a)
        placement.status = PlacementStatus.DECLINED
        placement.save()
        PanelDecision.objects.create(
            placement=placement,
            decision="decline",
            reasons="No",
            decision_date=timezone.localdate(),
            decided_by=la_officer,
        )
    client.force_login(la_officer)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("placements:panel-queue") + "?show=decided")
    assert len(response.context["page"]) == decided
