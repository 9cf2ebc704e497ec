"""Equity of access: per school, the AP its pupils used beside what it paid in, each figure against
a sum worked out here; sortable; the CSV reads back; a school sees only its own row."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import Recoupment
from funding.selectors import equity_rows, equity_totals
from funding.services import commitments_refresh
from tests.funding.factories import SchoolContributionFactory, la_paid_placement
from tests.placements.factories import ExclusionFactory, PlacementFactory


def weekdays(first, last):
    return sum(1 for n in range((last - first).days + 1) if (first + dt.timedelta(days=n)).weekday() < 5)


@pytest.fixture
def used(la, la_finance, school_a, school_b):
    # Autumn 2026 has no bank holidays between 7 September and 18 December.
    a_la = la_paid_placement(
        pupil__home_school=school_a, start_date=dt.date(2026, 9, 7), end_date=dt.date(2026, 10, 16)
    )
    a_school = PlacementFactory(
        pupil__home_school=school_a,
        requesting_school=school_a,
        status="ended",
        start_date=dt.date(2026, 9, 14),
        end_date=dt.date(2026, 12, 18),
    )
    a_school.weekly_cost, a_school.ended_on = Decimal("300.00"), dt.date(2026, 10, 2)
    a_school.save()
    la_paid_placement(pupil__home_school=school_b, start_date=dt.date(2026, 11, 2), end_date=dt.date(2026, 11, 27))
    PlacementFactory(pupil__home_school=school_b, status="declined")
    SchoolContributionFactory(
        school=school_a, local_authority=la, annual_amount=Decimal("1500"), buys_traded_offer=True,
        charge_per_placement=Decimal("200"),
    )  # fmt: skip
    SchoolContributionFactory(school=school_b, local_authority=la, annual_amount=Decimal("1200"))
    exclusion = ExclusionFactory(pupil=a_la.pupil, school=school_a, kind="permanent", first_day=dt.date(2026, 9, 1))
    Recoupment.objects.create(
        local_authority=la, exclusion=exclusion, pupil=a_la.pupil, school=school_a, kind="excluding",
        basis="maintained", relevant_date=dt.date(2026, 9, 1), period_end=dt.date(2027, 3, 31), financial_year=2026,
        nc_year=9, weeks=30, awpu_band="ks3", awpu_rate=Decimal("5000"), awpu_amount=Decimal("2884.62"),
        total=Decimal("2884.62"), rule_version="test", calculated_by=la_finance,
    )  # fmt: skip
    commitments_refresh(local_authority=la)
    a_days = weekdays(dt.date(2026, 9, 7), dt.date(2026, 10, 16)) + weekdays(dt.date(2026, 9, 14), dt.date(2026, 10, 2))
    a_cost = Decimal(285) * weekdays(dt.date(2026, 9, 7), dt.date(2026, 10, 16)) / 5
    a_school_cost = Decimal(300) * weekdays(dt.date(2026, 9, 14), dt.date(2026, 10, 2)) / 5
    b_days = weekdays(dt.date(2026, 11, 2), dt.date(2026, 11, 27))
    return {
        school_a.pk: (2, a_days, a_cost + a_school_cost, a_school_cost, Decimal("1700.00"), Decimal("2884.62")),
        school_b.pk: (1, b_days, Decimal(285) * b_days / 5, Decimal("0"), Decimal("1200.00"), Decimal("0")),
    }


def figures(row):
    return tuple(row[name] for name in ("placements", "school_days", "ap_cost", "school_paid", "paid_in", "recoupment"))


def test_each_schools_figures_match_an_independent_sum(la, la_finance, school_a, used):
    # School A commissioned its own placement: one placement arranged under the traded offer (£200).
    rows = {row["pk"]: figures(row) for row in equity_rows(user=la_finance, local_authority=la, financial_year=2026)}
    assert rows == used
    totals = equity_totals(equity_rows(user=la_finance, local_authority=la, financial_year=2026))
    for index, name in enumerate(("placements", "school_days", "ap_cost", "school_paid", "paid_in", "recoupment")):
        assert totals[name] == sum(values[index] for values in used.values())


def test_sorted_by_a_column_and_a_school_sees_only_its_own_row(
    la, la_finance, senco_school_b, school_a, school_b, used
):
    by_cost = equity_rows(user=la_finance, local_authority=la, financial_year=2026, sort="-ap_cost")
    assert [row["pk"] for row in by_cost] == [school_a.pk, school_b.pk]
    by_name = equity_rows(user=la_finance, local_authority=la, financial_year=2026, sort="-school_name")
    assert [row["name"] for row in by_name] == sorted([school_a.name, school_b.name], reverse=True)
    own = equity_rows(user=senco_school_b, local_authority=la, financial_year=2026)
    assert [row["pk"] for row in own] == [school_b.pk]


def test_equity_csv_reads_back(client, la, la_finance, senco_school_a, school_a, school_b, used):
    client.force_login(la_finance)
    response = client.get(reverse("funding:equity-csv"), {"year": 2026, "sort": "-ap_cost"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["School", "URN", "Placements"]
    assert [r[0] for r in rows[1:]] == [school_a.name, school_b.name]
    for row, school in zip(rows[1:], (school_a, school_b), strict=True):
        placements, days, cost, paid, paid_in, recoupment = used[school.pk]
        assert row[1:] == [
            school.urn,
            str(placements),
            str(days),
            *(f"{v:.2f}" for v in (cost, paid, paid_in, recoupment)),
        ]
    client.force_login(senco_school_a)
    own = list(csv.reader(io.StringIO(client.get(reverse("funding:equity-csv")).content.decode("utf-8-sig"))))
    assert [r[0] for r in own[1:]] == [school_a.name]


def _per_school_subqueries(*, user, local_authority, financial_year):
    """The figures as they were first worked out: a correlated subquery per figure and school."""
    from django.db.models import Count, DecimalField, ExpressionWrapper, F, IntegerField, OuterRef, Subquery, Sum
    from django.db.models.functions import Coalesce

    from apcommission.core.models import School
    from apcommission.core.scoping import scope_for
    from apcommission.core.years import FinancialYear
    from funding.models import Commitment, SchoolContribution
    from funding.rules import COMMITTED_STATUSES
    from funding.selectors import traded_placements
    from placements.models import Placement

    money, zero = DecimalField(max_digits=14, decimal_places=2), Decimal("0.00")
    year, scope = FinancialYear(financial_year), scope_for(user)
    schools = School.objects.filter(organisation__local_authority=local_authority)
    if local_authority.pk not in scope.la_ids:
        schools = schools.filter(organisation_id__in=scope.school_ids)

    def total(queryset, group, value, field=money):
        grouped = queryset.order_by().values(group).annotate(total=value).values("total")[:1]
        return Coalesce(Subquery(grouped, output_field=field), zero if field is money else 0)

    commitments = Commitment.objects.filter(
        financial_year=financial_year, placement__pupil__home_school=OuterRef("pk"), kind__in=("top_up", "lump_sum")
    )
    in_year = Placement.objects.filter(
        pupil__home_school=OuterRef("pk"),
        status__in=COMMITTED_STATUSES,
        start_date__lte=year.last_day,
        end_date__gte=year.first_day,
    ).exclude(ended_on__lt=year.first_day)
    contribution = SchoolContribution.objects.filter(school=OuterRef("pk"), financial_year=financial_year).order_by()
    traded = traded_placements(financial_year=financial_year, school_ref=OuterRef("pk"))
    recoupment = Recoupment.objects.filter(school=OuterRef("pk"), financial_year=financial_year, kind="excluding")
    rows = schools.annotate(
        placements=total(in_year, "pupil__home_school", Count("id"), IntegerField()),
        school_days=total(
            commitments.filter(kind="top_up"), "placement__pupil__home_school", Sum("school_days"), IntegerField()
        ),
        ap_cost=total(commitments, "placement__pupil__home_school", Sum("amount")),
        school_paid=total(commitments.filter(payer="school"), "placement__pupil__home_school", Sum("amount")),
        contribution=Coalesce(Subquery(contribution.values("annual_amount")[:1], output_field=money), zero),
        charge=Coalesce(Subquery(contribution.values("charge_per_placement")[:1], output_field=money), zero),
        traded=total(traded, "requesting_school", Count("id"), IntegerField()),
        recoupment=total(recoupment.exclude(status="waived"), "school", Sum("total")),
    ).annotate(paid_in=ExpressionWrapper(F("contribution") + F("charge") * F("traded"), output_field=money))
    names = ("placements", "school_days", "ap_cost", "school_paid", "paid_in", "recoupment")
    return {school.pk: tuple(getattr(school, name) for name in names) for school in rows}


@pytest.fixture
def varied(la, la_finance, school_a, school_b, used):
    """More schools and rows: other years, statuses, a waived recoupment, a school that commissions
    without a charge, a school with nothing, a school of another LA."""
    from tests.factories import LocalAuthorityFactory, SchoolFactory

    school_c = SchoolFactory(organisation__name="Coldharbour School", organisation__local_authority=la)
    SchoolFactory(organisation__name="Dunmere Infants", organisation__local_authority=la)
    other_la = LocalAuthorityFactory(name="Mercia County Council", la_code="998")
    school_x = SchoolFactory(organisation__name="Exmoor High", organisation__local_authority=other_la)
    for start, end in ((dt.date(2025, 9, 8), dt.date(2025, 12, 12)), (dt.date(2026, 1, 5), dt.date(2026, 6, 26))):
        la_paid_placement(pupil__home_school=school_c, start_date=start, end_date=end)
    la_paid_placement(pupil__home_school=school_x, start_date=dt.date(2026, 9, 7), end_date=dt.date(2026, 12, 4))
    for status in ("booked", "broken_down", "cancelled"):
        traded = PlacementFactory(
            pupil__home_school=school_b,
            requesting_school=school_b,
            status=status,
            start_date=dt.date(2027, 1, 4),
            end_date=dt.date(2027, 2, 12),
        )
        traded.weekly_cost = Decimal("412.37")
        traded.save()
    SchoolContributionFactory(
        school=school_c, local_authority=la, annual_amount=Decimal("999.99"), buys_traded_offer=True,
        charge_per_placement=Decimal("150.50"),
    )  # fmt: skip
    pupil = la_paid_placement(
        pupil__home_school=school_b, start_date=dt.date(2026, 4, 13), end_date=dt.date(2026, 5, 22)
    ).pupil
    exclusion = ExclusionFactory(pupil=pupil, school=school_b, kind="permanent", first_day=dt.date(2026, 5, 1))
    for status, total in (("waived", Decimal("1000.00")), ("calculated", Decimal("733.33"))):
        Recoupment.objects.create(
            local_authority=la, exclusion=exclusion, pupil=pupil, school=school_b, kind="excluding", status=status,
            waived_reason="Agreed at panel" if status == "waived" else "",
            basis="maintained", relevant_date=dt.date(2026, 5, 1), period_end=dt.date(2027, 3, 31),
            financial_year=2026, nc_year=9, weeks=30, awpu_band="ks3", awpu_rate=Decimal("5000"),
            awpu_amount=total, total=total, rule_version="test", calculated_by=la_finance,
        )  # fmt: skip
    commitments_refresh(local_authority=la)
    commitments_refresh(local_authority=other_la)


@pytest.mark.parametrize("year", [2025, 2026])
def test_figures_equal_the_per_school_subqueries_on_a_varied_county(la, la_finance, senco_school_b, varied, year):
    varied_enough = _per_school_subqueries(user=la_finance, local_authority=la, financial_year=year)
    assert len(varied_enough) == 4
    assert year != 2026 or all(any(values[n] for values in varied_enough.values()) for n in range(6))
    for user in (la_finance, senco_school_b):
        expected = _per_school_subqueries(user=user, local_authority=la, financial_year=year)
        rows = equity_rows(user=user, local_authority=la, financial_year=year)
        assert {row["pk"]: figures(row) for row in rows} == expected
        totals = equity_totals(rows)
        for index, name in enumerate(("placements", "school_days", "ap_cost", "school_paid", "paid_in", "recoupment")):
            assert totals[name] == sum(values[index] for values in expected.values())


def test_a_page_its_totals_and_its_count_in_one_query(la, la_finance, varied, django_assert_num_queries):
    from django.core.paginator import Paginator

    every = list(equity_rows(user=la_finance, local_authority=la, financial_year=2026, sort="-ap_cost"))
    totals = equity_totals(equity_rows(user=la_finance, local_authority=la, financial_year=2026))
    for number, per_page in ((1, 3), (2, 3), (1, 50)):
        rows = equity_rows(user=la_finance, local_authority=la, financial_year=2026, sort="-ap_cost")
        with django_assert_num_queries(1):
            rows.prefetch(number, per_page)
            page = Paginator(rows, per_page).get_page(number)
            assert list(page) == every[(number - 1) * per_page : number * per_page]
            assert equity_totals(rows) == totals and page.paginator.count == len(every)
    rows = equity_rows(user=la_finance, local_authority=la, financial_year=2026, sort="-ap_cost")
    rows.prefetch(9, 3)  # beyond the last page: the last page
    assert list(Paginator(rows, 3).get_page(9)) == every[3:]
