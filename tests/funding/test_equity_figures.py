"""Equity of access's maintained figures (`SchoolYearFigures`) equal the figures counted directly,
for every school, year and kind of user, in a world of two LAs; they are rebuilt in the committed
costs' transaction; the page says "as of" when it reads them, and counts for itself before the
first refresh."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import LumpSum, SchoolYearFigures, SchoolYearFiguresRefresh
from funding.selectors import equity_rows
from funding.services import commitments_refresh
from funding.services.equity import school_year_figures_refresh
from tests.factories import LocalAuthorityFactory, SchoolFactory
from tests.funding.factories import SchoolContributionFactory, la_paid_placement
from tests.placements.factories import PlacementFactory, PupilFactory

YEARS = range(2023, 2029)
COLUMNS = ("pk", "name", "urn", "placements", "school_days", "ap_cost", "school_paid", "paid_in", "recoupment")


def _school_paid(pupil__home_school, start, end, *, status="active", ended_on=None, weekly="300.00", **kwargs):
    placement = PlacementFactory(
        pupil__home_school=pupil__home_school,
        requesting_school=pupil__home_school,
        status=status,
        start_date=start,
        end_date=end,
        **kwargs,
    )
    placement.weekly_cost, placement.ended_on = Decimal(weekly), ended_on
    placement.save()
    return placement


@pytest.fixture
def world(la, school_a, school_b):
    la_2 = LocalAuthorityFactory(name="Mercia Council", la_code="998")
    school_c = SchoolFactory(organisation__name="Cobham High", organisation__local_authority=la_2)
    for year in (2024, 2025, 2026):
        LumpSum.objects.create(
            local_authority=la, route_code="awaiting_place", financial_year=year, amount=Decimal("750")
        )
    # Over the turn of a financial year, and over three of them.
    la_paid_placement(pupil__home_school=school_a, start_date=dt.date(2026, 2, 2), end_date=dt.date(2026, 6, 26))
    la_paid_placement(pupil__home_school=school_a, start_date=dt.date(2024, 11, 4), end_date=dt.date(2027, 1, 29))
    # Paid by the school; one ended early, one ended before the year it was booked into.
    _school_paid(school_a, dt.date(2026, 9, 14), dt.date(2026, 12, 18), status="ended", ended_on=dt.date(2026, 10, 2))
    _school_paid(school_b, dt.date(2025, 3, 2), dt.date(2025, 7, 18), status="ended", ended_on=dt.date(2025, 3, 20))
    _school_paid(school_b, dt.date(2026, 1, 5), dt.date(2026, 3, 27), status="broken_down", weekly="412.37")
    # Booked but not started; declined and awaiting the panel (not counted); unpriced (counted, no cost).
    _school_paid(school_b, dt.date(2027, 1, 4), dt.date(2027, 4, 30), status="booked")
    PlacementFactory(pupil__home_school=school_b, status="declined")
    PlacementFactory(pupil__home_school=school_a, status="approved")
    PlacementFactory(pupil__home_school=school_a, status="active", start_date=dt.date(2026, 4, 13))
    # A pupil of the other LA at a school of this one, one at the other LA's school, and a child
    # with no school place.
    la_paid_placement(
        pupil=PupilFactory(home_school=school_b, home_la=la_2),
        start_date=dt.date(2026, 5, 4),
        end_date=dt.date(2026, 7, 17),
    )
    la_paid_placement(pupil__home_school=school_c, start_date=dt.date(2026, 5, 4), end_date=dt.date(2026, 7, 17))
    la_paid_placement(pupil=PupilFactory(home_school=None, home_la=la), start_date=dt.date(2026, 5, 4))
    SchoolContributionFactory(
        school=school_a, local_authority=la, financial_year=2026, annual_amount=Decimal("1500"),
        buys_traded_offer=True, charge_per_placement=Decimal("200"),
    )  # fmt: skip
    return {"la_2": la_2, "school_c": school_c}


def _rows(user, local_authority, year, sort="school_name"):
    rows = equity_rows(user=user, local_authority=local_authority, financial_year=year, sort=sort)
    return [tuple(row[name] for name in COLUMNS) for row in rows], rows.as_of, dict(rows.totals)


def _every_view(users):
    return {
        (name, year, sort): _rows(user, local_authority, year, sort)
        for name, (user, local_authority) in users.items()
        for year in YEARS
        for sort in ("school_name", "-ap_cost", "placements")
    }


def test_the_maintained_figures_equal_the_figures_counted_directly(la, la_finance, senco_school_a, world):
    from tests.conftest import _member

    la_2_finance = _member("la_finance", world["la_2"], full_name="Fred Finance")
    users = {"la": (la_finance, la), "school": (senco_school_a, la), "la_2": (la_2_finance, world["la_2"])}
    counted = _every_view(users)
    assert all(as_of is None for _rows, as_of, _totals in counted.values())
    assert any(row[3] for rows, _as_of, _totals in counted.values() for row in rows)  # something to compare

    commitments_refresh(local_authority=la)
    commitments_refresh(local_authority=world["la_2"])
    assert SchoolYearFigures.objects.exists()
    # Counted directly once the committed costs exist (no summary read yet).
    SchoolYearFiguresRefresh.objects.all().delete()
    direct = _every_view(users)
    assert any(row[5] for rows, _as_of, _totals in direct.values() for row in rows)  # costs to compare
    assert any(row[6] for rows, _as_of, _totals in direct.values() for row in rows)  # and school-paid ones

    commitments_refresh(local_authority=la)
    commitments_refresh(local_authority=world["la_2"])
    summarised = _every_view(users)
    for key, (rows, as_of, totals) in summarised.items():
        assert as_of is not None, key
        assert (rows, totals) == direct[key][:1] + direct[key][2:], key


def test_a_refresh_replaces_the_rows(la, school_a, world):
    commitments_refresh(local_authority=la)
    before = list(SchoolYearFigures.objects.order_by("pk").values_list("financial_year", "school", "placements"))
    commitments_refresh(local_authority=la)
    after = list(SchoolYearFigures.objects.order_by("pk").values_list("financial_year", "school", "placements"))
    assert sorted(before) == sorted(after) and len(after) == len(set((y, s) for y, s, _n in after))
    assert school_year_figures_refresh(local_authority=la) == len(after)


def test_the_page_says_as_of_when_it_reads_the_maintained_figures(client, la, la_finance, world):
    client.force_login(la_finance)
    url = reverse("funding:equity") + "?year=2026"
    assert "as of" not in client.get(url).content.decode()
    commitments_refresh(local_authority=la)
    page = client.get(url).content.decode()
    assert "Placements, school days and costs as of" in page


def _top_ups_counted(user, year, payer="", school=None):
    """The top-up list's totals and count summed from the committed costs themselves."""
    from django.db.models import Q, Sum
    from django.db.models.functions import Coalesce

    from funding.models import Commitment

    def total(payer, kind):
        return Coalesce(Sum("amount", filter=Q(payer=payer, kind=kind)), Decimal("0.00"))

    totals = (
        Commitment.objects.visible_to(user)
        .filter(financial_year=year)
        .aggregate(
            la_top_up=total("la", "top_up"),
            la_lump_sum=total("la", "lump_sum"),
            school_top_up=total("school", "top_up"),
            school_lump_sum=total("school", "lump_sum"),
        )
    )
    rows = Commitment.objects.visible_to(user).filter(
        financial_year=year, placement__isnull=False, kind__in=("top_up", "lump_sum")
    )
    if payer:
        rows = rows.filter(payer=payer)
    if school:
        rows = rows.filter(payer_school_id=school.pk)
    count = rows.values("placement_id", "payer", "provider_id", "payer_school_id").distinct().count()
    return totals, count


