"""A SENCO's placement request as question pages, and an officer's direct placement through the
same pages: one question a page, an error shown next to its field, answers kept over a reload and
the browser's back button, an answer changed from "Check your answers", and the confirmation with
the request's reference. Every page, and an error state, meets WCAG 2.2 AA (axe)."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from playwright.sync_api import expect

from apcommission.core.models import Role
from placements.models import Placement, PlacementStatus
from tests.browser.helpers import assert_no_axe_violations, sign_in
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.placements.factories import PupilFactory
from tests.providers.factories import PriceFactory, SiteCapacityFactory, SiteFactory, SiteNeedFactory


def _member(role, organisation, name):
    user = UserFactory(full_name=name)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def _fill_date(page, prefix, day):
    page.locator(f'input[name="{prefix}_0"]').fill(str(day.day))
    page.locator(f'input[name="{prefix}_1"]').fill(str(day.month))
    page.locator(f'input[name="{prefix}_2"]').fill(str(day.year))


def _continue(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def _county():
    la = LocalAuthorityFactory(name="Wessex County Council", la_code="801")
    school = SchoolFactory(organisation__name="Applegate Academy", organisation__local_authority=la)
    plain = SiteFactory(
        provider__organisation__name="Riverside Learning", provider__organisation__local_authority=la, name="Centre"
    )
    fitting = SiteFactory(
        provider__organisation__name="Willow Tree AP", provider__organisation__local_authority=la, name="Willow"
    )
    for site, price in ((plain, "80.00"), (fitting, "95.00")):
        SiteCapacityFactory(site=site, key_stage="ks3", places=2)
        PriceFactory(provider=site.provider, unit="day", amount=Decimal(price), effective_from=dt.date(2020, 1, 1))
    SiteNeedFactory(site=fitting, need="semh")
    today = dt.date.today()
    pupil = PupilFactory(
        home_school=school,
        legal_first_name="Kai",
        legal_last_name="Fletcher",
        date_of_birth=dt.date(today.year - 13, 1, 15) if today.month >= 9 else dt.date(today.year - 14, 1, 15),
    )
    return la, school, pupil, today


def test_a_senco_requests_a_placement_one_question_at_a_time(page, live_server):
    la, school, pupil, today = _county()
    senco = _member(Role.SCHOOL_USER, school.organisation, "Sally Senco")
    sign_in(page, live_server, senco)

    # The pupil: where the request starts.
    page.goto(live_server.url + reverse("placements:pupil-detail", args=[pupil.pk]))
    page.get_by_role("link", name="Request a placement").click()
    expect(page.get_by_role("heading", name="Request a placement")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Start now").click()

    # The route, each with its one line; nothing chosen is refused next to the question.
    expect(page.get_by_role("heading", name="Which route into alternative provision is this?")).to_be_visible()
    expect(page.get_by_text("A short assessment or intervention with a plan to return to school")).to_be_visible()
    assert_no_axe_violations(page)
    _continue(page)
    expect(page.get_by_role("link", name="Select the route into alternative provision")).to_be_visible()
    assert page.title().startswith("Error:")
    assert_no_axe_violations(page)
    page.get_by_label("Short-term assessment or intervention to support reintegration or transition").check()
    _continue(page)

    # The needs; a reload keeps the route, and the back button shows it chosen.
    expect(page.get_by_role("heading", name="Which needs should the provision meet?")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Social, emotional and mental health (SEMH)").check()
    _continue(page)
    expect(page.get_by_role("heading", name="Dates and sessions")).to_be_visible()
    page.reload()
    page.go_back()
    expect(page.get_by_label("Social, emotional and mental health (SEMH)")).to_be_checked()
    page.go_forward()

    # Dates and sessions: an end before the start is refused beside the end date.
    assert_no_axe_violations(page)
    _fill_date(page, "start_date", today)
    _fill_date(page, "end_date", today - dt.timedelta(days=1))
    page.get_by_label("Sessions per week").fill("10")
    page.get_by_label("Full time", exact=True).check()
    _continue(page)
    expect(page.get_by_role("link", name="The end date must be the same as or after the start date")).to_be_visible()
    assert_no_axe_violations(page)
    _fill_date(page, "end_date", today + dt.timedelta(days=42))
    _continue(page)

    # Providers: the one serving SEMH first, though dearer.
    expect(page.get_by_role("heading", name="Which provider and site?")).to_be_visible()
    labels = page.locator(".govuk-radios__label").all_inner_texts()
    assert [label.strip() for label in labels] == ["Willow Tree AP – Willow", "Riverside Learning – Centre"]
    expect(page.get_by_text("Serves the need you chose")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Willow Tree AP – Willow").check()
    _continue(page)

    # The only choice this route leaves to a school that commissions it.
    expect(page.get_by_role("heading", name="Who will pay the lump sum?")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Our school pays it").check()
    _continue(page)

    expect(page.get_by_role("heading", name="What should the placement achieve?")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("What should the placement achieve?").fill("Attend every day and rebuild confidence")
    _continue(page)

    # Check your answers; change the needs and come straight back.
    expect(page.get_by_role("heading", name="Check your answers before sending your request")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Change needs").click()
    page.get_by_label("Anxiety and emotionally based school avoidance (EBSA)").check()
    _continue(page)
    expect(page.get_by_role("heading", name="Check your answers before sending your request")).to_be_visible()
    expect(
        page.get_by_text("Social, emotional and mental health (SEMH), Anxiety and emotionally based")
    ).to_be_visible()

    # Send: the confirmation gives the reference stored on the request.
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    placement = Placement.objects.get(pupil=pupil)
    expect(page.locator(".govuk-panel__body strong")).to_have_text(placement.reference)
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    assert_no_axe_violations(page)
    assert placement.status == PlacementStatus.APPROVED and placement.needs == ["semh", "ebsa"]
    assert placement.site.name == "Willow" and placement.lump_sum_funder == "school"


def test_an_officer_arranges_a_placement_through_the_same_pages(page, live_server):
    la, school, pupil, today = _county()
    officer = _member(Role.LA_OFFICER, la, "Olive Officer")
    sign_in(page, live_server, officer)
    page.goto(live_server.url + reverse("placements:pupil-detail", args=[pupil.pk]))
    page.get_by_role("link", name="Arrange a placement").click()
    page.get_by_role("button", name="Start now").click()
    page.get_by_label('Section 19 "other reasons"').check()
    _continue(page)
    page.get_by_label("No particular needs").check()
    _continue(page)
    _fill_date(page, "start_date", today)
    _fill_date(page, "end_date", today + dt.timedelta(days=42))
    page.get_by_label("Sessions per week").fill("6")
    page.get_by_label("Part time", exact=True).check()
    _continue(page)
    page.get_by_label("Riverside Learning – Centre").check()
    _continue(page)

    # The officer is the LA: every choice the route leaves open is theirs.
    for question, answer in (
        ("Who pays the lump sum?", "The local authority"),
        ("Who pays the top-up?", "The local authority"),
    ):
        expect(page.get_by_role("heading", name=question)).to_be_visible()
        assert_no_axe_violations(page)
        page.get_by_label(answer, exact=True).check()
        _continue(page)
    expect(page.get_by_role("heading", name="How is the pupil registered?")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Dual registration, with the home school as the main setting").check()
    _continue(page)
    page.get_by_label("What should the placement achieve?").fill("Full-time education while a school is found")
    _continue(page)
    expect(page.get_by_role("heading", name="Check your answers before arranging the placement")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Arrange placement").click()
    expect(page.get_by_role("heading", name="Placement arranged")).to_be_visible()
    assert_no_axe_violations(page)
    placement = Placement.objects.get(pupil=pupil)
    expect(page.locator(".govuk-panel__body strong")).to_have_text(placement.reference)
    assert (placement.lump_sum_funder, placement.top_up_funder, placement.registration) == ("la", "la", "dual")
    assert not placement.requires_panel
