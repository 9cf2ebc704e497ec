"""A SENCO corrects a pupil's record: a future date of birth is refused with a GOV.UK error, then
the corrected details are saved. The pages meet WCAG 2.2 AA (axe)."""

import datetime as dt

from django.urls import reverse
from playwright.sync_api import expect

from apcommission.core.models import Role
from placements.models import Pupil
from tests.browser.helpers import assert_no_axe_violations, sign_in
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.placements.factories import PupilFactory


def _fill_date(page, prefix, day):
    page.locator(f'input[name="{prefix}_0"]').fill(str(day.day))
    page.locator(f'input[name="{prefix}_1"]').fill(str(day.month))
    page.locator(f'input[name="{prefix}_2"]').fill(str(day.year))


def test_senco_corrects_a_pupils_record(page, live_server):
    la = LocalAuthorityFactory(name="Wessex County Council", la_code="801")
    school = SchoolFactory(organisation__name="Applegate Academy", organisation__local_authority=la)
    pupil = PupilFactory(home_school=school, legal_first_name="Kai", legal_last_name="Fletcher")
    senco = UserFactory(full_name="Sally Senco")
    MembershipFactory(user=senco, organisation=school.organisation, role=Role.SCHOOL_USER)

    sign_in(page, live_server, senco)
    page.goto(live_server.url + reverse("placements:pupil-detail", args=[pupil.pk]))
    page.get_by_role("link", name="Change Kai Fletcher's details").click()
    expect(page.get_by_role("heading", name="Change the pupil's details")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Preferred first name (optional)").fill("Kit")
    _fill_date(page, "date_of_birth", dt.date.today() + dt.timedelta(days=3))
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("link", name="Date of birth must be in the past")).to_be_visible()
    assert_no_axe_violations(page)
    assert Pupil.objects.get(pk=pupil.pk).preferred_first_name == ""

    _fill_date(page, "date_of_birth", dt.date(2012, 11, 3))
    page.get_by_label("Education, health and care plan (EHCP)").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("The pupil's details have been saved")).to_be_visible()
    expect(page.get_by_text("Kit Fletcher")).to_be_visible()
    assert_no_axe_violations(page)
    pupil.refresh_from_db()
    assert (pupil.preferred_first_name, pupil.date_of_birth, pupil.sen_status) == ("Kit", dt.date(2012, 11, 3), "ehcp")
