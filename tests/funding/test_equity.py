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
    return (row.placements, row.school_days, row.ap_cost, row.school_paid, row.paid_in, row.recoupment)


def test_each_schools_figures_match_an_independent_sum(la, la_finance, school_a, used):
    # School A commissioned its own placement: one placement arranged under the traded offer (£200).
    rows = {row.pk: figures(row) for row in equity_rows(user=la_finance, local_authority=la, financial_year=2026)}
    assert rows == used
    totals = equity_totals(equity_rows(user=la_finance, local_authority=la, financial_year=2026))
    for index, name in enumerate(("placements", "school_days", "ap_cost", "school_paid", "paid_in", "recoupment")):
        assert totals[name] == sum(values[index] for values in used.values())


def test_sorted_by_a_column_and_a_school_sees_only_its_own_row(
    la, la_finance, senco_school_b, school_a, school_b, used
):
    by_cost = equity_rows(user=la_finance, local_authority=la, financial_year=2026, sort="-ap_cost")
    assert [row.pk for row in by_cost] == [school_a.pk, school_b.pk]
    by_name = equity_rows(user=la_finance, local_authority=la, financial_year=2026, sort="-school_name")
    assert [row.name for row in by_name] == sorted([school_a.name, school_b.name], reverse=True)
    own = equity_rows(user=senco_school_b, local_authority=la, financial_year=2026)
    assert [row.pk for row in own] == [school_b.pk]


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
