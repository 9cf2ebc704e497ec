"""A Forum member signs in to the reports list and downloads the latest pack; an officer prepares
one. Every reports page, and its error states, is axe-clean."""

import datetime as dt
import subprocess
from pathlib import Path

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apcommission.core.models import Role
from reports.selectors.pack import PackOptions
from reports.services import PlanFigures, pack_publish, pack_request, plan_choose, plan_create, priority_area_add
from reports.services.improvement import improvement_action_save
from tests.browser.helpers import assert_heading, assert_no_axe_violations, open_page, sign_in
from tests.factories import LocalAuthorityFactory, MembershipFactory, UserFactory

TODAY = timezone.localdate()


def _member(role, organisation):
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def _open(page, live_server, name, *args, heading):
    open_page(page, live_server.url + reverse(name, args=args), heading=heading)


def test_a_forum_member_signs_in_and_downloads_the_latest_pack(page, live_server):
    la = LocalAuthorityFactory(name="Wessex County Council", la_code="803")
    officer, forum = _member(Role.LA_OFFICER, la), _member(Role.FORUM_MEMBER, la)
    options = PackOptions(TODAY, 2026, TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=1))
    pack_publish(pack=pack_request(local_authority=la, options=options, by=officer), by=officer)
    sign_in(page, live_server, forum)
    assert_heading(page, "Welcome")
    assert_no_axe_violations(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the latest pack").click()
    pdf = Path(download_info.value.path()).read_bytes()
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Schools Forum budget" in text and "Pupils in alternative provision by key stage" in text
    _open(page, live_server, "reports:home", heading="Schools Forum reports")
    expect(page.get_by_role("link", name="Generate a Forum pack")).to_have_count(0)


def test_an_officer_prepares_a_pack_and_every_reports_page_is_axe_clean(page, live_server):
    la = LocalAuthorityFactory(name="Wessex County Council", la_code="803")
    officer = _member(Role.LA_OFFICER, la)
    plan = plan_create(
        local_authority=la,
        figures=PlanFigures("Outreach first", "2025-26", 4_258_000, 327, [(4_712_000, 400), (3_880_000, 450)]),
        by=officer,
    )
    plan_choose(plan=plan, by=officer)
    area = priority_area_add(local_authority=la, title="Commissioning", by=officer)
    action = improvement_action_save(
        area=area, description="Review every provider", lead="Team", due_date=TODAY, by=officer
    )
    sign_in(page, live_server, officer)
    _open(page, live_server, "reports:home", heading="Schools Forum reports")
    _open(page, live_server, "reports:pack-new", heading="Generate a Forum pack")
    page.get_by_role("button", name="Generate the pack").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    for name, args, heading in [
        ("reports:plan-list", [], "Commissioning plan scenarios"),
        ("reports:plan-detail", [plan.pk], "Outreach first"),
        ("reports:plan-edit", [plan.pk], "Change Outreach first"),
        ("reports:plan-compare", [], "Compare scenarios"),
        ("reports:plan-new", [], "Add a scenario"),
        ("reports:improvement", [], "Improvement plan"),
        ("reports:action-edit", [action.pk], "Change an action"),
        ("reports:area-new", [], "Add a priority area"),
        ("reports:census", [], "AP census return"),
    ]:
        _open(page, live_server, name, *args, heading=heading)
    _open(page, live_server, "reports:plan-new", heading="Add a scenario")
    page.get_by_role("button", name="Save scenario").click()  # the empty new-scenario form
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    options = PackOptions(TODAY, 2026, TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=1))
    pack = pack_request(local_authority=la, options=options, by=officer)
    _open(page, live_server, "reports:pack-detail", pack.pk, heading="Schools Forum budget pack")
    _open(page, live_server, "reports:pack-publish", pack.pk, heading="Publish this pack")
    page.get_by_role("button", name="Publish the pack").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Published")
    assert_no_axe_violations(page)
