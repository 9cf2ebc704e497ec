"""Every funding URL for the leak matrix (tests/leak_matrix.py): records owned by school A and
provider A of the world's LA, with distinctive names and amounts. Pupil-level pages answer 404 to
every role that may not see them (Schools Forum members included)."""

import datetime as dt
import uuid
from dataclasses import replace
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from apcommission.core.years import years_of
from funding.models import (
    BudgetLine,
    CommissionedPlaces,
    Invoice,
    PerPupilRate,
    Recoupment,
    SchoolContribution,
    ServiceCost,
    TopUpBand,
)
from funding.services import commitments_refresh, recoupment_calculate, recoupment_notify
from tests.funding.factories import la_paid_placement
from tests.leak_matrix import LA_STAFF, LeakCase
from tests.placements.factories import ExclusionFactory, PlacementFactory, PupilFactory
from tests.providers.factories import ProviderFactory, SiteFactory

SECRET_PUPIL = "Xanthe Moneypupil"
SECRET_SCHOOL_PAID = "Zelda Schoolpaidpupil"
SECRET_EXCLUDED = "Yannick Excludedpupil"
SECRET_INVOICE = "INV-SECRET-A77"
SECRET_BUDGET = "Quokka secret budget line"
SECRET_PRU = "Pelican Secret PRU"
SECRET_COST = "Walrus secret commissioner cost"
SECRET_CONTRIBUTION = "£1,234.56"

FINANCE = frozenset({"la_finance"})
SCHOOLS = frozenset({"senco_a", "senco_b"})
PROVIDERS = frozenset({"provider_user_a", "provider_user_b"})


def _records(world):
    today = timezone.localdate()
    year = years_of(today).financial.start_year
    la, finance = world.la, world.users["la_finance"]
    site = SiteFactory(provider=world.provider_a, name="Aardvark Funding Site")
    placement = la_paid_placement(
        pupil__home_school=world.school_a,
        pupil__legal_first_name="Xanthe",
        pupil__legal_last_name="Moneypupil",
        site=site,
        start_date=today - dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=30),
    )
    school_paid = PlacementFactory(
        pupil__home_school=world.school_a,
        pupil__legal_first_name="Zelda",
        pupil__legal_last_name="Schoolpaidpupil",
        requesting_school=world.school_a,
        site=site,
        status="active",
        start_date=today - dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=30),
    )
    school_paid.weekly_cost = Decimal("321.00")
    school_paid.save()
    invoice = Invoice.objects.create(
        local_authority=la, placement=placement, provider=world.provider_a, reference=SECRET_INVOICE,
        period_start=placement.start_date, period_end=placement.start_date + dt.timedelta(days=6),
        sessions_invoiced=6, amount=Decimal("285.00"), received_on=today, payment_terms_days=30,
        due_on=today + dt.timedelta(days=30),
    )  # fmt: skip
    for kind, band in (("awpu", "ks3"), ("awpu", "ks4"), ("pupil_premium", "secondary")):
        for rate_year in (year - 1, year):
            PerPupilRate.objects.create(
                local_authority=la, financial_year=rate_year, kind=kind, band=band, amount=Decimal("4321.09")
            )
    excluded = PupilFactory(home_school=world.school_a, legal_first_name="Yannick", legal_last_name="Excludedpupil")
    to_calculate = ExclusionFactory(pupil=excluded, kind="permanent", first_day=today - dt.timedelta(days=10))
    calculated = recoupment_calculate(
        user=finance,
        exclusion=ExclusionFactory(pupil=placement.pupil, kind="permanent", first_day=today - dt.timedelta(days=40)),
        basis="maintained",
        submission_token=uuid.uuid4(),
    )
    notified = recoupment_calculate(
        user=finance,
        exclusion=ExclusionFactory(pupil=excluded, kind="permanent", first_day=today - dt.timedelta(days=50)),
        basis="maintained",
    )
    notified = recoupment_notify(user=finance, recoupment=notified, notified_on=today)
    BudgetLine.objects.create(local_authority=la, financial_year=year, name=SECRET_BUDGET, amount=Decimal("98765.43"))
    pru = ProviderFactory(organisation__local_authority=la, organisation__name=SECRET_PRU, provider_type="pru")
    CommissionedPlaces.objects.create(
        local_authority=la,
        provider=pru,
        academic_year=years_of(today).academic.start_year,
        places=7,
        rate_per_place=Decimal("10000"),
    )
    TopUpBand.objects.create(local_authority=la, name="Heron secret band", annual_amount=Decimal("8888.00"))
    SchoolContribution.objects.create(
        local_authority=la, school=world.school_a, financial_year=year, annual_amount=Decimal("1234.56")
    )
    ServiceCost.objects.create(local_authority=la, financial_year=year, description=SECRET_COST, amount=Decimal("5000"))
    commitments_refresh(local_authority=la)
    return placement, invoice, to_calculate, calculated, notified


