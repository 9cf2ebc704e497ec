"""The statutory clock: day 6 of a permanent exclusion (the LA's duty), day 6 of back-to-back
suspensions (the school's), the governing board's 15 days, and the 15-day health-needs duty,
counted on the excluding school's own calendar."""

import datetime as dt

import pytest

from apcommission.core.models import ClosureDay, Role, SchoolType, TermDate
from placements.models import Deadline, DeadlineKind, DeadlineStatus, DutyHolder, ExclusionKind, PlacementStatus
from placements.services import placement_book
from placements.services.exclusions import (
    ExclusionDetails,
    HealthAbsenceDetails,
    exclusion_record,
    health_absence_record,
)
from tests.core.test_calendars import ACADEMY_2026, LA_2026, _enter_terms
from tests.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.placements.factories import PlacementFactory, PupilFactory
from tests.providers.factories import SiteCapacityFactory

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def hopwood(la):
    school = SchoolFactory(organisation__name="Hopwood Community School", organisation__local_authority=la)
    _enter_terms(la, LA_2026)
    return school


@pytest.fixture
def vale(la, hopwood):
    school = SchoolFactory(
        organisation__name="Vale Academy", organisation__local_authority=la, school_type=SchoolType.ACADEMY
    )
    _enter_terms(la, ACADEMY_2026, school=school)
    return school


def exclude(user, school, first_day, *, days=None, pupil=None, today=None):
    pupil = pupil or PupilFactory(home_school=school)
    kind = ExclusionKind.SUSPENSION if days else ExclusionKind.PERMANENT
    exclusion, warning = exclusion_record(
        user=user,
        details=ExclusionDetails(
            pupil=pupil, school=school, kind=kind, first_day=first_day, school_days=days, reason="PD"
        ),
        today=today or first_day,
    )
    return exclusion, warning


def day6(pupil):
    return Deadline.objects.get(pupil=pupil, kind__in=[DeadlineKind.DAY6_PERMANENT, DeadlineKind.DAY6_SUSPENSION])


def test_day_6_of_a_permanent_exclusion_skips_the_weekend_and_is_the_las_duty(la_officer, hopwood):
    exclusion, warning = exclude(la_officer, hopwood, D(2026, 9, 9))  # a Wednesday
    deadline = day6(exclusion.pupil)
    assert deadline.due_on == D(2026, 9, 16)  # Wed, Thu, Fri, Mon, Tue -> Wednesday
    assert deadline.kind == DeadlineKind.DAY6_PERMANENT
    assert deadline.holder == DutyHolder.LA and deadline.holder_organisation == hopwood.organisation.local_authority
    assert deadline.status == DeadlineStatus.OPEN
    assert warning == ""


def test_day_6_skips_half_term_and_an_inset_day(la_officer, hopwood, la):
    ClosureDay.objects.create(local_authority=la, date=D(2026, 11, 2), reason="INSET day")
    exclusion, _ = exclude(la_officer, hopwood, D(2026, 10, 21))  # Wed before October half term
    # Wed 21, Thu 22, Fri 23 | half term | Mon 2 Nov INSET | Tue 3, Wed 4, Thu 5 -> day 6
    assert day6(exclusion.pupil).due_on == D(2026, 11, 5)


def test_an_inset_day_marked_as_counting_is_a_school_day(la_officer, hopwood, la):
    ClosureDay.objects.create(local_authority=la, date=D(2026, 11, 2), counts_as_school_day=True)
    exclusion, _ = exclude(la_officer, hopwood, D(2026, 10, 21))
    assert day6(exclusion.pupil).due_on == D(2026, 11, 4)


def test_day_6_skips_the_may_bank_holiday(la_officer, hopwood):
    exclusion, _ = exclude(la_officer, hopwood, D(2027, 4, 27), today=D(2027, 4, 27))  # Tuesday
    # Tue 27, Wed 28, Thu 29, Fri 30 | Mon 3 May bank holiday | Tue 4, Wed 5 -> day 6
    assert day6(exclusion.pupil).due_on == D(2027, 5, 5)


def test_each_school_counts_on_its_own_calendar_over_easter(la_officer, hopwood, vale):
    at_hopwood, _ = exclude(la_officer, hopwood, D(2027, 3, 22), today=D(2027, 3, 22))
    at_vale, _ = exclude(la_officer, vale, D(2027, 3, 22), today=D(2027, 3, 22))
    # Hopwood breaks up on 25 March and returns 12 April; Vale stays open to 9 April (Good Friday
    # 26 March and Easter Monday 29 March are bank holidays) and returns 26 April.
    assert day6(at_hopwood.pupil).due_on == D(2027, 4, 13)
    assert day6(at_vale.pupil).due_on == D(2027, 3, 31)


def test_an_exclusion_starting_on_the_last_day_of_term_counts_on_into_the_next(la_officer, hopwood):
    exclusion, _ = exclude(la_officer, hopwood, D(2026, 12, 18))  # last day of autumn term
    assert day6(exclusion.pupil).due_on == D(2027, 1, 8)  # 18 Dec, then 4-8 January


