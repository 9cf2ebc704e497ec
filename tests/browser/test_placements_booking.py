"""A SENCO requests an LA-commissioned placement, the panel asks for more information, the SENCO
sends it, the panel approves, the provider accepts and records the start: the placement is
booked, then active. Every page meets WCAG 2.2 AA (axe)."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from playwright.sync_api import expect

from apcommission.core.models import Role
from placements.models import Placement, PlacementStatus
from tests.browser.helpers import assert_heading, assert_no_axe_violations, open_page, sign_in
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.placements.factories import PupilFactory
from tests.providers.factories import PriceFactory, SiteCapacityFactory, SiteFactory


def _member(role, organisation, name):
    user = UserFactory(full_name=name)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def _sign_out(page):
    page.context.clear_cookies()


def _fill_date(page, prefix, day):
    page.locator(f'input[name="{prefix}_0"]').fill(str(day.day))
    page.locator(f'input[name="{prefix}_1"]').fill(str(day.month))
    page.locator(f'input[name="{prefix}_2"]').fill(str(day.year))


def test_senco_request_to_panel_approval_to_active_placement(page, live_server):
    la = LocalAuthorityFactory(name="Wessex County Council", la_code="801")
    school = SchoolFactory(organisation__name="Applegate Academy", organisation__local_authority=la)
    site = SiteFactory(
        provider__organisation__name="Riverside Learning",
        provider__organisation__local_authority=la,
        name="Riverside Centre",
    )
    SiteCapacityFactory(site=site, key_stage="ks3", places=2)
    PriceFactory(provider=site.provider, unit="day", amount=Decimal("90.00"), effective_from=dt.date(2020, 1, 1))
    today = dt.date.today()
    pupil = PupilFactory(
        home_school=school,
        legal_first_name="Kai",
        legal_last_name="Fletcher",
        date_of_birth=dt.date(today.year - 13, 1, 15) if today.month >= 9 else dt.date(today.year - 14, 1, 15),
    )
    senco = _member(Role.SCHOOL_USER, school.organisation, "Sally Senco")
    officer = _member(Role.LA_OFFICER, la, "Olive Officer")
    provider_user = _member(Role.PROVIDER_USER, site.provider.organisation, "Priya Provider")

    # The SENCO requests a Section 19 placement for her pupil.
    sign_in(page, live_server, senco)
    open_page(page, live_server.url + reverse("placements:pupil-detail", args=[pupil.pk]), heading="Kai Fletcher")
    page.get_by_role("link", name="Request a placement").click()
    expect(page.get_by_role("heading", name="Request a placement")).to_be_visible()
    page.get_by_role("button", name="Start now").click()
    page.get_by_label('Section 19 "other reasons"').check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Social, emotional and mental health (SEMH)").check()
    page.get_by_role("button", name="Continue").click()
    _fill_date(page, "start_date", today)
    _fill_date(page, "end_date", today + dt.timedelta(days=42))
    page.locator('input[name="sessions_per_week"]').fill("10")
    page.get_by_label("Full time", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Riverside Learning – Riverside Centre").first).to_be_visible()
    page.get_by_label("Riverside Learning – Riverside Centre").check()
    page.get_by_role("button", name="Continue").click()
    # The LA commissions a Section 19 placement: who pays and the registration are the panel's.
    page.get_by_label("What should the placement achieve?").fill("Attend every day and rebuild confidence")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Who pays the lump sum, who pays the top-up, how the pupil is registered")).to_be_visible()
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    page.get_by_role("link", name="View the placement").click()
    expect(page.get_by_text("Requested", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    placement = Placement.objects.get(pupil=pupil)
    assert placement.requires_panel

    # The officer's panel asks for more information.
    _sign_out(page)
    sign_in(page, live_server, officer)
    open_page(page, live_server.url + reverse("placements:panel-queue"), heading="Panel queue")
    page.get_by_role("link", name="Kai Fletcher").click()
    expect(page.get_by_label("More information needed")).to_be_visible()
    assert_heading(page, "Panel decision")
    assert_no_axe_violations(page)
    page.get_by_label("More information needed").check()
    page.get_by_label("Reasons").fill("How does Kai get on in small groups?")
    _fill_date(page, "decision_date", today)
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("link", name="Kai Fletcher")).to_be_visible()

    # The SENCO reads the panel's question and answers it; a blank answer is refused first.
    _sign_out(page)
    sign_in(page, live_server, senco)
    page.goto(live_server.url + reverse("placements:placement-detail", args=[placement.pk]))
    expect(page.get_by_text("How does Kai get on in small groups?", exact=True)).to_be_visible()
    page.get_by_role("link", name="Send more information to the panel").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send more information to the panel").click()
    expect(page.get_by_role("link", name="Enter the information for the panel")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("More information for the panel").fill("He settles well in groups of up to six")
    page.get_by_role("button", name="Send more information to the panel").click()
    expect(page.get_by_text("Your information has been sent to the panel")).to_be_visible()
    expect(page.get_by_text("Requested", exact=True)).to_be_visible()

    # The officer's panel reads the answer and approves.
    _sign_out(page)
    sign_in(page, live_server, officer)
    page.goto(live_server.url + reverse("placements:panel-queue"))
    page.get_by_role("link", name="Kai Fletcher").click()
    expect(page.get_by_text("He settles well in groups of up to six", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Approve").check()
    page.get_by_role("group", name="If approved, who pays the lump sum?").get_by_label("The local authority").check()
    page.get_by_role("group", name="If approved, who pays the top-up?").get_by_label("The local authority").check()
    page.get_by_label("Dual registration, with the home school as the main setting").check()
    assert_no_axe_violations(page)
    page.get_by_label("Reasons").fill("Section 19 duty applies; Riverside has a place")
    _fill_date(page, "decision_date", today)
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("No requests are waiting for the panel.")).to_be_visible()

    # The provider accepts, which books the place, then records the start.
    _sign_out(page)
    sign_in(page, live_server, provider_user)
    open_page(page, live_server.url + reverse("placements:placement-detail", args=[placement.pk]), heading="Riverside")
    page.get_by_role("link", name="Accept and book").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Accept and book the place").click()
    expect(page.get_by_text("Booked", exact=True)).to_be_visible()
    expect(page.get_by_text("K: attending provision arranged by the local authority")).to_be_visible()
    expect(page.get_by_text("£450.00")).to_be_visible()  # £90 a day × 10 sessions ÷ 2
    page.get_by_role("link", name="Record the start").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Confirm the pupil has started").click()
    expect(page.get_by_text("Active", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ACTIVE
