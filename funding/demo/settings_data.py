"""What finance sets up each year: per-pupil rates, the AP budget and the DSG deficit, commissioned
places, top-up bands, lump sums, school contributions and the service's costs. Created directly
(get_or_create), so a second run changes nothing; the amounts are fictional but of the order the
council papers give (Herefordshire's £12m cumulative deficit; Havering's £1,500 a school)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from django.utils import timezone

from apcommission.core.models import SchoolType
from apcommission.core.years import years_of
from placements.models import Funder, Placement, RouteCode
from providers.models import Provider, ProviderType

from ..models import (
    BandedTopUp,
    BudgetLine,
    CommissionedPlaces,
    DeficitFigure,
    LumpSum,
    PaymentTerms,
    PerPupilRate,
    SchoolContribution,
    ServiceCost,
    TopUpBand,
)
from ..rules import COMMITTED_STATUSES

#: AWPU (basic entitlement) and pupil premium a pupil for a full year, by financial year.
RATES = {
    ("awpu", "primary"): D("3847.00"),
    ("awpu", "ks3"): D("5422.00"),
    ("awpu", "ks4"): D("6113.00"),
    ("pupil_premium", "primary"): D("1515.00"),
    ("pupil_premium", "secondary"): D("1075.00"),
    ("pupil_premium", "looked_after"): D("2630.00"),
}
BUDGET = {
    "AP top-up (placements the LA commissions)": D("420000.00"),
    "Place funding: PRU, AP academy and free school": D("1050000.00"),
    "Hospital education places": D("60000.00"),
    "Lump sums": D("15000.00"),
}
PLACES = {
    "Marchbrook Pupil Referral Unit": (38, 40),
    "Oakwood AP Academy": (45, 50),
    "Northfield AP Free School": (24, 20),
    "Marchshire Hospital Education Service": (6, 6),
}
BANDS = (
    ("Band 1: outreach and part-time", D("6000.00"), "Up to five sessions a week"),
    ("Band 2: full-time SEMH", D("9500.00"), "Full-time, small-group SEMH provision"),
    ("Band 3: complex needs", D("14000.00"), "Full-time with one-to-one support"),
)
SERVICE_COSTS = (
    ("AP commissioner (salary and on-costs)", D("52000.00")),
    ("Quality assurance visits and moderation", D("9500.00")),
    ("Register, systems and training for schools", D("4000.00")),
)
TRADED_SCHOOLS = 5


def _rates(la, user, years):
    for year in years:
        uplift = D("1.02") ** (year - years[0])
        for (kind, band), amount in RATES.items():
            PerPupilRate.objects.get_or_create(
                local_authority=la,
                financial_year=year,
                kind=kind,
                band=band,
                defaults={"amount": (amount * uplift).quantize(D("1")), "recorded_by": user},
            )


def _budget(la, user, years):
    for year in years:
        for name, amount in BUDGET.items():
            BudgetLine.objects.get_or_create(
                local_authority=la, financial_year=year, name=name, defaults={"amount": amount, "recorded_by": user}
            )
    DeficitFigure.objects.get_or_create(
        local_authority=la,
        financial_year=years[-1],
        defaults={
            "amount": D("12040000.00"),
            "as_at": dt.date(years[-1], 3, 31),
            "note": "Outturn report to Cabinet",
            "recorded_by": user,
        },
    )


def _places(la, user, academic_year):
    providers = {
        p.name: p for p in Provider.objects.filter(organisation__local_authority=la).select_related("organisation")
    }
    for name, (before, now) in PLACES.items():
        provider = providers.get(name)
        if provider is None:
            continue
        for year, places in ((academic_year - 1, before), (academic_year, now)):
            CommissionedPlaces.objects.get_or_create(
                provider=provider,
                academic_year=year,
                defaults={
                    "local_authority": la,
                    "places": places,
                    "rate_per_place": D("10000.00"),
                    "recorded_by": user,
                },
            )


def _bands_and_lump_sums(la, user, years):
    bands = []
    for name, amount, description in BANDS:
        band, _ = TopUpBand.objects.get_or_create(
            local_authority=la, name=name, defaults={"annual_amount": amount, "description": description}
        )
        bands.append(band)
    for year in years:
        LumpSum.objects.get_or_create(
            local_authority=la,
            route_code=RouteCode.PERMANENT_EXCLUSION,
            financial_year=year,
            defaults={"amount": D("1500.00")},
        )
        LumpSum.objects.get_or_create(
            local_authority=la,
            route_code=RouteCode.AWAITING_SCHOOL_PLACE,
            financial_year=year,
            defaults={"amount": D("750.00")},
        )
    # A band agreed instead of the price for a few placements the LA pays for.
    placements = (
        Placement.objects.filter(pupil__home_la=la, status__in=COMMITTED_STATUSES, top_up_funder=Funder.LA)
        .exclude(provider__provider_type__in=[ProviderType.PRU, ProviderType.AP_ACADEMY])
        .order_by("pk")[:4]
    )
    for index, placement in enumerate(placements):
        BandedTopUp.objects.get_or_create(
            placement=placement,
            defaults={
                "band": bands[index % len(bands)],
                "annual_amount": bands[index % len(bands)].annual_amount,
                "reason": "Agreed at panel: the provider's day rate does not fit the pupil's part-time timetable",
                "agreed_by": user,
            },
        )


def _contributions(la, user, schools, year):
    mainstream = [
        s for s in schools if s.school_type in (SchoolType.MAINTAINED, SchoolType.ACADEMY, SchoolType.FREE_SCHOOL)
    ]
    for index, school in enumerate(mainstream):
        traded = index < TRADED_SCHOOLS
        SchoolContribution.objects.get_or_create(
            school=school,
            financial_year=year,
            defaults={
                "local_authority": la,
                "annual_amount": D("1500.00"),
                "buys_traded_offer": traded,
                "charge_per_placement": D("250.00") if traded else None,
                "recorded_by": user,
            },
        )
    for description, amount in SERVICE_COSTS:
        ServiceCost.objects.get_or_create(
            local_authority=la,
            financial_year=year,
            description=description,
            defaults={"amount": amount, "recorded_by": user},
        )


def seed(*, la, schools, user) -> None:
    today = timezone.localdate()
    years = years_of(today)
    financial = [years.financial.start_year - 1, years.financial.start_year]
    _rates(la, user, financial)
    _budget(la, user, financial)
    _places(la, user, years.academic.start_year)
    _bands_and_lump_sums(la, user, financial)
    _contributions(la, user, schools, years.financial.start_year)
    hospital = Provider.objects.filter(organisation__local_authority=la, provider_type=ProviderType.HOSPITAL).first()
    if hospital is not None:
        PaymentTerms.objects.get_or_create(provider=hospital, defaults={"days": 14, "set_by": user})
