"""Every funding form against hostile input: negative, sub-penny, enormous or non-numeric amounts,
impossible dates, markup, other organisations' ids, broken CSV files. Each gets a GOV.UK error
next to the field (and in the error summary) and changes nothing; none is a 500."""

import datetime as dt
import uuid

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apcommission.core.forms import date_input_data
from tests.funding.leak_cases import _records
from tests.leak_matrix import build_world
from tests.providers.factories import ProviderFactory

MONEY = ["-5", "1.001", "abc", "NaN", "Infinity", "1e309", "9" * 30, "", "£-1", "<script>alert(1)</script>"]
FUNDING_MODELS = [m for m in apps.get_app_config("funding").get_models() if not m.__name__.startswith("Historical")]


def counts() -> dict:
    return {m.__name__: m.objects.count() for m in FUNDING_MODELS}


@pytest.fixture
def world(db):
    world = build_world()
    world.records = _records(world)
    return world


def year() -> str:
    return str(timezone.localdate().year if timezone.localdate().month >= 4 else timezone.localdate().year - 1)


def refused(client, url, data, *, files=None, field_error=True):
    before = counts()
    response = client.post(url, {**data, **(files or {})})
    assert response.status_code in (200, 400), (url, data, response.status_code)
    page = response.content.decode()
    assert "govuk-error-summary" in page, (url, data)
    if field_error:
        assert "govuk-form-group--error" in page or "govuk-error-message" in page, (url, data)
    assert "<script>alert(1)</script>" not in page
    assert counts() == before, (url, data)


def money_cases(field, valid):
    return [{**valid, field: value} for value in MONEY]


def test_finance_forms_refuse_bad_money_and_missing_answers(client, world):
    client.force_login(world.users["la_finance"])
    school = world.school_a
    pru = ProviderFactory(organisation__local_authority=world.la, provider_type="pru")
    forms = {
        reverse("funding:budget-line-add"): (
            {"financial_year": year(), "name": "AP top-up", "amount": "100"},
            "amount",
        ),
        reverse("funding:deficit-set"): (
            {"financial_year": year(), "amount": "1", **date_input_data("as_at", dt.date(2026, 3, 31))},
            "amount",
        ),
        reverse("funding:places-set"): (
            {"provider": pru.pk, "academic_year": year(), "places": "10", "rate_per_place": "10000"},
            "rate_per_place",
        ),
        reverse("funding:band-set"): ({"name": "Band 9", "annual_amount": "100"}, "annual_amount"),
        reverse("funding:lump-sum-set"): (
            {"route_code": "health", "financial_year": year(), "amount": "100"},
            "amount",
        ),
        reverse("funding:rate-set"): (
            {"financial_year": year(), "kind": "awpu", "band": "primary", "amount": "3000"},
            "amount",
        ),
        reverse("funding:contribution-set"): (
            {"school": school.pk, "financial_year": year(), "annual_amount": "1500", "buys_traded_offer": "no"},
            "annual_amount",
        ),
        reverse("funding:service-cost-set"): (
            {"financial_year": year(), "description": "QA visits", "amount": "100"},
            "amount",
        ),
    }
    for url, (valid, money_field) in forms.items():
        for data in money_cases(money_field, valid):
            refused(client, url, data)
        for name in valid:
            refused(client, url, {**valid, name: ""})
        if "financial_year" in valid:
            refused(client, url, {**valid, "financial_year": "1999"})


def test_other_organisations_and_wrong_choices_are_refused(client, world):
    client.force_login(world.users["la_finance"])
    elsewhere = ProviderFactory(provider_type="pru")  # another LA's PRU
    not_place_funded = ProviderFactory(organisation__local_authority=world.la, provider_type="registered_ap")
    refused(
        client,
        reverse("funding:places-set"),
        {"provider": elsewhere.pk, "academic_year": year(), "places": "5", "rate_per_place": "10000"},
    )
    refused(
        client,
        reverse("funding:places-set"),
        {"provider": not_place_funded.pk, "academic_year": year(), "places": "5", "rate_per_place": "10000"},
    )
    for places in ("-1", "2.5", "99999", "x"):
        refused(
            client,
            reverse("funding:places-set"),
            {"provider": not_place_funded.pk, "academic_year": year(), "places": places, "rate_per_place": "1"},
        )
    refused(
        client,
        reverse("funding:rate-set"),
        {"financial_year": year(), "kind": "awpu", "band": "secondary", "amount": "1"},
    )
    refused(
        client, reverse("funding:rate-set"), {"financial_year": year(), "kind": "bogus", "band": "ks3", "amount": "1"}
    )
    refused(
        client,
        reverse("funding:contribution-set"),
        {"school": world.school_a.pk, "financial_year": year(), "annual_amount": "1", "buys_traded_offer": "yes"},
    )
    refused(
        client,
        reverse("funding:payment-terms-set"),
        {"provider": world.provider_a.pk, "days": "0"},
    )
    refused(client, reverse("funding:payment-terms-set"), {"provider": elsewhere.pk, "days": "30"})


