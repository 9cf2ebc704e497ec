"""The funding journeys through the pages: a recoupment worked out, checked and saved; an admitting
school's amount; invoices sent one at a time and as a CSV; a decision; rates imported; each change
ending on a page with a success banner that says what changed."""

import csv
import datetime as dt
import io
import re
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apcommission.core.forms import date_input_data
from funding.models import Invoice, PerPupilRate, Recoupment
from tests.funding.leak_cases import SECRET_EXCLUDED, SECRET_SCHOOL_PAID, _records
from tests.leak_matrix import build_world


@pytest.fixture
def world(db):
    world = build_world()
    world.records = _records(world)
    return world


def test_finance_works_out_checks_and_saves_a_recoupment(client, world):
    placement, invoice, to_calculate, calculated, notified = world.records
    client.force_login(world.users["la_finance"])
    url = reverse("funding:recoupment-calculate", args=[to_calculate.pk])
    page = client.get(url).content.decode()
    assert SECRET_EXCLUDED in page
    assert re.search(r'value="maintained"\s+checked', page)  # guessed from the school's type
    answers = {"submission_token": str(uuid.uuid4()), "basis": "maintained", "adjustment": "", "adjustment_reason": ""}
    check = client.post(url, answers)
    assert check.status_code == 200 and not Recoupment.objects.filter(exclusion=to_calculate).exists()
    text = check.content.decode()
    assert "Check the calculation" in text and "AWPU line = A × B ÷ 52" in text and "Save the calculation" in text
    saved = client.post(url, {**answers, "confirm": "yes"}, follow=True)
    recoupment = Recoupment.objects.get(exclusion=to_calculate)
    assert saved.redirect_chain[-1][0] == reverse("funding:recoupment-detail", args=[recoupment.pk])
    assert f"Recoupment calculated: £{recoupment.total:,}" in saved.content.decode()
    client.post(url, {**answers, "confirm": "yes"})  # the same form again
    assert Recoupment.objects.filter(exclusion=to_calculate).count() == 1


def test_finance_moves_a_recoupment_on_and_works_out_an_admitting_schools_amount(client, world):
    placement, invoice, to_calculate, calculated, notified = world.records
    client.force_login(world.users["la_finance"])
    today = timezone.localdate()
    response = client.post(
        reverse("funding:recoupment-notify", args=[calculated.pk]), date_input_data("notified_on", today), follow=True
    )
    assert "Recoupment school notified" in response.content.decode()
    url = reverse("funding:recoupment-admitting", args=[calculated.pk])
    answers = {
        "submission_token": str(uuid.uuid4()),
        "school": world.school_b.pk,
        "basis": "maintained",
        **date_input_data("admitted_on", calculated.relevant_date + dt.timedelta(days=14)),
    }
    assert "D × E ÷ F" in client.post(url, answers).content.decode()
    client.post(url, {**answers, "confirm": "yes"})
    amount = Recoupment.objects.get(kind="admitting")
    assert (amount.school, amount.excluding_recoupment_id) == (world.school_b, calculated.pk)
    client.force_login(world.users["senco_b"])
    assert client.get(reverse("funding:recoupment-detail", args=[amount.pk])).status_code == 200
    assert client.get(reverse("funding:recoupment-detail", args=[calculated.pk])).status_code == 404


def test_a_provider_sends_an_invoice_and_finance_decides(client, world):
    placement, invoice, to_calculate, calculated, notified = world.records
    client.force_login(world.users["provider_user_a"])
    answers = {
        "submission_token": str(uuid.uuid4()),
        "placement": placement.pk,
        "reference": "INV-A-0002",
        **date_input_data("period_start", placement.start_date + dt.timedelta(days=7)),
        **date_input_data("period_end", placement.start_date + dt.timedelta(days=13)),
        "sessions_invoiced": "6",
        "amount": "£285.00",
        **date_input_data("received_on", timezone.localdate()),
    }
    sent = client.post(reverse("funding:invoice-create"), answers, follow=True)
    created = Invoice.objects.get(reference="INV-A-0002")
    assert "Invoice INV-A-0002 received: £285.00, 1 discrepancies flagged" in sent.content.decode()
    assert created.discrepancies.get().cause == "not_attended"  # no register marked for that week
    client.post(reverse("funding:invoice-create"), answers)  # sent twice
    assert Invoice.objects.filter(reference="INV-A-0002").count() == 1
    client.force_login(world.users["la_finance"])
    decided = client.post(
        reverse("funding:invoice-decide", args=[created.pk]), {"decision": "query", "note": "Register?"}, follow=True
    )
    assert "Invoice INV-A-0002: queried with the provider" in decided.content.decode()


