"""An officer exports everything held about a pupil and places a legal hold; every data protection
page (and the privacy notice, signed out) is axe-clean."""

import io
import zipfile
from pathlib import Path

from django.urls import reverse
from playwright.sync_api import expect

from apcommission.core.models import Role
from tests.browser.helpers import assert_heading, assert_no_axe_violations, open_page, sign_in
from tests.dataprotection.factories import every_kind_for
from tests.factories import LocalAuthorityFactory, MembershipFactory, UserFactory


def test_an_officer_exports_a_pupils_records_and_places_a_hold(page, live_server):
    open_page(page, live_server.url + reverse("dataprotection:privacy"), heading="Privacy notice")
    la = LocalAuthorityFactory(name="Wessex County Council", la_code="803")
    officer = UserFactory()
    MembershipFactory(user=officer, organisation=la, role=Role.LA_MANAGER)
    pupil = every_kind_for(la, name="Wilhelmina Browserchild", secret="Quokka", by=officer)
    sign_in(page, live_server, officer)
    page.goto(live_server.url + reverse("placements:pupil-detail", args=[pupil.pk]))
    page.get_by_role("link", name="Export everything held about Wilhelmina Browserchild").click()
    expect(page.locator("h1")).to_contain_text("Export everything held")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Export the records").click()
    expect(page.locator("h1")).to_contain_text("Export for Wilhelmina Browserchild")
    assert_no_axe_violations(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the export").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    assert "summary.html" in archive.namelist() and "placements-placementreview.csv" in archive.namelist()
    page.goto(live_server.url + reverse("dataprotection:hold-new", args=[pupil.pk]))
    page.get_by_role("button", name="Place the hold").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the records must be kept")
    assert_no_axe_violations(page)
    page.get_by_label("Why must the records be kept?").fill("Claim ref 2026/114")
    page.get_by_role("button", name="Place the hold").click()
    expect(page.locator("h1")).to_have_text("Retention schedule and legal holds")
    expect(page.get_by_text("Claim ref 2026/114")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Release the hold on Wilhelmina Browserchild's records").click()
    expect(page.get_by_role("button", name="Release the hold")).to_be_visible()
    assert_heading(page)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Release the hold").click()
    expect(page.locator(".govuk-notification-banner, .govuk-body").first).to_be_visible()
    assert_heading(page, "Retention schedule and legal holds")
    assert_no_axe_violations(page)