#: Pages about one pupil (their placement, exclusion, recoupment or invoice): 404 to everyone else.
PUPIL_PAGES = {
    "funding:band-agree",
    "funding:recoupment-calculate",
    "funding:recoupment-detail",
    "funding:recoupment-admitting",
    "funding:recoupment-notify",
    "funding:recoupment-recover",
    "funding:recoupment-waive",
    "funding:invoice-detail",
    "funding:invoice-decide",
    "funding:invoice-check",
}


def leak_cases(world):
    return [replace(case, pupil_level=case.url_name in PUPIL_PAGES) for case in _cases(world)]


def _cases(world):
    placement, invoice, to_calculate, calculated, notified = _records(world)
    readers = LA_STAFF
    pupil = (SECRET_PUPIL,)
    assert Recoupment.objects.filter(pk=calculated.pk, status="calculated").exists()
    return [
        LeakCase(reverse("funding:index"), readers | SCHOOLS | PROVIDERS, (SECRET_BUDGET,)),
        # High Needs Block monitoring
        LeakCase(reverse("funding:hnb-dashboard"), readers, ("£98,765.43",)),
        LeakCase(reverse("funding:hnb-csv"), readers, ("98765.43",)),
        LeakCase(reverse("funding:budget"), readers, (SECRET_BUDGET,)),
        LeakCase(reverse("funding:budget-line-add"), FINANCE),
        LeakCase(reverse("funding:deficit-set"), FINANCE),
        LeakCase(reverse("funding:commitments-refresh"), FINANCE),
        # Place funding
        LeakCase(reverse("funding:places"), readers, (SECRET_PRU,)),
        LeakCase(reverse("funding:places-set"), FINANCE, (SECRET_PRU,)),
        LeakCase(
            reverse("funding:place-change-csv", args=[years_of(timezone.localdate()).academic.start_year]),
            readers,
            (SECRET_PRU,),
        ),
        # Top-up and lump sums
        LeakCase(reverse("funding:top-ups"), readers | SCHOOLS),
        LeakCase(reverse("funding:bands"), readers, ("Heron secret band",)),
        LeakCase(reverse("funding:band-set"), FINANCE),
        LeakCase(reverse("funding:band-agree", args=[placement.pk]), FINANCE, pupil),
        LeakCase(reverse("funding:lump-sums"), readers),
        LeakCase(reverse("funding:lump-sum-set"), FINANCE),
        # Recoupment
        LeakCase(reverse("funding:recoupment-list"), readers | SCHOOLS),
        LeakCase(reverse("funding:rate-list"), readers, ("£4,321.09",)),
        LeakCase(reverse("funding:rate-set"), FINANCE),
        LeakCase(reverse("funding:rate-import"), FINANCE),
        LeakCase(reverse("funding:exclusions-to-calculate"), readers, (SECRET_EXCLUDED,)),
        LeakCase(reverse("funding:recoupment-calculate", args=[to_calculate.pk]), FINANCE, (SECRET_EXCLUDED,)),
        LeakCase(reverse("funding:recoupment-detail", args=[calculated.pk]), readers | {"senco_a"}, pupil),
        LeakCase(reverse("funding:recoupment-admitting", args=[calculated.pk]), FINANCE, pupil),
        LeakCase(reverse("funding:recoupment-notify", args=[calculated.pk]), FINANCE, pupil),
        LeakCase(reverse("funding:recoupment-waive", args=[calculated.pk]), FINANCE, pupil, post={"reason": "Agreed"}),
        LeakCase(reverse("funding:recoupment-recover", args=[notified.pk]), FINANCE, (SECRET_EXCLUDED,)),
        # Invoices
        LeakCase(reverse("funding:invoice-list"), readers | PROVIDERS),
        LeakCase(reverse("funding:invoice-create"), FINANCE | PROVIDERS),
        LeakCase(reverse("funding:invoice-upload"), FINANCE | PROVIDERS),
        LeakCase(reverse("funding:invoice-placements-csv"), FINANCE | PROVIDERS),
        LeakCase(
            reverse("funding:invoice-detail", args=[invoice.pk]),
            readers | {"provider_user_a"},
            (*pupil, SECRET_INVOICE),
        ),
        LeakCase(reverse("funding:invoice-decide", args=[invoice.pk]), FINANCE, (*pupil, SECRET_INVOICE)),
        LeakCase(reverse("funding:invoice-check", args=[invoice.pk]), FINANCE, (SECRET_INVOICE,)),
        LeakCase(reverse("funding:payment-terms"), readers),
        LeakCase(reverse("funding:payment-terms-set"), FINANCE),
        # Contributions, full cost recovery and equity of access
        LeakCase(reverse("funding:contributions"), readers | SCHOOLS),
        LeakCase(reverse("funding:contribution-set"), FINANCE),
        LeakCase(reverse("funding:service-cost-set"), FINANCE),
        LeakCase(reverse("funding:equity"), readers | SCHOOLS),
        LeakCase(reverse("funding:equity-csv"), readers | SCHOOLS),
    ]