def test_the_top_up_totals_and_count_equal_those_summed_from_the_committed_costs(
    la, la_finance, senco_school_a, senco_school_b, school_a, school_b, world
):
    from funding.selectors import top_up_rows_paged, top_up_totals

    commitments_refresh(local_authority=la)
    commitments_refresh(local_authority=world["la_2"])
    seen = 0
    for user in (la_finance, senco_school_a, senco_school_b):
        for year in YEARS:
            for payer, school in (("", None), ("la", None), ("school", None), ("", school_a), ("", school_b)):
                totals, count = _top_ups_counted(user, year, payer, school)
                assert vars(top_up_totals(user=user, financial_year=year)) == totals
                urn = school.urn if school else ""  # the school as an officer may type it
                paged = top_up_rows_paged(user=user, financial_year=year, payer=payer, school=urn)
                assert paged.count() == count == len(list(paged)), (user, year, payer, urn)
                seen += count
    assert seen


def test_the_kept_traded_offer_counts_equal_those_counted_directly(
    la, la_finance, senco_school_a, senco_school_b, world
):
    from funding.selectors import contributions_for, cost_recovery

    def figures(user, year, kept):
        rows = contributions_for(user=user, financial_year=year, kept=kept)
        found = [(row.school_id, row.traded_placements, row.traded_income, row.income) for row in rows]
        recovery = cost_recovery(local_authority=la, financial_year=year, user=user, kept=kept)
        return found, vars(recovery)

    commitments_refresh(local_authority=la)
    commitments_refresh(local_authority=world["la_2"])
    assert any(row.traded_placements for row in SchoolYearFigures.objects.all())
    seen = 0
    for user in (la_finance, senco_school_a, senco_school_b):
        for year in YEARS:
            direct = figures(user, year, kept=False)
            assert figures(user, year, kept=True) == direct, (user, year)
            seen += sum(n for _school, n, _income, _total in direct[0])
    assert seen
    # Every school's count, whoever requested it, against the placements themselves.
    from django.db.models import Sum

    from funding.selectors import traded_placements

    for year in YEARS:
        kept = dict(
            SchoolYearFigures.objects.filter(financial_year=year, traded_placements__gt=0)
            .values("school")
            .annotate(n=Sum("traded_placements"))
            .values_list("school", "n")
        )
        counted = {}
        arranged = traded_placements(financial_year=year).filter(requesting_school__isnull=False)
        for school in arranged.values_list("requesting_school", flat=True):
            counted[school] = counted.get(school, 0) + 1
        assert kept == counted, year


