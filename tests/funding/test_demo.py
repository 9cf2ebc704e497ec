"""The demo county's money: budgets, rates, places, invoices (some with discrepancies), recoupments
in every state, contributions; every finance page shows something real; a second run adds nothing."""

import io

from django.core.management import call_command
from django.urls import reverse

from apcommission.core.models import Organisation, User
from funding import demo
from funding.models import (
    BudgetLine,
    CommissionedPlaces,
    Commitment,
    Invoice,
    PerPupilRate,
    Recoupment,
    SchoolContribution,
)
from placements.models import Exclusion


def test_demo_data_covers_every_funding_page_and_runs_twice(db, settings, client):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    la = Organisation.objects.get(la_code="990")
    assert BudgetLine.objects.filter(local_authority=la).count() >= 4
    assert PerPupilRate.objects.filter(local_authority=la).count() == 12
    assert CommissionedPlaces.objects.filter(local_authority=la).count() == 8
    assert SchoolContribution.objects.filter(local_authority=la).count() > 20
    assert set(Recoupment.objects.values_list("status", flat=True)) == {"calculated", "notified", "recovered", "waived"}
    assert Recoupment.objects.filter(kind="admitting").exists()
    assert {"academy", "maintained"} <= set(Recoupment.objects.values_list("basis", flat=True))
    assert Exclusion.objects.filter(kind="permanent", recoupments__isnull=True).exists()  # some left to calculate
    assert set(Invoice.objects.values_list("status", flat=True)) == {"received", "approved", "queried", "rejected"}
    assert (
        Invoice.objects.filter(discrepancy_count__gt=0).exists()
        and Invoice.objects.filter(discrepancy_count=0).exists()
    )
    assert Commitment.objects.filter(local_authority=la, payer="la").exists()

    counts = {m: m.objects.count() for m in (Recoupment, Invoice, Commitment, BudgetLine, Exclusion)}
    demo.seed(la=la, schools=[], stdout=io.StringIO())
    assert {m: m.objects.count() for m in counts} == counts

    client.force_login(User.objects.get(email="finance@demo.apcommission.test"))
    for name, text in (
        ("funding:hnb-dashboard", "Forecast outturn"),
        ("funding:recoupment-list", "Recoverable and not yet recovered"),
        ("funding:invoice-list", "INV-"),
        ("funding:places", "Marchbrook Pupil Referral Unit"),
        ("funding:equity", "Marchbury High School"),
        ("funding:contributions", "AP commissioner (salary and on-costs)"),
    ):
        page = client.get(reverse(name)).content.decode()
        assert text in page, name