def test_recoupment_forms(client, world):
    placement, invoice, to_calculate, calculated, notified = world.records
    client.force_login(world.users["la_finance"])
    calculate = reverse("funding:recoupment-calculate", args=[to_calculate.pk])
    token = str(uuid.uuid4())
    valid = {"submission_token": token, "basis": "maintained", "adjustment": "", "adjustment_reason": ""}
    for data in money_cases("adjustment", {**valid, "adjustment_reason": "Panel"}):
        if data["adjustment"] == "":
            continue
        refused(client, calculate, data)
        refused(client, calculate, {**data, "confirm": "yes"})
    refused(client, calculate, {**valid, "basis": "academy"})  # a maintained school
    refused(client, calculate, {**valid, "basis": "grammar"})
    refused(client, calculate, {**valid, "adjustment": "100", "adjustment_reason": ""})
    refused(client, calculate, {**valid, "submission_token": "not-a-uuid"}, field_error=False)
    admitting = reverse("funding:recoupment-admitting", args=[calculated.pk])
    valid = {
        "submission_token": token,
        "school": world.school_b.pk,
        "basis": "maintained",
        **date_input_data("admitted_on", calculated.relevant_date + dt.timedelta(days=7)),
    }
    refused(client, admitting, {**valid, "school": world.school_a.pk})  # the excluding school
    refused(client, admitting, {**valid, **{"admitted_on_0": "31", "admitted_on_1": "2", "admitted_on_2": "2026"}})
    refused(
        client, admitting, {**valid, **date_input_data("admitted_on", calculated.relevant_date - dt.timedelta(days=1))}
    )
    for data in money_cases("additional", {**valid, "additional_reason": "Agreed"}):
        if data["additional"]:
            refused(client, admitting, data)
    refused(
        client,
        reverse("funding:recoupment-notify", args=[calculated.pk]),
        date_input_data("notified_on", dt.date(2099, 1, 1)),
    )
    refused(client, reverse("funding:recoupment-notify", args=[calculated.pk]), {"notified_on_0": "x"})
    refused(
        client,
        reverse("funding:recoupment-recover", args=[notified.pk]),
        date_input_data("recovered_on", dt.date(2000, 1, 1)),
    )
    refused(client, reverse("funding:recoupment-waive", args=[calculated.pk]), {"reason": "   "})


def test_invoice_forms(client, world):
    placement, invoice, to_calculate, calculated, notified = world.records
    client.force_login(world.users["provider_user_a"])
    url = reverse("funding:invoice-create")
    valid = {
        "submission_token": str(uuid.uuid4()),
        "placement": placement.pk,
        "reference": "INV-NEW-1",
        **date_input_data("period_start", placement.start_date + dt.timedelta(days=7)),
        **date_input_data("period_end", placement.start_date + dt.timedelta(days=13)),
        "sessions_invoiced": "6",
        "amount": "285.00",
        **date_input_data("received_on", timezone.localdate()),
    }
    for data in money_cases("amount", valid):
        refused(client, url, data)
    for sessions in ("-1", "1.5", "1000", "many"):
        refused(client, url, {**valid, "sessions_invoiced": sessions})
    refused(client, url, {**valid, "reference": "x" * 51})
    refused(
        client,
        url,
        {
            **valid,
            **date_input_data("period_start", dt.date(2000, 1, 1)),
            **date_input_data("period_end", dt.date(2000, 1, 31)),
        },
    )
    refused(client, url, {**valid, **date_input_data("period_end", placement.start_date)})  # before the start
    refused(client, url, {**valid, "reference": invoice.reference})  # the same number again
    refused(client, url, {**valid, **date_input_data("period_start", invoice.period_start)})  # overlapping
    client.force_login(world.users["provider_user_b"])
    refused(client, url, valid)  # not their placement
    client.force_login(world.users["la_finance"])
    decide = reverse("funding:invoice-decide", args=[invoice.pk])
    refused(client, decide, {"decision": "pay-twice"})
    refused(client, decide, {"decision": "reject", "note": ""})