def test_the_contributions_pages_cost_recovery_equals_the_one_summed_directly(
    la, la_finance, school_a, school_b, world
):
    """The first page's cost recovery (summed by a statement of its own, the traded income probed
    for the schools that buy the offer) against `cost_recovery`, kept and counted, every year: with
    a second school's contribution, another year's charge for the same school and the other LA's
    school buying the traded offer, and a page of one row, so the sums are not the page's."""
    from dataclasses import replace

    from funding.selectors import contribution_first_page, cost_recovery, cost_recovery_compiled

    SchoolContributionFactory(
        school=school_b, local_authority=la, financial_year=2026, annual_amount=Decimal("900"),
        buys_traded_offer=True, charge_per_placement=Decimal("125.50"),
    )  # fmt: skip
    SchoolContributionFactory(
        school=school_a, local_authority=la, financial_year=2025, annual_amount=Decimal("1400"),
        buys_traded_offer=True, charge_per_placement=Decimal("180"),
    )  # fmt: skip
    SchoolContributionFactory(
        school=world["school_c"], local_authority=world["la_2"], financial_year=2026, annual_amount=Decimal("700"),
        buys_traded_offer=True, charge_per_placement=Decimal("90"),
    )  # fmt: skip
    _school_paid(world["school_c"], dt.date(2026, 6, 1), dt.date(2026, 7, 17))
    commitments_refresh(local_authority=la)
    commitments_refresh(local_authority=world["la_2"])
    traded = {}
    for year in YEARS:
        for kept in (False, True):
            # A later page's figures first: each statement is kept in the process under its own key.
            later = cost_recovery_compiled(local_authority_id=la.pk, financial_year=year, user=la_finance, kept=kept)
            _rows, _count, page = contribution_first_page(
                user=la_finance, financial_year=year, kept=kept, per_page=1, recovery_of=la.pk
            )
            direct = cost_recovery(local_authority=la, financial_year=year, user=la_finance, kept=kept)
            assert replace(page, service_cost=direct.service_cost) == direct == later, (year, kept)
            traded[year, kept] = page.traded_income
    # 2026: one placement each for the two schools of this LA (200.00 and 125.50); the other LA's
    # school's charge not among them, nor school A's charge for 2025 (no placement in that year).
    expected = {year: Decimal("325.50" if year == 2026 else 0) for year in YEARS}
    assert traded == {(year, kept): expected[year] for year in YEARS for kept in (False, True)}


