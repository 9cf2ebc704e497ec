"""The placement and pupil lists' rows (plain dictionaries, placements.selectors.rows) show each
cell as the lists always have: the link to the record, names, key stage, route, dates and status."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from placements.models import PlacementStatus
from tests.placements.factories import PlacementFactory, PupilFactory
from tests.providers.factories import SiteCapacityFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_a_placement_row_links_the_pupil_and_shows_the_placement(client, la, la_officer, school_a):
    site = SiteFactory(provider__organisation__local_authority=la, provider__organisation__name="Rowan AP", name="Mill")
    SiteCapacityFactory(site=site, key_stage="ks3", places=3)
    placement = PlacementFactory(
        site=site,
        pupil__home_school=school_a,
        pupil__legal_first_name="Ada",
        pupil__legal_last_name="Rowe",
        status=PlacementStatus.ACTIVE,
        start_date=dt.date(2026, 9, 7),
        end_date=dt.date(2026, 12, 18),
    )
    client.force_login(la_officer)
    body = client.get(reverse("placements:placement-list")).content.decode()
    url = reverse("placements:placement-detail", args=[placement.pk])
    assert (
        f'<td class="govuk-table__cell"><a class="govuk-link" href="{url}">Ada Rowe</a><br>'
        '<span class="govuk-hint govuk-!-font-size-16">Key stage 3</span></td>'
    ) in body
    assert '<td class="govuk-table__cell">Rowan AP – Mill</td>' in body
    assert f'<td class="govuk-table__cell">{escape(placement.route_snapshot["name"])}</td>' in body
    assert '<td class="govuk-table__cell">7 Sep 2026 to 18 Dec 2026</td>' in body
    assert '<strong class="govuk-tag govuk-tag--grey">Active</strong>' in body

    pupil_page = client.get(reverse("placements:pupil-detail", args=[placement.pupil.pk])).content.decode()
    assert f'<a class="govuk-link" href="{url}">Rowan AP – Mill</a>' in pupil_page


def test_a_pupil_row_links_the_pupil_and_shows_their_school_and_needs(client, la_officer, school_a):
    pupil = PupilFactory(
        home_school=school_a, legal_first_name="Ben", legal_last_name="Ash", looked_after=True, sen_status="sen_support"
    )
    client.force_login(la_officer)
    body = client.get(reverse("placements:pupil-list")).content.decode()
    url = reverse("placements:pupil-detail", args=[pupil.pk])
    assert (
        f'<a class="govuk-link" href="{url}">Ben Ash</a> '
        '<strong class="govuk-tag govuk-tag--purple">Looked after</strong>'
    ) in body
    assert f'<td class="govuk-table__cell">{pupil.upn}</td>' in body
    assert '<td class="govuk-table__cell">15 Jan 2013</td>' in body
    assert f'<td class="govuk-table__cell">{school_a.name}</td>' in body
    assert '<td class="govuk-table__cell">SEN support</td>' in body


def test_the_lists_dates_read_as_the_date_filter_would_write_them():
    from django.utils.dateformat import format as date_format

    from apcommission.core.figures import short_date

    days = [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(0, 366, 7)] + [dt.date(1999, 12, 31)]
    assert [short_date(day) for day in days] == [date_format(day, "j M Y") for day in days]


def test_the_pupil_page_shows_each_placements_dates(client, la, la_officer, school_a):
    site = SiteFactory(provider__organisation__local_authority=la, provider__organisation__name="Rowan AP", name="Mill")
    SiteCapacityFactory(site=site, key_stage="ks3", places=3)
    placement = PlacementFactory(
        site=site,
        pupil__home_school=school_a,
        status=PlacementStatus.ACTIVE,
        start_date=dt.date(2026, 9, 7),
        end_date=dt.date(2026, 12, 18),
    )
    client.force_login(la_officer)
    body = client.get(reverse("placements:pupil-detail", args=[placement.pupil_id])).content.decode()
    assert '<td class="govuk-table__cell">7 Sep 2026 to 18 Dec 2026</td>' in body
