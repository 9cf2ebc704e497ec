"""The registration test computed from placements (Education and Skills Act 2008 s.92; issue 3,
item 5): a non-school provider teaching full-time 5 pupils of compulsory school age, or 1 with an
EHCP or looked after, must register as an independent school."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apcommission.core.compiled import answered
from apcommission.core.scoping import scope_for
from placements.models import AttendancePattern, PlacementStatus, SenStatus
from placements.selectors import provider_registration_inputs
from providers.choices import ProviderType, RegistrationStatus
from providers.selectors import home_panels, registration_warning, registration_warnings
from providers.services import registration_counts_refresh
from tests.placements.factories import TODAY, PlacementFactory
from tests.providers.factories import ProviderFactory, SiteFactory

YEAR_9_IN_2026 = dt.date(2013, 1, 15)
YEAR_12_IN_2026 = dt.date(2010, 1, 15)  # 16 in 2026/27: past compulsory school age
MUST_REGISTER = "Must register as an independent school"


@pytest.fixture
def non_school_ap(la):
    return ProviderFactory(
        organisation__name="Meadow Bank Outdoor Learning",
        organisation__local_authority=la,
        provider_type=ProviderType.NON_SCHOOL_AP,
    )


def _place(provider, school, n=1, *, on=TODAY, **kwargs):
    """n pupils of the school placed with the provider, full-time and active on `on` unless told."""
    pupil = {key.removeprefix("pupil__"): kwargs.pop(key) for key in list(kwargs) if key.startswith("pupil__")}
    site = kwargs.pop("site", None) or SiteFactory(provider=provider)
    defaults = {
        "status": PlacementStatus.ACTIVE,
        "attendance_pattern": AttendancePattern.FULL_TIME,
        "sessions_per_week": 10,
        "start_date": on - dt.timedelta(days=10),
        "end_date": on + dt.timedelta(days=50),
    }
    return [
        PlacementFactory(
            site=site,
            pupil__home_school=school,
            **{f"pupil__{k}": v for k, v in ({"date_of_birth": YEAR_9_IN_2026} | pupil).items()},
            **(defaults | kwargs),
        )
        for _ in range(n)
    ]


def test_four_full_time_pupils_do_not_make_a_non_school_provider_register(non_school_ap, school_a):
    _place(non_school_ap, school_a, 4)
    warning = registration_warning(provider=non_school_ap, on=TODAY)
    assert not warning.must_register
    assert warning.counts.full_time == 4


def test_five_full_time_pupils_make_a_non_school_provider_register(non_school_ap, school_a):
    _place(non_school_ap, school_a, 5)
    warning = registration_warning(provider=non_school_ap, on=TODAY)
    assert warning.must_register
    assert "5 full-time pupils of compulsory school age" in warning.reason


def test_one_looked_after_full_time_pupil_makes_a_non_school_provider_register(non_school_ap, school_a):
    _place(non_school_ap, school_a, 1, pupil__looked_after=True)
    assert registration_warning(provider=non_school_ap, on=TODAY).must_register


def test_one_full_time_pupil_with_an_ehcp_makes_a_non_school_provider_register(non_school_ap, school_a):
    _place(non_school_ap, school_a, 1, pupil__sen_status=SenStatus.EHCP)
    assert registration_warning(provider=non_school_ap, on=TODAY).must_register


def test_part_time_pupils_do_not_count(non_school_ap, school_a):
    # 7 sessions × 2.5 hours = 17.5 hours a week: under the 18-hour threshold.
    _place(non_school_ap, school_a, 6, attendance_pattern=AttendancePattern.PART_TIME, sessions_per_week=7)
    _place(
        non_school_ap,
        school_a,
        1,
        attendance_pattern=AttendancePattern.PART_TIME,
        sessions_per_week=4,
        pupil__sen_status=SenStatus.EHCP,
        pupil__looked_after=True,
    )
    warning = registration_warning(provider=non_school_ap, on=TODAY)
    assert not warning.must_register
    assert warning.counts.full_time == 0


def test_a_part_time_pattern_of_eighteen_hours_or_more_counts_as_full_time(non_school_ap, school_a):
    # 8 sessions × 2.5 hours = 20 hours a week.
    _place(non_school_ap, school_a, 5, attendance_pattern=AttendancePattern.PART_TIME, sessions_per_week=8)
    assert registration_warning(provider=non_school_ap, on=TODAY).must_register


def test_full_time_hours_come_from_the_settings(settings, non_school_ap, school_a):
    _place(non_school_ap, school_a, 5, attendance_pattern=AttendancePattern.PART_TIME, sessions_per_week=6)
    assert not registration_warning(provider=non_school_ap, on=TODAY).must_register  # 15 hours
    settings.PROVIDERS_FULL_TIME_HOURS_PER_WEEK = "15"
    assert registration_warning(provider=non_school_ap, on=TODAY).must_register
    settings.PROVIDERS_FULL_TIME_HOURS_PER_WEEK = "18"
    settings.PLACEMENTS_HOURS_PER_SESSION = "3"  # 6 sessions × 3 hours = 18
    assert registration_warning(provider=non_school_ap, on=TODAY).must_register


def test_pupils_over_compulsory_school_age_do_not_count(non_school_ap, school_a):
    _place(non_school_ap, school_a, 6, pupil__date_of_birth=YEAR_12_IN_2026, key_stage="ks5")
    _place(non_school_ap, school_a, 1, pupil__date_of_birth=YEAR_12_IN_2026, pupil__looked_after=True)
    assert not registration_warning(provider=non_school_ap, on=TODAY).must_register


@pytest.mark.parametrize(
    "provider_type",
    [
        ProviderType.PRU,
        ProviderType.AP_ACADEMY,
        ProviderType.AP_FREE_SCHOOL,
        ProviderType.INDEPENDENT_SCHOOL,
        ProviderType.REGISTERED_INDEPENDENT_AP,
        ProviderType.SPECIAL,
        ProviderType.FE_COLLEGE,
        ProviderType.LA_TUITION,
        ProviderType.HOSPITAL,
    ],
)
def test_schools_colleges_and_the_las_own_services_never_get_the_warning(la, school_a, provider_type):
    school = ProviderFactory(organisation__local_authority=la, provider_type=provider_type)
    _place(school, school_a, 6)
    _place(school, school_a, 1, pupil__sen_status=SenStatus.EHCP, pupil__looked_after=True)
    assert not registration_warning(provider=school, on=TODAY).must_register


def test_only_booked_and_active_placements_on_the_day_count(non_school_ap, school_a):
    _place(non_school_ap, school_a, 1, status=PlacementStatus.ENDED, pupil__looked_after=True)
    _place(non_school_ap, school_a, 1, status=PlacementStatus.APPROVED, pupil__looked_after=True)
    _place(non_school_ap, school_a, 1, status=PlacementStatus.WAITING_LIST, pupil__looked_after=True)
    later = TODAY + dt.timedelta(days=30)
    _place(
        non_school_ap, school_a, 1, start_date=later, end_date=later + dt.timedelta(days=30), pupil__looked_after=True
    )
    assert not registration_warning(provider=non_school_ap, on=TODAY).must_register
    assert registration_warning(provider=non_school_ap, on=later).must_register
    _place(non_school_ap, school_a, 1, status=PlacementStatus.BOOKED, pupil__looked_after=True)
    assert registration_warning(provider=non_school_ap, on=TODAY).must_register


def test_one_pupil_at_two_sites_of_a_provider_counts_once_with_the_hours_added(non_school_ap, school_a):
    for placement in _place(
        non_school_ap, school_a, 5, attendance_pattern=AttendancePattern.PART_TIME, sessions_per_week=4
    ):
        PlacementFactory(
            pupil=placement.pupil,
            site=SiteFactory(provider=non_school_ap),
            status=PlacementStatus.ACTIVE,
            attendance_pattern=AttendancePattern.PART_TIME,
            sessions_per_week=4,
            start_date=placement.start_date,
            end_date=placement.end_date,
        )
    pupils = provider_registration_inputs(provider=non_school_ap, on=TODAY)
    assert len(pupils) == 5
    assert {p.hours_per_week for p in pupils} == {20}
    assert registration_warning(provider=non_school_ap, on=TODAY).must_register


def test_placements_at_another_provider_do_not_count(la, non_school_ap, school_a):
    other = ProviderFactory(organisation__local_authority=la, provider_type=ProviderType.NON_SCHOOL_AP)
    _place(other, school_a, 5)
    flags = registration_warnings(providers=[non_school_ap, other], on=TODAY)
    assert not flags[non_school_ap.pk].must_register
    assert flags[other.pk].must_register


@pytest.mark.parametrize("size", [3, 15])
def test_registration_warnings_for_many_providers_take_two_queries(la, school_a, size, django_assert_num_queries):
    providers = [
        ProviderFactory(organisation__local_authority=la, provider_type=ProviderType.NON_SCHOOL_AP) for _ in range(size)
    ]
    for provider in providers:
        _place(provider, school_a, 2)
    _place(providers[0], school_a, 1, pupil__looked_after=True)
    with django_assert_num_queries(2):  # the stored counts of the day (none yet), then the pupils
        flags = registration_warnings(providers=providers, on=TODAY)
    assert [flags[p.pk].must_register for p in providers] == [True] + [False] * (size - 1)
    registration_counts_refresh(on=TODAY)
    with django_assert_num_queries(1):  # the stored counts only
        stored = registration_warnings(providers=providers, on=TODAY)
    assert [stored[p.pk].must_register for p in providers] == [True] + [False] * (size - 1)


# --- the pages ---


def _today_placements(provider, school, n=1, **kwargs):
    return _place(provider, school, n, on=timezone.localdate(), **kwargs)


def test_officer_sees_the_warning_with_its_reason_on_the_provider_page(client, non_school_ap, school_a, la_officer):
    _today_placements(non_school_ap, school_a, 1, pupil__looked_after=True)
    client.force_login(la_officer)
    page = client.get(reverse("providers:detail", args=[non_school_ap.pk])).content.decode()
    assert "govuk-warning-text" in page and MUST_REGISTER in page
    assert "1 full-time pupil(s) with an EHCP or looked after" in page


def test_the_provider_page_reads_the_days_stored_counts_with_its_lists(
    client, non_school_ap, school_a, la_officer, django_assert_num_queries
):
    _today_placements(non_school_ap, school_a, 5)
    registration_counts_refresh(on=timezone.localdate())
    client.force_login(la_officer)
    url = reverse("providers:detail", args=[non_school_ap.pk])
    client.get(url)
    # The session and the user, the provider, then its lists with the counts and the audit entry:
    # one statement on PostgreSQL (core.compiled._writes_in_a_read), two elsewhere.
    with django_assert_num_queries(4 if connection.vendor == "postgresql" else 5):
        page = client.get(url).content.decode()
    assert "govuk-warning-text" in page and MUST_REGISTER in page
    assert "5 full-time pupils of compulsory school age (the limit is 5)" in page


def test_school_sees_the_warning_but_not_the_pupil_counts(client, non_school_ap, school_b, senco_school_a):
    _today_placements(non_school_ap, school_b, 1, pupil__looked_after=True)
    client.force_login(senco_school_a)
    page = client.get(reverse("providers:detail", args=[non_school_ap.pk])).content.decode()
    assert MUST_REGISTER in page
    assert "looked after (the limit" not in page


def test_no_warning_on_the_provider_page_under_the_thresholds(client, non_school_ap, school_a, la_officer):
    _today_placements(non_school_ap, school_a, 4)
    client.force_login(la_officer)
    assert MUST_REGISTER not in client.get(reverse("providers:detail", args=[non_school_ap.pk])).content.decode()


def test_a_recorded_must_register_status_still_shows_the_warning(client, la, la_officer):
    provider = ProviderFactory(organisation__local_authority=la, registration_status=RegistrationStatus.MUST_REGISTER)
    client.force_login(la_officer)
    assert MUST_REGISTER in client.get(reverse("providers:detail", args=[provider.pk])).content.decode()


def test_register_list_tags_providers_that_must_register(client, la, non_school_ap, school_a, la_officer):
    quiet = ProviderFactory(organisation__name="Quiet Lane Tutors", organisation__local_authority=la)
    _today_placements(non_school_ap, school_a, 5)
    client.force_login(la_officer)
    page = client.get(reverse("providers:register")).content.decode()
    assert page.count(f'govuk-tag--red">{MUST_REGISTER}') == 1
    row = page.split(non_school_ap.name)[1].split("</tr>")[0]
    assert MUST_REGISTER in row
    assert MUST_REGISTER not in page.split(quiet.name)[1].split("</tr>")[0]


@pytest.mark.parametrize("size", [3, 15])
def test_register_list_with_registration_tags_keeps_constant_queries(
    client, la, school_a, la_officer, size, django_assert_max_num_queries
):
    for _ in range(size):
        provider = ProviderFactory(organisation__local_authority=la, provider_type=ProviderType.NON_SCHOOL_AP)
        _today_placements(provider, school_a, 1, pupil__looked_after=True)
    client.force_login(la_officer)
    with django_assert_max_num_queries(8):  # the page's stored counts, then counted for those not yet stored
        page = client.get(reverse("providers:register")).content.decode()
    assert page.count(f'govuk-tag--red">{MUST_REGISTER}') == size


def test_officers_home_page_has_one_summary_line_linking_to_exactly_the_flagged_providers(
    client, la, non_school_ap, school_a, la_officer, senco_school_a
):
    _today_placements(non_school_ap, school_a, 1, pupil__sen_status=SenStatus.EHCP)
    second = ProviderFactory(organisation__local_authority=la, provider_type=ProviderType.ONLINE)
    _today_placements(second, school_a, 5)
    tuition = ProviderFactory(organisation__local_authority=la, provider_type=ProviderType.LA_TUITION)
    _today_placements(tuition, school_a, 5)
    quiet = ProviderFactory(organisation__local_authority=la, provider_type=ProviderType.NON_SCHOOL_AP)
    panels = answered(home_panels(user=la_officer, scope=scope_for(la_officer)))
    lines = [link for panel in panels for link in panel["links"] if MUST_REGISTER.lower() in link["label"].lower()]
    assert [link["label"] for link in lines] == ["2 providers must register as an independent school"]
    client.force_login(la_officer)
    listed = client.get(lines[0]["url"]).content.decode()
    assert non_school_ap.name in listed and second.name in listed
    assert tuition.name not in listed and quiet.name not in listed
    school_panels = answered(home_panels(user=senco_school_a, scope=scope_for(senco_school_a)))
    assert not any("must register" in link["label"] for panel in school_panels for link in panel["links"])


def test_the_register_never_shows_not_required_beside_must_register(client, la, non_school_ap, school_a, la_officer):
    non_school_ap.registration_status = RegistrationStatus.NOT_REQUIRED
    non_school_ap.save()
    _today_placements(non_school_ap, school_a, 1, pupil__looked_after=True)
    client.force_login(la_officer)
    row = client.get(reverse("providers:register")).content.decode().split(non_school_ap.name)[1].split("</tr>")[0]
    assert MUST_REGISTER in row
    assert "Registration not required" not in row
