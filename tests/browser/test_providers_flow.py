"""An officer records a QA review, a second officer moderates it, the officer approves the provider,
and a school user then finds it on the approved list. Every page visited is axe-clean (WCAG 2.2 AA)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apcommission.core.models import Role
from providers.choices import ApprovalStatus
from providers.models import Provider, QAReview
from providers.services import qa_checklist_ensure_default
from tests.browser.helpers import assert_heading, assert_no_axe_violations, open_page, sign_in
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.providers.factories import ProviderFactory, SiteCapacityFactory, SiteFactory, SiteNeedFactory


def _member(role, organisation, name):
    user = UserFactory(full_name=name)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def test_qa_review_moderation_and_approval_put_the_provider_on_the_schools_list(page, live_server):
    la = LocalAuthorityFactory(name="Wessex County Council", la_code="802")
    school = SchoolFactory(organisation__name="Applegate Academy", organisation__local_authority=la)
    provider = ProviderFactory(
        organisation__name="Kingfisher Outdoor Learning",
        organisation__local_authority=la,
        status=ApprovalStatus.UNDER_REVIEW,
    )
    site = SiteFactory(provider=provider, name="Kingfisher Barn", postcode="HR4 9AA", postcode_district="HR4")
    SiteNeedFactory(site=site, need="vocational")
    SiteCapacityFactory(site=site, key_stage="ks4", places=5)
    items = qa_checklist_ensure_default(la=la)
    officer = _member(Role.LA_OFFICER, la, "Olive Officer")
    second = _member(Role.LA_OFFICER, la, "Otto Second-Officer")
    senco = _member(Role.SCHOOL_USER, school.organisation, "Sally Senco")
    today = timezone.localdate()

    # The school cannot see the provider while it is under review.
    sign_in(page, live_server, senco)
    open_page(page, live_server.url + reverse("providers:approved-list"), heading="Approved providers")
    expect(page.get_by_text("Kingfisher Outdoor Learning")).to_have_count(0)
    page.context.clear_cookies()

    # The officer records a QA review with every check met.
    sign_in(page, live_server, officer)
    open_page(
        page, live_server.url + reverse("providers:detail", args=[provider.pk]), heading="Kingfisher Outdoor Learning"
    )
    page.get_by_role("link", name="Record a QA review").click()
    expect(page.get_by_role("heading", name="Record a QA review")).to_be_visible()
    assert_no_axe_violations(page)
    for item in items:
        page.locator(f'input[name="result_{item.pk}"][value="met"]').check()
    page.get_by_label("Meets the standard: approve").check()
    next_review, next_review_date = page.get_by_role("group", name="Next review date"), today + dt.timedelta(days=365)
    next_review.get_by_label("Day", exact=True).fill(str(next_review_date.day))
    next_review.get_by_label("Month", exact=True).fill(str(next_review_date.month))
    next_review.get_by_label("Year", exact=True).fill(str(next_review_date.year))
    page.get_by_role("button", name="Record QA review").click()
    expect(page.get_by_text("A second officer must now moderate it")).to_be_visible()
    assert_no_axe_violations(page)
    review = QAReview.objects.get(provider=provider)
    # The author cannot moderate it, and is told why.
    expect(page.get_by_role("link", name="Sign off or return this review")).to_have_count(0)
    expect(page.get_by_text("You recorded this review, so you cannot moderate it")).to_be_visible()
    page.context.clear_cookies()

    # A second officer moderates it.
    sign_in(page, live_server, second)
    open_page(page, live_server.url + reverse("providers:qa-reviews"), heading="QA reviews")
    page.get_by_role("link", name="review of Kingfisher Outdoor Learning").click()
    expect(page.get_by_role("link", name="Sign off or return this review")).to_be_visible()
    assert_heading(page, "QA review of")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Sign off or return this review").click()
    assert_heading(page, "Moderate a QA review")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save moderation").click()
    expect(page.get_by_text("Select whether you sign off the review or return it").first).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Sign off the review").check()
    page.get_by_label("Note or reason").fill("Single central record seen on the visit")
    page.get_by_role("button", name="Save moderation").click()
    # Signing off an approving review approves the provider.
    expect(page.get_by_text("QA review signed off")).to_be_visible()
    expect(page.get_by_text("Kingfisher Outdoor Learning is now approved")).to_be_visible()
    assert_no_axe_violations(page)
    review.refresh_from_db()
    assert review.moderated_by == second
    page.context.clear_cookies()

    assert Provider.objects.get(pk=provider.pk).status == ApprovalStatus.APPROVED

    # The school finds it on the approved list, filtered by key stage and need.
    sign_in(page, live_server, senco)
    page.goto(live_server.url + reverse("providers:approved-list"))
    page.get_by_label("Key stage").select_option("ks4")
    page.get_by_label("Need").select_option("vocational")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name="Kingfisher Outdoor Learning")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Kingfisher Outdoor Learning").click()
    expect(page.get_by_role("heading", name="Kingfisher Outdoor Learning")).to_be_visible()
    assert_no_axe_violations(page)