def upload(name, text):
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def test_invoices_uploaded_as_csv_by_a_provider_from_the_placements_csv(client, world):
    placement, invoice, to_calculate, calculated, notified = world.records
    client.force_login(world.users["provider_user_a"])
    template = client.get(reverse("funding:invoice-placements-csv")).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(template)))
    assert [(r["placement_reference"], r["pupil"]) for r in rows] == [(f"PL-{placement.pk}", placement.pupil.full_name)]
    week = [placement.start_date + dt.timedelta(days=n) for n in (7, 13, 14, 20)]
    rows[0].update(invoice_number="CSV-1", period_start=f"{week[0]:%d/%m/%Y}", period_end=f"{week[1]:%d/%m/%Y}")
    rows[0].update(sessions="6", amount="285.00")
    second = {
        **rows[0],
        "invoice_number": "CSV-2",
        "period_start": f"{week[2]:%d/%m/%Y}",
        "period_end": f"{week[3]:%d/%m/%Y}",
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows([rows[0], second])
    response = client.post(
        reverse("funding:invoice-upload"),
        {
            "submission_token": str(uuid.uuid4()),
            **date_input_data("received_on", timezone.localdate()),
            "file": upload("mine.csv", out.getvalue()),
        },
        follow=True,
    )
    assert "2 invoices received from the file; 2 with discrepancies flagged" in response.content.decode()
    stored = Invoice.objects.filter(reference__startswith="CSV-").order_by("reference")
    assert [(i.reference, i.source, i.amount) for i in stored] == [
        ("CSV-1", "csv", Decimal("285.00")),
        ("CSV-2", "csv", Decimal("285.00")),
    ]


def test_finance_imports_rates(client, world):
    client.force_login(world.users["la_finance"])
    text = 'Financial year,Kind,Band,Amount\n2027-28,AWPU,primary,3900\n2027-28,Pupil premium,looked after,"2,700.00"\n'
    response = client.post(reverse("funding:rate-import"), {"file": upload("rates.csv", text)}, follow=True)
    assert "2 rates imported" in response.content.decode()
    assert set(PerPupilRate.objects.filter(financial_year=2027).values_list("band", "amount")) == {
        ("primary", Decimal("3900.00")),
        ("looked_after", Decimal("2700.00")),
    }


def test_finance_refreshes_the_committed_costs(client, world):
    client.force_login(world.users["la_finance"])
    assert "Work them out now" in client.get(reverse("funding:commitments-refresh")).content.decode()
    response = client.post(reverse("funding:commitments-refresh"), follow=True)
    assert "Committed costs worked out again" in response.content.decode()


def test_finance_filters_the_top_ups_by_part_of_the_paying_schools_name_or_its_urn(client, world):
    """The school is typed, not chosen from the county's hundreds: every word in its name, or its URN."""
    client.force_login(world.users["la_finance"])
    url = reverse("funding:top-ups")

    def listed(school):
        response = client.get(url, {"school": school})
        assert response.status_code == 200
        return response.content.decode()

    assert SECRET_SCHOOL_PAID in listed("")
    for typed in ("alderbrook", "  SECRET  school ", world.school_a.urn):
        page = listed(typed)
        assert SECRET_SCHOOL_PAID in page, typed
        assert 'name="school"' in page and f'value="{typed}"' in page  # what was typed, kept
    for elsewhere in ("Birchwood", world.school_b.urn, "alderbrook birchwood", "nowhere"):
        page = listed(elsewhere)
        assert SECRET_SCHOOL_PAID not in page, elsewhere
        assert "No placements with a top-up or lump sum" in page
