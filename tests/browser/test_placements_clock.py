"""An officer records a permanent exclusion (a refused suspension of 0 days first), sees the day-6
deadline on the pupil page, the exclusion page, the task list, and a reminder in the
notifications; a SENCO records a health absence. Every page meets WCAG 2.2 AA (axe)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apcommission.core.models import Role
from placements.models import Deadline, Reminder
from tests.browser.helpers import assert_heading, assert_no_axe_violations, open_page, sign_in
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.placements.factories import PupilFactory


def _fill_date(page, prefix, day):
    page.locator(f'input[name="{prefix}_0"]').fill(str(day.day))
    page.locator(f'input[name="{prefix}_1"]').fill(str(day.month))
    page.locator(f'input[name="{prefix}_2"]').fill(str(day.year))


def test_an_officer_records_an_exclusion_and_follows_its_deadline(page, live_server):
    la = LocalAuthorityFactory(name="Wessex County Council", la_code="801")
    school = SchoolFactory(organisation__name="Applegate Academy", organisation__local_authority=la)
    pupil = PupilFactory(home_school=school, legal_first_name="Kai", legal_last_name="Fletcher")
    officer = UserFactory(full_name="Olive Officer")
    MembershipFactory(user=officer, organisation=la, role=Role.LA_OFFICER)
    senco = UserFactory(full_name="Sally Senco")
    MembershipFactory(user=senco, organisation=school.organisation, role=Role.SCHOOL_USER)
    first_day = timezone.localdate() - dt.timedelta(days=9)

    sign_in(page, live_server, officer)
    page.goto(live_server.url + reverse("placements:pupil-detail", args=[pupil.pk]))
    page.get_by_role("link", name="Record an exclusion or suspension").click()
    expect(page.get_by_role("heading", name="Record an exclusion or suspension")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Suspension", exact=True).check()
    page.get_by_label("Length of the suspension in school days").fill("0")
    _fill_date(page, "first_day", first_day)
    page.get_by_label("Reason").select_option("PD")
    page.get_by_role("button", name="Record the exclusion").click()
    expect(page.get_by_role("link", name="A suspension must last at least 1 school day")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Permanent exclusion", exact=True).check()
    page.get_by_label("Length of the suspension in school days").fill("")
    page.get_by_role("button", name="Record the exclusion").click()
    expect(page.get_by_text("Permanent exclusion recorded for Kai Fletcher")).to_be_visible()
    expect(page.get_by_text("Day-6 provision after a permanent exclusion")).to_be_visible()
    assert_no_axe_violations(page)

    open_page(page, live_server.url + reverse("placements:pupil-detail", args=[pupil.pk]), heading="Kai Fletcher")
    expect(page.get_by_role("table", name="Statutory deadlines")).to_be_visible()

    open_page(page, live_server.url + reverse("placements:deadline-task-list"), heading="Deadlines")
    expect(page.get_by_role("link", name="Kai Fletcher")).to_be_visible()

    deadline = Deadline.objects.get(pupil=pupil, kind="day6_permanent")
    Reminder.objects.create(deadline=deadline, recipient=officer, stage="overdue", batch="0" * 32)
    open_page(page, live_server.url + reverse("placements:notification-list"), heading="Notifications")
    expect(page.get_by_text("1 unread")).to_be_visible()
    page.get_by_role("link", name="Overdue: day-6 provision after a permanent exclusion for Kai Fletcher").click()
    expect(page.get_by_role("link", name="Arrange a placement")).to_be_visible()
    assert_heading(page, "Day-6 provision after a permanent exclusion")
    assert_no_axe_violations(page)

    open_page(page, live_server.url + reverse("placements:dashboard"), heading="Alternative provision today")
    expect(page.get_by_role("heading", name="Statutory duties met from day 6", exact=False)).to_be_visible()

    exclusion = deadline.exclusion
    open_page(
        page,
        live_server.url + reverse("placements:exclusion-off-roll", args=[exclusion.pk]),
        heading="When did the pupil come off Applegate Academy's roll?",
    )


def test_a_senco_records_a_health_absence(page, live_server):
    la = LocalAuthorityFactory(name="Wessex County Council", la_code="801")
    school = SchoolFactory(organisation__name="Applegate Academy", organisation__local_authority=la)
    pupil = PupilFactory(home_school=school, legal_first_name="Noah", legal_last_name="Garside")
    senco = UserFactory(full_name="Sally Senco")
    MembershipFactory(user=senco, organisation=school.organisation, role=Role.SCHOOL_USER)

    sign_in(page, live_server, senco)
    open_page(
        page,
        live_server.url + reverse("placements:health-absence-create", args=[pupil.pk]),
        heading="Record an absence for health reasons",
    )
    page.get_by_role("button", name="Record the absence").click()
    expect(page.get_by_role("link", name="Enter the number of school days absent")).to_be_visible()
    assert_no_axe_violations(page)
    _fill_date(page, "first_day", timezone.localdate() - dt.timedelta(days=30))
    page.get_by_label("School days absent").fill("18")
    page.get_by_role("button", name="Record the absence").click()
    expect(page.get_by_text("Health absence recorded for Noah Garside")).to_be_visible()
    expect(page.get_by_text("Education for a pupil absent for health reasons")).to_be_visible()
    assert_no_axe_violations(page)
    open_page(page, live_server.url + reverse("core:home"), heading="Welcome, Sally")
    expect(page.get_by_role("heading", name="Deadlines", exact=True)).to_be_visible()


def test_a_provider_follows_its_expiring_document_from_home_to_the_upload(page, live_server):
    from placements.services.provider_deadlines import provider_deadlines_refresh
    from tests.providers.factories import ComplianceDocumentFactory, ProviderFactory

    la = LocalAuthorityFactory(name="Wessex County Council", la_code="801")
    provider = ProviderFactory(organisation__name="Riverside Learning Centre", organisation__local_authority=la)
    ComplianceDocumentFactory(provider=provider, expires_on=timezone.localdate() + dt.timedelta(days=1))
    provider_deadlines_refresh(provider_ids=[provider.pk])
    user = UserFactory(full_name="Pat Provider")
    MembershipFactory(user=user, organisation=provider.organisation, role=Role.PROVIDER_USER)

    sign_in(page, live_server, user)
    open_page(page, live_server.url + reverse("core:home"), heading="Welcome, Pat")
    expect(page.get_by_role("heading", name="Deadlines", exact=True)).to_be_visible()
    open_page(page, live_server.url + reverse("placements:deadline-task-list"))
    expect(page.get_by_role("link", name="Riverside Learning Centre")).to_be_visible()
    page.get_by_role("link", name="Compliance document expires").click()
    expect(page).to_have_url(live_server.url + reverse("providers:document-add", args=[provider.pk]))
