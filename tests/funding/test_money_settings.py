"""Place funding, top-up bands and lump sums, per-pupil rates (entered and imported from CSV),
budget lines, the DSG deficit, school contributions and the service's costs: what finance enters,
what it is refused, and what schools see of it."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from funding.models import CommissionedPlaces, Commitment, PerPupilRate, SchoolContribution
from funding.selectors import contributions_for, cost_recovery, place_change_rows, place_funding_summary, top_up_rows
from funding.services import (
    banded_top_up_agree,
    budget_line_set,
    commissioned_places_set,
    commitments_refresh,
    contribution_set,
    deficit_set,
    lump_sum_set,
    per_pupil_rate_set,
    per_pupil_rates_import,
    place_funding_by_month,
    service_cost_set,
    top_up_band_set,
)
from tests.funding.factories import CommissionedPlacesFactory, la_paid_placement
from tests.placements.factories import PlacementFactory
from tests.providers.factories import ProviderFactory


def test_place_funding_is_paid_in_twelfths_that_add_up_to_the_year():
    months = place_funding_by_month(Decimal("100000.00"), 2026)
    assert months[0] == (dt.date(2026, 9, 1), Decimal("8333.33"))
    assert months[-1] == (dt.date(2027, 8, 1), Decimal("8333.37"))
    assert sum(amount for _, amount in months) == Decimal("100000.00")


def test_places_for_a_pru_and_the_change_from_last_year(la, la_finance):
    pru = ProviderFactory(organisation__local_authority=la, organisation__name="Marchbrook PRU", provider_type="pru")
    commissioned_places_set(
        user=la_finance, provider=pru, academic_year=2025, places=8, rate_per_place=Decimal("10000")
    )
    row = commissioned_places_set(
        user=la_finance, provider=pru, academic_year=2026, places=12, rate_per_place=Decimal("10000")
    )
    assert row.funding == Decimal("120000.00")
    # Saving again changes the row, it does not add one.
    commissioned_places_set(
        user=la_finance, provider=pru, academic_year=2026, places=14, rate_per_place=Decimal("10000")
    )
    assert CommissionedPlaces.objects.filter(provider=pru).count() == 2
    rows = list(place_change_rows(local_authority=la, academic_year=2026))
    assert [(r.organisation.name, r.places_before, r.places_now, r.change) for r in rows] == [
        ("Marchbrook PRU", 8, 14, 6)
    ]
    summary = place_funding_summary(local_authority=la, academic_year=2026)
    assert (summary.places, summary.places_before, summary.funding) == (14, 8, Decimal("140000.00"))
    assert Commitment.objects.filter(kind="place_funding", provider=pru).count() == 24  # refreshed at once


def test_places_are_refused_for_a_provider_that_is_not_place_funded(la, la_finance):
    hub = ProviderFactory(
        organisation__local_authority=la, organisation__name="Skills Hub", provider_type="registered_ap"
    )
    with pytest.raises(ValidationError) as refused:
        commissioned_places_set(
            user=la_finance, provider=hub, academic_year=2026, places=5, rate_per_place=Decimal("1")
        )
    assert refused.value.message_dict["provider"][0].startswith("Skills Hub is not place-funded")
    with pytest.raises(ValidationError) as refused:
        commissioned_places_set(
            user=la_finance,
            provider=ProviderFactory(organisation__local_authority=la, provider_type="pru"),
            academic_year=2026,
            places=5,
            rate_per_place=Decimal("-10"),
        )
    assert refused.value.message_dict["rate_per_place"] == ["The rate per place cannot be negative"]
    assert not CommissionedPlaces.objects.exists()


def test_place_change_csv_reads_back(client, la, la_finance):
    pru = CommissionedPlacesFactory(
        local_authority=la,
        provider__organisation__local_authority=la,
        provider__organisation__name="=cmd|PRU",
        provider__ukprn="10012345",
        academic_year=2026,
        places=12,
    )
    CommissionedPlacesFactory(local_authority=la, provider=pru.provider, academic_year=2025, places=15)
    client.force_login(la_finance)
    response = client.get(reverse("funding:place-change-csv", args=[2026]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "UKPRN", "URN", "Provider", "Provider type", "AP places 2025/26", "AP places 2026/27", "Change",
        "Rate per place 2026/27",
    ]  # fmt: skip
    assert rows[1] == ["10012345", "", "'=cmd|PRU", "Pupil referral unit", "15", "12", "-3", "10000.00"]


def test_rates_are_entered_and_refused_when_wrong(la, la_finance, la_officer):
    rate = per_pupil_rate_set(
        user=la_finance, local_authority=la, financial_year=2026, kind="awpu", band="ks3", amount=Decimal("5430")
    )
    assert str(rate) == "AWPU (basic entitlement), Key stage 3 (Years 7 to 9), 2026-27"
    with pytest.raises(ValidationError) as refused:
        per_pupil_rate_set(
            user=la_finance, local_authority=la, financial_year=2026, kind="awpu", band="secondary", amount=Decimal("1")
        )
    assert refused.value.message_dict["band"][0].startswith("AWPU (basic entitlement) rates are for these bands")
    with pytest.raises(ValidationError):
        per_pupil_rate_set(
            user=la_finance, local_authority=la, financial_year=2026, kind="awpu", band="ks4", amount=Decimal("0")
        )
    with pytest.raises(PermissionDenied):
        per_pupil_rate_set(
            user=la_officer, local_authority=la, financial_year=2026, kind="awpu", band="ks4", amount=Decimal("1")
        )
    assert PerPupilRate.objects.count() == 1


def test_rates_import_is_all_or_nothing_with_every_rows_problem(la, la_finance):
    rows = [
        (2, {"financial_year": "2026-27", "kind": "AWPU", "band": "KS3", "amount": "£5,430.00"}),
        (3, {"financial_year": "2026/27", "kind": "pupil premium", "band": "KS3", "amount": "1075"}),
        (4, {"financial_year": "2026-28", "kind": "AWPU", "band": "primary", "amount": "3850"}),
        (5, {"financial_year": "2026", "kind": "AWPU", "band": "KS4", "amount": "-1"}),
    ]
    with pytest.raises(ValidationError) as refused:
        per_pupil_rates_import(user=la_finance, local_authority=la, rows=rows)
    assert refused.value.messages == [
        "Row 3: Pupil premium rates are for these bands: primary (reception to year 6), secondary (years 7 to 11), "
        "looked-after child (pupil premium plus)",
        "Row 4: The financial year must be two years in a row, like 2026-27",
        "Row 5: The amount cannot be negative",
    ]
    assert not PerPupilRate.objects.exists()
    assert per_pupil_rates_import(user=la_finance, local_authority=la, rows=rows[:1]) == 1
    assert PerPupilRate.objects.get().amount == Decimal("5430.00")


def test_who_pays_follows_the_route_and_schools_see_what_they_pay(
    la, la_finance, school_a, school_b, senco_school_a, senco_school_b
):
    la_paid = la_paid_placement(
        pupil__home_school=school_a, start_date=dt.date(2026, 9, 7), end_date=dt.date(2026, 9, 25)
    )
    school_paid = PlacementFactory(
        pupil__home_school=school_a, pupil__legal_first_name="Kai", status="active", requesting_school=school_a,
        start_date=dt.date(2026, 9, 7), end_date=dt.date(2026, 9, 25),
    )  # fmt: skip
    school_paid.weekly_cost = Decimal("300.00")
    school_paid.save()
    lump_sum_set(
        user=la_finance, local_authority=la, route_code="short_term", financial_year=2026, amount=Decimal("250")
    )
    commitments_refresh(local_authority=la)
    rows = {r["placement_id"]: r for r in top_up_rows(user=la_finance, financial_year=2026)}
    assert rows[la_paid.pk]["payer"] == "la" and rows[school_paid.pk]["payer"] == "school"
    assert rows[school_paid.pk]["top_up"] == Decimal("900.00")  # 15 days × £300 ÷ 5
    assert rows[school_paid.pk]["lump_sum"] == Decimal("250.00")
    assert rows[school_paid.pk]["school_name"] == school_a.name
    seen_by_a = list(top_up_rows(user=senco_school_a, financial_year=2026))
    assert [r["placement_id"] for r in seen_by_a] == [school_paid.pk]
    assert list(top_up_rows(user=senco_school_b, financial_year=2026)) == []
    # The page counts its rows from the commitments alone: the same number as the rows.
    from funding.selectors import top_up_rows_paged

    for user in (la_finance, senco_school_a, senco_school_b):
        for filters in ({}, {"payer": "la"}, {"payer": "school"}, {"school": school_a.urn}, {"search": "kai"}):
            paged = top_up_rows_paged(user=user, financial_year=2026, **filters)
            assert paged.count() == len(list(top_up_rows(user=user, financial_year=2026, **filters)))
            assert list(paged[0:25]) == list(top_up_rows(user=user, financial_year=2026, **filters))


def test_a_band_agreed_instead_of_the_price_changes_the_top_up(la, la_finance, school_a):
    placement = la_paid_placement(
        pupil__home_school=school_a, start_date=dt.date(2026, 9, 7), end_date=dt.date(2026, 9, 25)
    )
    band = top_up_band_set(user=la_finance, local_authority=la, name="Band 2", annual_amount=Decimal("11700"))
    with pytest.raises(ValidationError) as refused:
        banded_top_up_agree(user=la_finance, placement=placement, band=band, reason="")
    assert refused.value.message_dict["reason"] == ["Enter why the band is agreed instead of the provider's price"]
    agreed = banded_top_up_agree(user=la_finance, placement=placement, band=band, reason="Agreed at panel")
    band.annual_amount = Decimal("20000")
    band.save()
    assert agreed.annual_amount == Decimal("11700.00")  # what was agreed is kept
    total = Commitment.objects.filter(placement=placement, kind="top_up").values_list("amount", flat=True)
    assert sum(total) == Decimal("900.00")  # £11,700 ÷ 39 = £300 a week × 3 weeks


def test_budget_deficit_contributions_and_costs(la, la_finance, school_a, school_b):
    budget_line_set(user=la_finance, local_authority=la, financial_year=2026, name="AP top-up", amount=Decimal("1000"))
    line = budget_line_set(
        user=la_finance, local_authority=la, financial_year=2026, name="AP top-up", amount=Decimal("2000")
    )
    assert line.amount == Decimal("2000") and type(line).objects.count() == 1
    with pytest.raises(ValidationError) as refused:
        deficit_set(
            user=la_finance, local_authority=la, financial_year=2026, amount=Decimal("1"), as_at=dt.date(2099, 1, 1)
        )
    assert refused.value.message_dict["as_at"] == ["The date of the figure must be today or in the past"]
    with pytest.raises(ValidationError) as refused:
        contribution_set(
            user=la_finance, school=school_a, financial_year=2026, annual_amount=Decimal("1500"), buys_traded_offer=True
        )
    assert refused.value.message_dict["charge_per_placement"] == ["Enter the charge for each placement the LA arranges"]
    contribution_set(
        user=la_finance,
        school=school_a,
        financial_year=2026,
        annual_amount=Decimal("1500"),
        buys_traded_offer=True,
        charge_per_placement=Decimal("250"),
    )
    contribution_set(user=la_finance, school=school_b, financial_year=2026, annual_amount=Decimal("1500"))
    for n in range(3):  # school A commissions three placements this year: the LA arranged them
        PlacementFactory(
            pupil__home_school=school_a, requesting_school=school_a, status="booked", start_date=dt.date(2026, 9, 7 + n)
        )
    PlacementFactory(pupil__home_school=school_a, requesting_school=school_a, status="requested")
    service_cost_set(
        user=la_finance, local_authority=la, financial_year=2026, description="Commissioner", amount=Decimal("5000")
    )
    recovery = cost_recovery(local_authority=la, financial_year=2026, user=la_finance)
    assert (recovery.contributions, recovery.traded_income, recovery.service_cost) == (
        Decimal("3000.00"),
        Decimal("750.00"),
        Decimal("5000.00"),
    )
    assert (recovery.surplus, recovery.recovered_percent, recovery.traded_schools) == (
        Decimal("-1250.00"),
        Decimal("75.0"),
        1,
    )
    rows = {r.school_id: r for r in contributions_for(user=la_finance, financial_year=2026)}
    assert (rows[school_a.pk].traded_placements, rows[school_a.pk].income) == (3, Decimal("2250.00"))
    assert SchoolContribution.objects.count() == 2