def test_an_exclusion_dated_on_a_non_school_day_is_accepted_with_a_warning(la_officer, hopwood):
    exclusion, warning = exclude(la_officer, hopwood, D(2026, 10, 24))  # Saturday in half term
    assert "Saturday 24 October 2026 is not a school day at Hopwood Community School" in warning
    assert "day 1 is counted from Monday 2 November 2026" in warning
    assert day6(exclusion.pupil).due_on == D(2026, 11, 9)


def test_a_permanent_exclusion_gives_the_governing_board_15_school_days_for_information(la_officer, hopwood):
    exclusion, _ = exclude(la_officer, hopwood, D(2026, 9, 9))
    governors = Deadline.objects.get(pupil=exclusion.pupil, kind=DeadlineKind.GOVERNORS)
    assert governors.due_on == D(2026, 9, 29)
    assert governors.status == DeadlineStatus.FOR_INFORMATION
    assert governors.holder == DutyHolder.SCHOOL


def test_a_suspension_of_exactly_5_days_gives_no_duty(la_officer, hopwood):
    exclusion, _ = exclude(la_officer, hopwood, D(2026, 9, 9), days=5)
    assert not Deadline.objects.filter(pupil=exclusion.pupil).exists()


def test_a_suspension_of_6_days_is_the_schools_duty_from_day_6(la_officer, hopwood):
    exclusion, _ = exclude(la_officer, hopwood, D(2026, 9, 9), days=6)
    deadline = day6(exclusion.pupil)
    assert deadline.kind == DeadlineKind.DAY6_SUSPENSION
    assert deadline.holder == DutyHolder.SCHOOL and deadline.holder_organisation == hopwood.organisation
    assert deadline.due_on == D(2026, 9, 16)
    assert deadline.ends_on == D(2026, 9, 16)


def test_back_to_back_suspensions_of_3_and_4_days_add_up_to_the_schools_duty(la_officer, hopwood):
    first, _ = exclude(la_officer, hopwood, D(2026, 9, 9), days=3)  # Wed, Thu, Fri
    assert not Deadline.objects.filter(pupil=first.pupil).exists()
    exclude(la_officer, hopwood, D(2026, 9, 14), days=4, pupil=first.pupil)  # Mon-Thu, back to back
    deadline = day6(first.pupil)
    assert deadline.kind == DeadlineKind.DAY6_SUSPENSION
    assert deadline.due_on == D(2026, 9, 16)
    assert deadline.starts_on == D(2026, 9, 9)
    assert "3 + 4, back to back" in deadline.detail


def test_suspensions_with_a_school_day_between_them_do_not_add_up(la_officer, hopwood):
    first, _ = exclude(la_officer, hopwood, D(2026, 9, 9), days=3)
    exclude(la_officer, hopwood, D(2026, 9, 15), days=4, pupil=first.pupil)  # Monday 14th in school
    assert not Deadline.objects.filter(pupil=first.pupil).exists()


def test_a_suspension_back_to_back_across_half_term_still_adds_up(la_officer, hopwood):
    first, _ = exclude(la_officer, hopwood, D(2026, 10, 21), days=3)  # Wed-Fri before half term
    exclude(la_officer, hopwood, D(2026, 11, 2), days=3, pupil=first.pupil)  # first day back
    assert day6(first.pupil).due_on == D(2026, 11, 4)


def absent(user, school, pupil, first_day, days, today=None):
    return health_absence_record(
        user=user,
        details=HealthAbsenceDetails(pupil=pupil, school=school, first_day=first_day, school_days=days),
        today=today or first_day,
    )


def test_more_than_15_consecutive_days_of_health_absence_is_the_las_duty_from_day_16(la_officer, hopwood):
    pupil = PupilFactory(home_school=hopwood)
    absent(la_officer, hopwood, pupil, D(2026, 9, 7), 15)
    assert not Deadline.objects.filter(pupil=pupil).exists()  # exactly 15: not yet
    other = PupilFactory(home_school=hopwood)
    absent(la_officer, hopwood, other, D(2026, 9, 7), 20)
    deadline = Deadline.objects.get(pupil=other)
    assert deadline.kind == DeadlineKind.HEALTH and deadline.holder == DutyHolder.LA
    assert deadline.due_on == D(2026, 9, 28)  # 7 Sep is day 1; 15 school days end on 25 Sep
    assert "consecutive" in deadline.detail


def test_health_absences_add_up_across_the_academic_year(la_officer, hopwood):
    pupil = PupilFactory(home_school=hopwood)
    absent(la_officer, hopwood, pupil, D(2026, 9, 7), 10)
    assert not Deadline.objects.filter(pupil=pupil).exists()
    absent(la_officer, hopwood, pupil, D(2026, 11, 2), 8, today=D(2026, 11, 2))
    deadline = Deadline.objects.get(pupil=pupil)
    assert deadline.due_on == D(2026, 11, 9)  # 10 + 5 = 15 by Fri 6 Nov; day 16 is Mon 9 Nov
    assert "cumulative over 2 absences" in deadline.detail


