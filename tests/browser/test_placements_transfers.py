"""A SENCO adds a pupil whose UPN the service holds for a child at another school: she is told
only that the LA will confirm the record; the officer compares the two records, is refused a
blank UPN, and moves the record to her school. Every page meets WCAG 2.2 AA (axe)."""

from django.urls import reverse
from playwright.sync_api import expect

from apcommission.core.models import Role
from placements.models import PupilTransfer, TransferStatus
from tests.browser.helpers import assert_no_axe_violations, sign_in
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.placements.factories import PupilFactory


def _member(role, organisation, name):
    user = UserFactory(full_name=name)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def test_a_pupil_with_a_upn_held_elsewhere_waits_for_the_la(page, live_server):
    la = LocalAuthorityFactory(name="Wessex County Council", la_code="801")
    school = SchoolFactory(organisation__name="Applegate Academy", organisation__local_authority=la)
    other = SchoolFactory(organisation__name="Brambleton Primary", organisation__local_authority=la)
    held = PupilFactory(home_school=other, legal_first_name="Jordan", legal_last_name="Mover")
    senco = _member(Role.SCHOOL_USER, school.organisation, "Sally Senco")
    officer = _member(Role.LA_OFFICER, la, "Olive Officer")

    sign_in(page, live_server, senco)
    page.goto(live_server.url + reverse("placements:pupil-create"))
    page.locator('input[name="upn"]').fill(held.upn)
    page.locator('input[name="legal_first_name"]').fill("Jordan")
    page.locator('input[name="legal_last_name"]').fill("Mover")
    page.locator('input[name="date_of_birth_0"]').fill("1")
    page.locator('input[name="date_of_birth_1"]').fill("3")
    page.locator('input[name="date_of_birth_2"]').fill("2013")
    page.locator('input[name="sex"][value="M"]').check()
    page.locator('select[name="home_school"]').select_option(label="Applegate Academy")
    with page.expect_navigation():
        page.locator("main #id_submit").click()
    expect(page.get_by_text("The local authority will confirm this pupil's record")).to_be_visible()
    expect(page.get_by_role("heading", name="Waiting for the local authority")).to_be_visible()
    expect(page.get_by_text("Brambleton Primary")).to_have_count(0)
    assert_no_axe_violations(page)

    page.context.clear_cookies()
    sign_in(page, live_server, officer)
    page.goto(live_server.url + reverse("placements:pupil-list"))
    page.get_by_role("link", name="1 pupil added by schools with a UPN the service already holds").click()
    expect(page.get_by_role("heading", name="Pupils to confirm")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Jordan Mover").click()
    expect(page.get_by_role("heading", name="Confirm Jordan Mover's record")).to_be_visible()
    expect(page.get_by_text("Brambleton Primary")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("No: add the pupil with the correct UPN").check()
    page.get_by_role("button", name="Confirm the record").click()
    expect(page.get_by_role("link", name="Enter the correct UPN")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Yes: move the record to Applegate Academy").check()
    page.get_by_role("button", name="Confirm the record").click()
    expect(page.get_by_text("Jordan Mover's record has moved to Applegate Academy")).to_be_visible()
    held.refresh_from_db()
    assert held.home_school == school
    assert PupilTransfer.objects.get().status == TransferStatus.MERGED