def csv_file(text: str | bytes, name: str = "invoices.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text if isinstance(text, bytes) else text.encode(), content_type="text/csv")


def test_csv_uploads_refuse_broken_files_and_name_every_bad_row(client, world):
    placement, invoice, to_calculate, calculated, notified = world.records
    header = "placement_reference,invoice_number,period_start,period_end,sessions,amount\n"
    first, last = placement.start_date + dt.timedelta(days=7), placement.start_date + dt.timedelta(days=13)
    ok_row = f"PL-{placement.pk},INV-CSV-1,{first:%d/%m/%Y},{last:%d/%m/%Y},6,285.00\n"
    client.force_login(world.users["provider_user_a"])
    url = reverse("funding:invoice-upload")
    received = date_input_data("received_on", timezone.localdate())
    files = [
        csv_file(b"\x89PNG\r\n\x1a\n\x00\x00binary"),
        csv_file(b"\xff\xfe\x00bad utf"),
        csv_file(""),
        csv_file("\ufeff"),
        csv_file("just,some,columns\n1,2,3\n"),
        csv_file(header + ok_row, name="invoices.xlsx"),
        csv_file(header),
        csv_file(header + "PL-999999,INV-X,01/10/2026,31/10/2026,5,100\n"),
        csv_file(header + ok_row + f"PL-{placement.pk},INV-CSV-2,31/02/2026,01/03/2026,5,-10\n"),
        csv_file(header + ok_row + '=HYPERLINK("x"),INV-CSV-3,tomorrow,,lots,£1.005\n'),
        csv_file(header + "a" * 2_000_000),
    ]
    for upload in files:
        refused(client, url, {"submission_token": str(uuid.uuid4()), **received}, files={"file": upload})
    before = counts()
    response = client.post(
        url,
        {
            "submission_token": str(uuid.uuid4()),
            **received,
            "file": csv_file(header + ok_row + f"PL-{placement.pk},INV-CSV-2,31/02/2026,01/03/2026,5,-10\n"),
        },
    )
    page = response.content.decode()
    assert "Row 3: The period start must be a real date" in page
    assert counts() == before  # the good row on line 2 was not saved either
    client.force_login(world.users["la_finance"])
    rates = reverse("funding:rate-import")
    refused(client, rates, {}, files={"file": csv_file("financial_year,kind,band,amount\n2026-27,AWPU,KS9,1\n")})
    refused(client, rates, {}, files={"file": csv_file("financial_year,kind,band\n2026-27,AWPU,KS3\n")})


def test_get_filters_and_years_never_fail(client, world):
    client.force_login(world.users["la_finance"])
    hostile = ["abc", "-1", "99999999999999999999", "<script>", "2026'--", ""]
    for name in (
        "funding:hnb-dashboard",
        "funding:budget",
        "funding:places",
        "funding:rate-list",
        "funding:contributions",
        "funding:equity",
        "funding:top-ups",
    ):
        for value in hostile:
            assert client.get(reverse(name), {"year": value}).status_code == 200, (name, value)
    for params in ({"sort": "password"}, {"sort": "-organisation__users__password"}, {"page": "-3"}, {"page": "x"}):
        assert client.get(reverse("funding:equity"), params).status_code == 200
    assert client.get(reverse("funding:top-ups"), {"payer": "x", "school": "nope", "q": "<b>"}).status_code == 200
    assert client.get(reverse("funding:invoice-list"), {"status": "bogus", "q": "' OR 1=1"}).status_code == 200
    assert client.get(reverse("funding:recoupment-list"), {"status": "x", "kind": "y"}).status_code == 200
    # The place change return of a year no record can have is not there (the year is in the path);
    # a year with no records is an empty return.
    for impossible in (0, 2**63):
        assert client.get(reverse("funding:place-change-csv", args=[impossible])).status_code == 404
    assert client.get(reverse("funding:place-change-csv", args=[2030])).status_code == 200
    assert client.post(reverse("funding:commitments-refresh"), {"junk": "<script>"}).status_code == 302
