"""The pages: each role sees exactly what it should; lists keep a constant number of queries."""

import csv
import datetime as dt
import io
import subprocess
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apcommission.core.forms import date_input_data
from apcommission.core.models import KeyStage, Need, Role
from providers.choices import ApprovalStatus, ChangeStatus, QAResult
from providers.models import ChangeRequest, ComplianceDocument, Concern, Feedback, Price, QAReview
from providers.services import qa_checklist_ensure_default
from tests.factories import MembershipFactory, UserFactory
from tests.placements.factories import PlacementFactory
from tests.providers.factories import (
    PDF_BYTES,
    ComplianceDocumentFactory,
    ConcernFactory,
    FeedbackFactory,
    PriceFactory,
    ProviderFactory,
    QAReviewFactory,
    SiteCapacityFactory,
    SiteFactory,
    SiteNeedFactory,
)


def _approved_with_site(la, name, *, key_stage=KeyStage.KS4, need=Need.SEMH, district="HR4", places=3, **kwargs):
    provider = ProviderFactory(organisation__name=name, organisation__local_authority=la, **kwargs)
    site = SiteFactory(provider=provider, postcode_district=district, postcode=f"{district} 1AA")
    SiteNeedFactory(site=site, need=need)
    SiteCapacityFactory(site=site, key_stage=key_stage, places=places)
    PriceFactory(provider=provider, effective_from=timezone.localdate() - dt.timedelta(days=30))
    return provider


# --- the approved list ---


def test_school_sees_only_approved_providers_of_its_la(client, la, senco_school_a, provider, approved_provider):
    ProviderFactory(organisation__name="Elsewhere Approved AP")  # another LA
    suspended = ProviderFactory(organisation__local_authority=la, status=ApprovalStatus.SUSPENDED)
    client.force_login(senco_school_a)
    body = client.get(reverse("providers:approved-list")).content.decode()
    assert "Orchard Vocational Hub" in body
    assert "Riverside Learning Centre" not in body
    assert "Elsewhere Approved AP" not in body
    assert suspended.name not in body
    assert client.get(reverse("providers:detail", args=[provider.pk])).status_code == 404
    assert client.get(reverse("providers:detail", args=[suspended.pk])).status_code == 404


def test_school_does_not_see_la_private_records_on_the_detail_page(
    client, la, senco_school_a, approved_provider, la_officer
):
    QAReviewFactory(provider=approved_provider, author=la_officer, summary="Premises need repair")
    ConcernFactory(provider=approved_provider, summary="Other school's worry", details="Private")
    ComplianceDocumentFactory(provider=approved_provider, title="Insurance private doc")
    client.force_login(senco_school_a)
    body = client.get(reverse("providers:detail", args=[approved_provider.pk])).content.decode()
    assert "Orchard Vocational Hub" in body
    for private in ("QA reviews", "Other school&#x27;s worry", "Insurance private doc", "Approval history"):
        assert private not in body
    client.force_login(la_officer)
    body = client.get(reverse("providers:detail", args=[approved_provider.pk])).content.decode()
    assert "Insurance private doc" in body and "Approval history" in body


def test_forum_members_and_provider_users_do_not_get_the_approved_list(client, forum_member, provider_user):
    for user in (forum_member, provider_user):
        client.force_login(user)
        assert client.get(reverse("providers:approved-list")).status_code == 403


