"""Bad input: identifiers, money, dates and files refused with GOV.UK messages."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from providers.files import validate_upload
from providers.forms import DocumentForm, PriceForm, ProviderForm, SiteForm
from providers.validators import normalise_district, parse_money
from tests.providers.factories import PDF_BYTES

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
DOCX = b"PK\x03\x04" + b"\x00" * 20


@pytest.mark.parametrize(
    "name, content",
    [
        ("evidence.pdf", PDF_BYTES),
        ("photo.PNG", PNG),
        ("letter.docx", DOCX),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1.."),
    ],
)
def test_pdf_image_and_office_files_are_accepted(name, content):
    validate_upload(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    "name, content",
    [
        ("virus.exe", b"MZ\x90\x00"),
        ("page.html", b"<html>"),
        ("renamed.pdf", b"MZ\x90\x00 an executable"),
        ("fake.png", PDF_BYTES),
        ("noextension", PDF_BYTES),
    ],
)
def test_other_types_are_refused_by_extension_and_content(name, content):
    with pytest.raises(ValidationError, match="must be a PDF, image"):
        validate_upload(SimpleUploadedFile(name, content))


def test_a_file_over_10mb_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="must be smaller than 10.0"):
        validate_upload(big)


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        validate_upload(SimpleUploadedFile("empty.pdf", b""))


@pytest.mark.parametrize(
    "typed, pounds", [("95.50", "95.50"), ("£1,250.5", "1250.50"), ("0", "0.00"), (" 65 ", "65.00")]
)
def test_money_is_parsed_to_pence(typed, pounds):
    assert parse_money(typed) == Decimal(pounds)


@pytest.mark.parametrize("typed", ["-5", "ninety", "95.505", "1e3", "", "95.5.0"])
def test_bad_money_is_refused(typed):
    with pytest.raises(ValidationError):
        parse_money(typed)


def test_negative_money_has_its_own_message():
    with pytest.raises(ValidationError, match="£0.00 or more"):
        parse_money("-1.00")


def test_postcode_districts():
    assert normalise_district("hr4") == "HR4"
    assert normalise_district("SW1A 1AA") == "SW1A"
    with pytest.raises(ValidationError, match="postcode district"):
        normalise_district("12345")


def _boxes(name: str, typed: str) -> dict[str, str]:
    """A date typed into the three boxes, written "day/month/year"."""
    return dict(zip((f"{name}_0", f"{name}_1", f"{name}_2"), typed.split("/"), strict=True))


def _provider_form(ofsted_date=None, **data):
    base = {"name": "Test AP", "provider_type": "non_school_ap", "ofsted_judgement": "not_inspected"}
    base |= {"registration_status": "not_required"} | data
    return ProviderForm(base | (_boxes("ofsted_date", ofsted_date) if ofsted_date else {}))


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("urn", "12345", "Enter a URN of 6 digits, like 123456"),
        ("urn", "12345a", "Enter a URN of 6 digits, like 123456"),
        ("ukprn", "20012345", "Enter a UKPRN of 8 digits starting with 1, like 10012345"),
        ("ukprn", "1001234", "Enter a UKPRN of 8 digits starting with 1, like 10012345"),
        ("company_number", "SC12345X", "Enter a Companies House number of 8 characters"),
        ("company_number", "ABC", "Enter a Companies House number of 8 characters"),
        ("website", "not a url", "Enter a web address"),
        ("ofsted_date", "31/02/2025", "Date of Ofsted inspection must be a real date"),
        ("ofsted_date", "3/2/25", "Year must include 4 numbers"),
    ],
)
def test_provider_form_gives_govuk_messages(field, value, message):
    form = _provider_form(**{field: value})
    assert not form.is_valid()
    assert any(message in error for error in form.errors[field])


def test_company_number_is_normalised():
    form = _provider_form(company_number="sc 123456")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["company_number"] == "SC123456"
    form = _provider_form(company_number="1234567")
    assert form.is_valid() and form.cleaned_data["company_number"] == "01234567"


def test_ofsted_judgement_needs_a_date():
    form = _provider_form(ofsted_judgement="good")
    assert not form.is_valid()
    assert form.errors["ofsted_date"] == ["Enter the date of Ofsted inspection"]


def test_price_form_messages(approved_provider):
    form = PriceForm(
        {"unit": "day", "amount": "-3", **_boxes("effective_from", "1/9/2026"), **_boxes("effective_to", "31/8/2026")},
        provider=approved_provider,
    )
    assert not form.is_valid()
    assert form.errors["amount"] == ["The amount must be £0.00 or more"]
    assert form.errors["effective_to"] == ["The end date must be the same as or after the start date"]
    form = PriceForm(
        {"unit": "day", "amount": "ten pounds", **_boxes("effective_from", "1/13/2026")}, provider=approved_provider
    )
    assert not form.is_valid()
    assert form.errors["amount"] == ["Enter an amount in pounds and pence, like 95.50"]
    assert form.errors["effective_from"] == ["Start date must be a real date"]
    form = PriceForm({"unit": "day", "amount": "10", "effective_from_0": "1"}, provider=approved_provider)
    assert not form.is_valid()
    assert form.errors["effective_from"] == ["Start date must include a month and year"]


def test_price_form_refuses_another_providers_site(approved_provider, provider):
    from tests.providers.factories import SiteFactory

    foreign = SiteFactory(provider=provider)
    form = PriceForm(
        {"unit": "day", "amount": "10", **_boxes("effective_from", "1/9/2026"), "site": foreign.pk},
        provider=approved_provider,
    )
    assert not form.is_valid()
    assert "site" in form.errors


def test_site_form_refuses_negative_places_and_bad_postcodes():
    form = SiteForm({"name": "X", "postcode": "ZZZ", "needs": ["semh"], "places_ks4": "-1"})
    assert not form.is_valid()
    assert form.errors["postcode"] == ["Enter a full UK postcode, like HR4 9AA"]
    assert form.errors["places_ks4"] == ["Enter a number of places of 0 or more"]


def test_document_form_refuses_expiry_before_issue_and_wrong_types():
    upload = SimpleUploadedFile("cert.txt", b"hello")
    form = DocumentForm(
        {"kind": "insurance", **_boxes("issued_on", "1/9/2026"), **_boxes("expires_on", "1/8/2026")},
        {"upload": upload},
    )
    assert not form.is_valid()
    assert "must be a PDF, image" in form.errors["upload"][0]
    assert form.errors["expires_on"] == ["The expiry date must be the same as or after the date of issue"]


def test_forms_render_govuk_error_markup():
    """One render test: an upgrade of crispy-forms-gds that breaks the GOV.UK classes fails here."""
    from django.template import Context, Template

    form = _provider_form(urn="1")
    form.is_valid()
    html = Template("{% load crispy_forms_tags crispy_forms_gds %}{% error_summary form %}{% crispy form %}").render(
        Context({"form": form})
    )
    assert "govuk-error-summary" in html
    assert "govuk-error-message" in html
    assert "govuk-form-group--error" in html
    assert "Enter a URN of 6 digits, like 123456" in html


def test_every_field_in_error_gets_the_red_border():
    from django.template import Context, Template

    form = _provider_form(urn="1", email="nope", ofsted_date="32/1/2024")
    form.is_valid()
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    for box in ("id_urn", "id_email", "id_ofsted_date_0"):
        tag = re.search(rf'<input [^>]*id="{box}"[^>]*>', html).group(0)
        assert "govuk-input--error" in re.search(r'class="([^"]*)"', tag).group(1).split(), box
    # Only the day is wrong: the month and year keep their normal border.
    for box in ("id_ofsted_date_1", "id_ofsted_date_2"):
        tag = re.search(rf'<input [^>]*id="{box}"[^>]*>', html).group(0)
        assert "govuk-input--error" not in tag


def test_a_documents_name_says_its_kind_once():
    from providers.models import ComplianceDocument

    insurance = ComplianceDocument(kind="insurance", title="")
    label = insurance.get_kind_display()
    assert insurance.name_with_kind == label
    insurance.title = f"{label} 2026"
    assert insurance.name_with_kind == f"{label} 2026"
    insurance.title = "Zurich policy"
    assert insurance.name_with_kind == f"Zurich policy ({label})"