def test_health_absences_in_different_academic_years_do_not_add_up(la_officer, hopwood):
    pupil = PupilFactory(home_school=hopwood)
    absent(la_officer, hopwood, pupil, D(2026, 7, 1), 10, today=D(2026, 9, 1))
    absent(la_officer, hopwood, pupil, D(2026, 9, 7), 10)
    assert not Deadline.objects.filter(pupil=pupil).exists()


def book_as_its_provider(placement):
    """Accepting a placement is the provider's own step."""
    staff = UserFactory()
    MembershipFactory(user=staff, organisation=placement.provider.organisation, role=Role.PROVIDER_USER)
    return placement_book(user=staff, placement=placement)


def test_provision_starting_by_day_6_meets_the_duty(la_officer, hopwood):
    exclusion, _ = exclude(la_officer, hopwood, D(2026, 9, 9))
    placement = PlacementFactory(pupil=exclusion.pupil, start_date=D(2026, 9, 16), end_date=D(2026, 12, 18))
    SiteCapacityFactory(site=placement.site, key_stage="ks3", places=5)
    book_as_its_provider(placement)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.BOOKED
    deadline = day6(exclusion.pupil)
    assert deadline.status == DeadlineStatus.MET and deadline.met_on == D(2026, 9, 16)


def test_provision_starting_late_misses_the_duty_by_a_count_of_school_days(la_officer, hopwood):
    exclusion, _ = exclude(la_officer, hopwood, D(2026, 10, 21))  # day 6 is Wed 4 November
    placement = PlacementFactory(pupil=exclusion.pupil, start_date=D(2026, 11, 9), end_date=D(2026, 12, 18))
    SiteCapacityFactory(site=placement.site, key_stage="ks3", places=5)
    book_as_its_provider(placement)
    deadline = day6(exclusion.pupil)
    assert deadline.status == DeadlineStatus.MISSED
    assert deadline.school_days_late == 3  # Wed 4, Thu 5, Fri 6 November without provision


def test_a_later_suspension_recorded_before_an_existing_one_moves_the_duty(la_officer, hopwood):
    second, _ = exclude(la_officer, hopwood, D(2026, 9, 14), days=4)
    exclude(la_officer, hopwood, D(2026, 9, 9), days=3, pupil=second.pupil)
    assert Deadline.objects.filter(pupil=second.pupil, status=DeadlineStatus.OPEN).count() == 1
    assert day6(second.pupil).starts_on == D(2026, 9, 9)


def test_term_dates_missing_are_flagged_as_estimated(la_officer, la):
    school = SchoolFactory(organisation__local_authority=la)
    exclusion, _ = exclude(la_officer, school, D(2026, 9, 9))
    assert day6(exclusion.pupil).is_estimated
    assert TermDate.objects.count() == 0


def test_day6_figures_count_met_missed_and_due_by_route_and_holder(la_officer, hopwood, la):
    from placements.selectors import day6_duties_met

    met, _ = exclude(la_officer, hopwood, D(2026, 9, 9))
    late, _ = exclude(la_officer, hopwood, D(2026, 9, 9))
    overdue, _ = exclude(la_officer, hopwood, D(2026, 9, 9), days=8)  # the school's, no provision
    exclude(la_officer, hopwood, D(2026, 11, 2))  # day 6 after "today": still to come
    exclude(la_officer, hopwood, D(2026, 9, 9), days=5)  # no duty at all
    Deadline.objects.filter(pupil=met.pupil, kind="day6_permanent").update(
        status="met", met_on=D(2026, 9, 16), provision_school_day=6
    )
    Deadline.objects.filter(pupil=late.pupil, kind="day6_permanent").update(
        status="missed", met_on=D(2026, 9, 18), school_days_late=2, provision_school_day=8
    )
    figures = day6_duties_met(local_authority_id=la.pk, start=D(2026, 9, 1), end=D(2027, 8, 31), today=D(2026, 10, 1))
    assert (figures.total.met, figures.total.missed, figures.total.due) == (1, 2, 1)
    assert str(figures.percent_met) == "33.3"
    assert figures.by_holder["Local authority"].met == 1 and figures.by_holder["Local authority"].missed == 1
    assert figures.by_holder["School"].missed == 1
    assert figures.by_kind["Day-6 provision during a suspension"].missed == 1
    assert figures.median_school_days_to_provision == 7


def test_term_dates_entered_later_move_an_open_deadline_at_the_nightly_refresh(la_officer, la):
    from placements.services.deadlines import deadlines_refresh_open

    school = SchoolFactory(organisation__local_authority=la)
    exclusion, _ = exclude(la_officer, school, D(2026, 10, 21))
    assert day6(exclusion.pupil).due_on == D(2026, 10, 28)  # estimated: no half term known
    _enter_terms(la, LA_2026)
    assert deadlines_refresh_open(today=D(2026, 10, 21)) == 1
    deadline = day6(exclusion.pupil)
    assert deadline.due_on == D(2026, 11, 4) and not deadline.is_estimated