@pytest.mark.parametrize(
    "query, expected",
    [
        ("key_stage=ks3", {"KS3 Hub"}),
        ("need=medical", {"Medical Tutors"}),
        ("district=hr1", {"Medical Tutors"}),
        ("provider_type=online", {"KS3 Hub"}),
        ("price_unit=day&price_max=90", {"KS3 Hub"}),
        ("price_unit=day&price_min=100", {"Medical Tutors"}),
        ("places=5", {"Medical Tutors"}),
        ("key_stage=ks4&places=5", {"Medical Tutors"}),
        ("q=tutor", {"Medical Tutors"}),
    ],
)
def test_approved_list_filters(client, la, senco_school_a, query, expected):
    a = _approved_with_site(la, "KS3 Hub", key_stage=KeyStage.KS3, provider_type="online")
    a.prices.update(amount="80.00")
    b = _approved_with_site(la, "Medical Tutors", need=Need.MEDICAL, district="HR1", places=6)
    b.prices.update(amount="120.00")
    client.force_login(senco_school_a)
    body = client.get(reverse("providers:approved-list") + "?" + query).content.decode()
    shown = {name for name in ("KS3 Hub", "Medical Tutors") if name in body}
    assert shown == expected


@pytest.mark.parametrize(
    "query, message",
    [
        ("price_min=abc&price_unit=day", "Enter an amount in pounds and pence, like 95.50"),
        ("price_min=100&price_max=50&price_unit=day", "The highest price must be the same as or more than"),
        ("price_min=10", "Select what the price is for"),
        ("district=99999", "Enter a postcode district, like HR4"),
        ("places=-2", "Enter a number of places of 1 or more"),
        ("places=two", "Enter the number of places as a whole number"),
    ],
)
def test_approved_list_filter_errors_are_govuk_messages(client, senco_school_a, approved_provider, query, message):
    client.force_login(senco_school_a)
    response = client.get(reverse("providers:approved-list") + "?" + query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def _many(la, n):
    for i in range(n):
        _approved_with_site(la, f"Bulk Provider {i:03d}")


@pytest.mark.parametrize("url_name", ["providers:approved-list", "providers:approved-csv", "providers:approved-pdf"])
def test_approved_list_uses_a_constant_number_of_queries(
    client, la, senco_school_a, django_assert_max_num_queries, url_name
):
    client.force_login(senco_school_a)
    _many(la, 2)
    client.get(reverse(url_name))
    with django_assert_max_num_queries(11):
        client.get(reverse(url_name))
    _many(la, 30)
    with django_assert_max_num_queries(11):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_approved_list_paginates(client, la, senco_school_a):
    _many(la, 30)
    client.force_login(senco_school_a)
    body = client.get(reverse("providers:approved-list")).content.decode()
    assert "Bulk Provider 000" in body and "Bulk Provider 029" not in body
    assert "Bulk Provider 029" in client.get(reverse("providers:approved-list") + "?page=2").content.decode()


@pytest.mark.parametrize(
    "url_name, role_fixture, make",
    [
        ("providers:register", "la_officer", lambda la, officer: ProviderFactory(organisation__local_authority=la)),
        (
            "providers:qa-reviews",
            "la_officer",
            lambda la, officer: QAReviewFactory(
                provider=ProviderFactory(organisation__local_authority=la), author=officer
            ),
        ),
        (
            "providers:concerns",
            "la_officer",
            lambda la, officer: ConcernFactory(provider=ProviderFactory(organisation__local_authority=la)),
        ),
        (
            "providers:documents",
            "la_officer",
            lambda la, officer: ComplianceDocumentFactory(
                provider=ProviderFactory(organisation__local_authority=la), expires_on=timezone.localdate()
            ),
        ),
        (
            "providers:feedback-list",
            "la_officer",
            lambda la, officer: FeedbackFactory(provider=ProviderFactory(organisation__local_authority=la)),
        ),
    ],
)
def test_officer_lists_use_a_constant_number_of_queries(
    client, la, request, django_assert_max_num_queries, url_name, role_fixture, make
):
    officer = request.getfixturevalue(role_fixture)
    client.force_login(officer)
    make(la, officer)
    client.get(reverse(url_name))
    with django_assert_max_num_queries(6):
        client.get(reverse(url_name))
    for _ in range(25):
        make(la, officer)
    with django_assert_max_num_queries(6):
        assert client.get(reverse(url_name)).status_code == 200


# --- downloads ---


def test_csv_download_reads_back(client, la, senco_school_a):
    provider = _approved_with_site(la, "=Formula Learning", places=4)
    provider.telephone = "01432 260000"
    provider.save()
    ProviderFactory(organisation__name="Not Yet Approved", organisation__local_authority=la, status="applied")
    client.force_login(senco_school_a)
    response = client.get(reverse("providers:approved-csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Provider"
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Provider"] == "'=Formula Learning"  # spreadsheet formulae neutralised
    assert row["Key stages (places)"] == "Key stage 4 (4)"
    assert row["Prices today"] == "£95.00 per day"
    assert row["Telephone"] == "01432 260000"


def test_pdf_download_reads_back(client, la, senco_school_a, caplog):
    _approved_with_site(la, "Printable Pathways", places=7)
    client.force_login(senco_school_a)
    with caplog.at_level("ERROR", logger="weasyprint"):
        response = client.get(reverse("providers:approved-pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True)
    out = " ".join(text.stdout.decode().split())  # table cells wrap: compare words, not lines
    assert "Printable Pathways" in out
    assert "Wessex County Council" in out
    assert "£95.00 per day" in out
    assert "Page 1 of 1" in out
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]


def test_pdf_fetcher_refuses_the_network():
    from apcommission.core.pdf import RefusedFetch, StaticOnlyURLFetcher

    with pytest.raises(RefusedFetch):
        StaticOnlyURLFetcher().fetch("http://example.com/tracker.png")
    with pytest.raises(RefusedFetch):
        StaticOnlyURLFetcher().fetch("file:///etc/passwd")


def test_documents_download_only_through_the_scoped_view(client, provider, provider_user, senco_school_a, la_officer):
    document = ComplianceDocumentFactory(provider=provider)
    url = reverse("providers:document-download", args=[document.pk])
    assert "/media/" not in url
    client.force_login(provider_user)
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(senco_school_a)
    assert client.get(url).status_code == 403
    other_provider_user = UserFactory()
    MembershipFactory(user=other_provider_user, organisation=ProviderFactory().organisation, role=Role.PROVIDER_USER)
    client.force_login(other_provider_user)
    assert client.get(url).status_code == 404


# --- QA through the pages ---


def _review_post(provider, key=None):
    items = qa_checklist_ensure_default(la=provider.organisation.local_authority)
    today = timezone.localdate()
    data = {
        "submission_key": str(key or uuid.uuid4()),
        "outcome": "approve",
        **date_input_data("reviewed_on", today),
        **date_input_data("next_review_date", today + dt.timedelta(days=365)),
    }
    data |= {f"result_{i.pk}": QAResult.MET for i in items}
    return data


def test_double_submit_of_the_qa_review_form_creates_one(client, provider, la_officer):
    client.force_login(la_officer)
    url = reverse("providers:qa-review-add", args=[provider.pk])
    data = _review_post(provider)
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert QAReview.objects.count() == 1


def test_qa_review_form_errors(client, provider, la_officer):
    client.force_login(la_officer)
    data = _review_post(provider)
    data |= date_input_data("next_review_date", timezone.localdate())
    data.pop(next(k for k in data if k.startswith("result_")))
    data["evidence"] = SimpleUploadedFile("evil.exe", b"MZ\x90")
    response = client.post(reverse("providers:qa-review-add", args=[provider.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "The next review date must be after the date of the review" in body
    assert "Select a result for" in body
    assert "must be a PDF, image" in body
    assert not QAReview.objects.exists()


def test_author_cannot_moderate_through_the_page_and_is_told_why(client, provider, la_officer, la_officer_2):
    review = QAReviewFactory(provider=provider, author=la_officer)
    url = reverse("providers:qa-review-moderate", args=[review.pk])
    client.force_login(la_officer)
    assert client.post(url, {"decision": "sign_off", "note": ""}).status_code == 403
    detail = client.get(reverse("providers:qa-review-detail", args=[review.pk])).content.decode()
    assert "You recorded this review, so you cannot moderate it" in detail
    assert url not in detail
    review.refresh_from_db()
    assert not review.is_moderated
    client.force_login(la_officer_2)
    assert url in client.get(reverse("providers:qa-review-detail", args=[review.pk])).content.decode()
    assert client.post(url, {"decision": "sign_off", "note": "Checked"}).status_code == 302
    review.refresh_from_db()
    assert review.moderated_by == la_officer_2


def test_officer_approves_through_the_status_page(client, provider, moderated_review, la_officer):
    client.force_login(la_officer)
    url = reverse("providers:status", args=[provider.pk])
    assert client.post(url, {"to_status": "approved", "reason": "QA passed"}).status_code == 302
    provider.refresh_from_db()
    assert provider.status == ApprovalStatus.APPROVED


def test_status_page_explains_why_approval_is_refused(client, provider, la_officer):
    client.force_login(la_officer)
    response = client.post(reverse("providers:status", args=[provider.pk]), {"to_status": "approved", "reason": "x"})
    assert "You cannot approve this provider until a QA review" in response.content.decode()


def test_upload_over_10mb_is_refused_through_the_page(client, provider, provider_user, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(provider_user)
    upload = SimpleUploadedFile("insurance.pdf", PDF_BYTES + b"0" * 2048)
    response = client.post(
        reverse("providers:document-add", args=[provider.pk]), {"kind": "insurance", "upload": upload}
    )
    assert "The selected file must be smaller than" in response.content.decode()
    assert not ComplianceDocument.objects.exists()


# --- providers' own users ---


def test_provider_user_price_becomes_a_change_request(client, provider, provider_user, la_officer):
    client.force_login(provider_user)
    response = client.post(
        reverse("providers:price-add", args=[provider.pk]),
        {"unit": "day", "amount": "105.00", **date_input_data("effective_from", dt.date(2026, 9, 1))},
    )
    assert response.status_code == 302
    assert not Price.objects.exists()
    change = ChangeRequest.objects.get()
    client.force_login(la_officer)
    assert "£105.00" in client.get(reverse("providers:change-requests")).content.decode()
    client.post(reverse("providers:change-request-decide", args=[change.pk]), {"decision": "approve"})
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    assert Price.objects.get().amount == 105


def test_officer_overlapping_price_through_the_page(client, approved_provider, la_officer):
    PriceFactory(provider=approved_provider, effective_from=dt.date(2026, 9, 1))
    client.force_login(la_officer)
    response = client.post(
        reverse("providers:price-add", args=[approved_provider.pk]),
        {"unit": "day", "amount": "99.00", **date_input_data("effective_from", dt.date(2027, 1, 1))},
    )
    assert "These dates overlap the price of £95.00 per day" in response.content.decode()
    assert Price.objects.count() == 1


def test_provider_user_cannot_edit_identifiers_or_other_providers(client, provider, provider_user, approved_provider):
    client.force_login(provider_user)
    assert client.get(reverse("providers:edit", args=[provider.pk])).status_code == 403
    assert client.get(reverse("providers:offer-edit", args=[approved_provider.pk])).status_code == 404
    response = client.post(reverse("providers:offer-edit", args=[provider.pk]), {"description": "Motor vehicle skills"})
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.description == "Motor vehicle skills"


# --- concerns and feedback ---


def _placed_with(provider, school):
    """Feedback comes only from schools whose pupils have been placed with the provider."""
    PlacementFactory(pupil__home_school=school, site__provider=provider, status="ended")


def test_school_sees_its_own_concerns_and_feedback_only(
    client, la, approved_provider, school_a, senco_school_a, senco_school_b
):
    _placed_with(approved_provider, school_a)
    client.force_login(senco_school_a)
    response = client.post(
        reverse("providers:concern-add", args=[approved_provider.pk]),
        {"summary": "Late collection", "details": "Pupil waited an hour"},
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    client.post(
        reverse("providers:feedback-add", args=[approved_provider.pk]),
        {"academic_year": "2026", "term": "autumn", "rating": "4", "comments": "Applegate feedback words"},
    )
    assert Feedback.objects.count() == 1
    client.force_login(senco_school_b)
    assert "Late collection" not in client.get(reverse("providers:concerns")).content.decode()
    assert client.get(reverse("providers:concern-detail", args=[concern.pk])).status_code == 404
    assert "Applegate feedback words" not in client.get(reverse("providers:feedback-list")).content.decode()


def test_feedback_once_per_school_and_term(client, approved_provider, school_a, senco_school_a):
    _placed_with(approved_provider, school_a)
    client.force_login(senco_school_a)
    url = reverse("providers:feedback-add", args=[approved_provider.pk])
    data = {"academic_year": "2026", "term": "spring", "rating": "5"}
    client.post(url, data)
    response = client.post(url, data)
    assert "already given feedback on this provider for the Spring term 2026" in response.content.decode()
    assert Feedback.objects.count() == 1


def test_officer_closes_a_concern_with_an_outcome(client, approved_provider, la_officer):
    concern = ConcernFactory(provider=approved_provider)
    client.force_login(la_officer)
    url = reverse("providers:concern-detail", args=[concern.pk])
    assert "Enter the outcome before closing" in client.post(url, {"status": "closed"}).content.decode()
    client.post(url, {"status": "closed", "outcome": "Visited; new sign-out procedure"})
    concern.refresh_from_db()
    assert concern.status == "closed" and concern.closed_on == timezone.localdate()


# --- gap analysis and home ---


def test_gap_analysis_counts_approved_places_and_shows_gaps(client, la, la_officer, senco_school_a):
    _approved_with_site(la, "Semh Centre", places=5)
    ProviderFactory(organisation__local_authority=la, status="under_review")
    client.force_login(la_officer)
    response = client.get(reverse("providers:gap-analysis"))
    gaps = response.context["gaps"]
    ks4 = next(r for r in gaps["rows"] if r["key_stage"] == "Key stage 4")
    assert next(c for c in ks4["cells"] if c["need"].startswith("Social"))["places"] == 5
    assert gaps["gaps"] == 7 * 7 - 1
    body = response.content.decode()
    assert "No provision" in body
    assert "Key stage 1: no approved provision for medical needs" in body
    client.force_login(senco_school_a)
    assert client.get(reverse("providers:gap-analysis")).status_code == 403


def test_gap_analysis_csv_reads_back_with_the_same_places(client, la, la_officer):
    _approved_with_site(la, "Semh Centre", places=5)
    client.force_login(la_officer)
    rows = list(csv.reader(io.StringIO(client.get(reverse("providers:gap-analysis-csv")).content.decode())))
    header, ks4 = rows[0], next(row for row in rows if row[0] == "Key stage 4")
    assert header[0] == "Key stage" and len(rows) == 1 + 7
    assert ks4[next(i for i, need in enumerate(header) if need.startswith("Social"))] == "5"
    assert sum(int(cell) for row in rows[1:] for cell in row[1:]) == 5


def test_home_panels_by_role(client, la, la_officer, la_officer_2, senco_school_a, provider, provider_user):
    QAReviewFactory(provider=provider, author=la_officer_2)
    ComplianceDocumentFactory(provider=provider, expires_on=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(la_officer)
    body = client.get(reverse("core:home")).content.decode()
    assert "QA reviews awaiting moderation" in body and "1 waiting" in body
    assert "1 documents" in body
    client.force_login(senco_school_a)
    assert "Find an approved provider" in client.get(reverse("core:home")).content.decode()
    client.force_login(provider_user)
    assert "Riverside Learning Centre" in client.get(reverse("core:home")).content.decode()