def test_the_contributions_page_says_as_of_when_it_reads_the_kept_counts(client, la, la_finance, world):
    client.force_login(la_finance)
    url = reverse("funding:contributions") + "?year=2026"
    assert "Placements arranged as of" not in client.get(url).content.decode()
    commitments_refresh(local_authority=la)
    assert "Placements arranged as of" in client.get(url).content.decode()


def test_the_top_up_rows_kept_equal_those_summed_from_the_committed_costs(
    la, la_finance, senco_school_a, senco_school_b, school_a, school_b, world
):
    from funding.models import TopUpRow
    from funding.selectors import top_up_rows, top_up_rows_paged

    commitments_refresh(local_authority=la)
    commitments_refresh(local_authority=world["la_2"])
    assert TopUpRow.objects.exists()
    seen = 0
    for user in (la_finance, senco_school_a, senco_school_b):
        for year in YEARS:
            for payer, school, search in (
                ("", "", ""),
                ("la", "", ""),
                ("school", "", ""),
                ("", school_a.urn, ""),
                ("", "applegate", ""),
                ("", "primary bramble", ""),
                ("", "nowhere", ""),
                ("", "", "a"),
                ("", "", "zzzz"),
            ):
                filters = {"financial_year": year, "payer": payer, "school": school, "search": search}
                direct = list(top_up_rows(user=user, **filters))
                paged = top_up_rows_paged(user=user, **filters)
                assert paged.count() == len(direct), (user, filters)
                assert list(paged[0 : len(direct) + 1]) == direct, (user, filters)
                assert list(paged[1:3]) == direct[1:3], (user, filters)
                seen += len(direct)
    assert seen


@pytest.mark.parametrize("page", [None, "", "1", "2", "3", "4", "41", "999", "0", "-1", "2.5", "abc"])
def test_the_top_up_list_gives_the_page_a_paginator_gives_for_any_page_number(la, la_finance, world, page):
    """The list's page is read with its figures before the count is known: for every page number
    (past the end, below one, not a number) it is the page Django's Paginator gives of the rows
    summed directly, with the same number."""
    from django.core.paginator import Paginator

    from funding.selectors import top_up_list, top_up_rows

    commitments_refresh(local_authority=la)
    direct = list(top_up_rows(user=la_finance, financial_year=2026))
    assert len(direct) > 4  # three pages of two, and a part page
    expected = Paginator(direct, 2).get_page(page)
    listed = top_up_list(user=la_finance, financial_year=2026, page_size=2, page=page)
    assert (listed.page.number, list(listed.page.object_list)) == (expected.number, list(expected.object_list))
    assert listed.page.paginator.count == len(direct)


def test_the_top_up_list_is_read_in_one_round_trip_filtered_or_not(client, la, la_finance, world):
    """The figures and the page's rows go to PostgreSQL together (one pipeline), with or without
    filters: a school is named, not chosen from a list read first."""
    from django.db import connection

    commitments_refresh(local_authority=la)
    client.force_login(la_finance)
    client.get(reverse("funding:top-ups"))  # the session and the user, read once
    seen = []

    def note(execute, sql, params, many, context):
        seen.append((sql, getattr(context["connection"].connection, "_pipeline", None) is not None))
        return execute(sql, params, many, context)

    def read(query):
        seen.clear()
        with connection.execute_wrapper(note):
            response = client.get(reverse("funding:top-ups"), query)
        assert response.status_code == 200
        # Each statement by its own table; the session's and user's reads are every signed-in request's.
        lists = ('"funding_topuptotals"', '"funding_topuprow"')
        return sorted((table, pipelined) for sql, pipelined in seen for table in lists if f"FROM {table}" in sql)

    together = connection.vendor == "postgresql"
    both = [('"funding_topuprow"', together), ('"funding_topuptotals"', together)]
    assert read({}) == both
    assert read({"payer": "la"}) == both
    assert read({"school": "applegate"}) == both  # the school found inside the list's statements
    # A pupil's name searched is counted for itself: no kept total counts names.
    assert read({"school": "applegate", "q": "a"}) == sorted([*both, ('"funding_topuprow"', False)])
