"""A provider marks today's register for their pupils; an officer sees the dashboard and the key
stage snapshot (refusing dates in the wrong order); a SENCO records a review. Every page meets
WCAG 2.2 AA (axe), forms showing errors included."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apcommission.core.models import Role
from placements.models import AttendanceMark, PlacementReview, PlacementStatus
from tests.browser.helpers import assert_no_axe_violations, open_page, sign_in
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.placements.factories import PlacementFactory
from tests.providers.factories import SiteCapacityFactory, SiteFactory


def _member(role, organisation, name):
    user = UserFactory(full_name=name)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def _fill_date(page, prefix, day):
    page.locator(f'input[name="{prefix}_0"]').fill(str(day.day))
    page.locator(f'input[name="{prefix}_1"]').fill(str(day.month))
    page.locator(f'input[name="{prefix}_2"]').fill(str(day.year))


def test_provider_marks_todays_register_and_officer_and_senco_pages_are_axe_clean(page, live_server):
    today = timezone.localdate()
    la = LocalAuthorityFactory(name="Wessex County Council", la_code="804")
    school = SchoolFactory(organisation__name="Applegate Academy", organisation__local_authority=la)
    site = SiteFactory(
        provider__organisation__name="Riverside Learning", provider__organisation__local_authority=la, name="Centre"
    )
    SiteCapacityFactory(site=site, key_stage="ks3", places=5)
    placements = [
        PlacementFactory(
            site=site,
            status=PlacementStatus.ACTIVE,
            pupil__home_school=school,
            pupil__legal_first_name=first,
            pupil__legal_last_name=last,
            start_date=today - dt.timedelta(days=21),
            end_date=today + dt.timedelta(days=60),
        )
        for first, last in (("Kai", "Fletcher"), ("Maya", "Osei"))
    ]
    provider_user = _member(Role.PROVIDER_USER, site.provider.organisation, "Priya Provider")
    officer = _member(Role.LA_OFFICER, la, "Olive Officer")
    senco = _member(Role.SCHOOL_USER, school.organisation, "Sally Senco")

    # The provider marks today's register: Kai present all day, Maya absent in the afternoon with a reason.
    sign_in(page, live_server, provider_user)
    open_page(page, live_server.url + reverse("placements:attendance-index"), heading="Daily registers")
    page.get_by_role("link", name="Riverside Learning register for today").click()
    expect(page.get_by_role("heading", name="Register for")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Morning mark for Kai Fletcher").select_option("present")
    page.get_by_label("Afternoon mark for Kai Fletcher").select_option("present")
    page.get_by_label("Morning mark for Maya Osei").select_option("late")
    page.get_by_label("Afternoon mark for Maya Osei").select_option("authorised")
    page.get_by_label("Reason for the afternoon absence of Maya Osei").fill("Medical appointment")
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_text("Register saved: 4 new marks, 0 marks changed.")).to_be_visible()
    assert_no_axe_violations(page)
    assert AttendanceMark.objects.filter(date=today).count() == 4
    assert AttendanceMark.objects.get(placement=placements[1], session="pm").reason == "Medical appointment"
    open_page(page, live_server.url + reverse("placements:dashboard"), heading="Alternative provision today")

    # The officer's dashboard and the key stage snapshot, with dates in the wrong order refused.
    page.context.clear_cookies()
    sign_in(page, live_server, officer)
    open_page(page, live_server.url + reverse("placements:dashboard"), heading="Alternative provision today")
    expect(page.get_by_role("heading", name="Pupils in alternative provision now: 2")).to_be_visible()
    snapshot = live_server.url + reverse("placements:key-stage-snapshot")
    open_page(page, snapshot, heading="Pupils in alternative provision by key stage")
    expect(page.get_by_role("link", name="Download this table (CSV)")).to_be_visible()
    _fill_date(page, "first_date", today)
    _fill_date(page, "second_date", today - dt.timedelta(days=30))
    page.get_by_role("button", name="Compare").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The second date must be after the first date")
    assert_no_axe_violations(page)

    # The SENCO records a review, first with a date in the future.
    page.context.clear_cookies()
    sign_in(page, live_server, senco)
    open_page(
        page, live_server.url + reverse("placements:review-create", args=[placements[0].pk]), heading="Record a review"
    )
    _fill_date(page, "review_date", today + dt.timedelta(days=2))
    page.get_by_label("Who attended").fill("Sally Senco, Kai, Kai's dad")
    page.get_by_label("Progress against the objectives").fill("Attending every morning")
    page.get_by_label("What is working, in the pupil's own words").fill("Staff talk to me properly")
    page.get_by_label("What should change, in the pupil's own words").fill("More help with apprenticeships")
    page.get_by_label("Continue the placement").check()
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The date of the review must be today or in the past")
    assert_no_axe_violations(page)
    _fill_date(page, "review_date", today)
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("heading", name="Review on")).to_be_visible()
    expect(page.get_by_text("100.0% (2 of 2 sessions)")).to_be_visible()
    assert_no_axe_violations(page)
    assert PlacementReview.objects.get().pupil_what_should_change == "More help with apprenticeships"
